from django.urls import path

from appointments import views

app_name = "appointments"

urlpatterns = [
    path("request-appointment/", views.AppointmentRequestView.as_view(), name="request"),
    path("request-appointment/thanks/", views.ThanksView.as_view(), name="thanks"),
]
