from django.urls import path
from django.utils.translation import pgettext_lazy

from appointments import views

app_name = "appointments"

urlpatterns = [
    path(
        pgettext_lazy("URL path", "request-appointment/"),
        views.AppointmentRequestView.as_view(),
        name="request",
    ),
    path(pgettext_lazy("URL path", "request-appointment/thanks/"), views.ThanksView.as_view(), name="thanks"),
]
