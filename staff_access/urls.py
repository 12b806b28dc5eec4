from django.urls import path

from staff_access import views

app_name = "staff_access"

urlpatterns = [
    path("verify/", views.VerifyView.as_view(), name="verify"),
    path("set-up-code/", views.SetUpCodeView.as_view(), name="set_up_code"),
    path("enrol/", views.EnrolView.as_view(), name="enrol"),
    path("recovery-codes/", views.RecoveryCodesView.as_view(), name="recovery_codes"),
]
