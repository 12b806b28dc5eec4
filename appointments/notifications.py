"""Emails about appointment requests. None of them carries the patient's details.

Staff get "a new request arrived", its reference and a link to it in admin; the
patient may get a short acknowledgement with the reference and no health details.
A failure is logged without patient data and left for ``send_pending_notifications``.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from appointments.models import AppointmentRequest
from practice.clinic import Clinic
from practice.translation import InEnglish

logger = logging.getLogger(__name__)

# The reference in the subject keeps mail programs from threading a busy morning's
# requests into one conversation; it is no patient data.
STAFF_SUBJECT = "New appointment request {reference}"
ACKNOWLEDGEMENT_SUBJECT = gettext_lazy("We received your appointment request")


def notify(pk):
    """Send whatever is still owed for one request. Never raises.

    Returns whether nothing is owed any more (False while the mail server fails).
    """
    appointment_request = AppointmentRequest.objects.filter(pk=pk).first()
    if appointment_request is None or appointment_request.is_suspected_spam:
        return True
    staff_told = (
        appointment_request.staff_notified_at is not None
        # The practice may rely on the daily digest instead of one e-mail per request.
        or not settings.STAFF_NOTIFY_EACH_REQUEST
        or notify_staff(appointment_request)
    )
    patient_told = (
        not appointment_request.acknowledgement_due
        or appointment_request.acknowledged_at is not None
        or acknowledge_patient(appointment_request)
    )
    return staff_told and patient_told


def notify_staff(appointment_request):
    admin_path = reverse("admin:appointments_appointmentrequest_change", args=[appointment_request.pk])
    body = render_to_string(
        "emails/staff_notification.txt",
        {"reference": appointment_request.reference, "admin_url": settings.SITE_URL + admin_path},
    )
    subject = STAFF_SUBJECT.format(reference=appointment_request.reference)
    if _send(appointment_request, "staff notification", subject, body, settings.STAFF_NOTIFICATION_EMAILS):
        _stamp(appointment_request, "staff_notified_at")
        return True
    return False


def response_promise():
    """When the practice promises to call, in the active language (on a Spanish page with
    no Spanish words set, the English ones, marked as English)."""
    if translation.get_language() != "es":
        return settings.APPOINTMENT_RESPONSE_PROMISE
    return settings.APPOINTMENT_RESPONSE_PROMISE_ES or InEnglish(settings.APPOINTMENT_RESPONSE_PROMISE)


def acknowledge_patient(appointment_request):
    # In the language the patient reads, whichever page sends it (or the retry command).
    with translation.override(appointment_request.reads_language):
        subject = str(ACKNOWLEDGEMENT_SUBJECT)
        body = render_to_string(
            "emails/patient_acknowledgement.txt",
            {
                "reference": appointment_request.reference,
                "clinic": Clinic.from_settings(),
                "promise": response_promise(),
            },
        )
    if _send(appointment_request, "acknowledgement", subject, body, [appointment_request.email]):
        _stamp(appointment_request, "acknowledged_at")
        return True
    return False


def _send(appointment_request, kind, subject, body, recipients):
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except Exception as error:  # noqa: BLE001 - any failure of the mail server must be survived
        # The exception's text can name the recipient (the patient's address), so
        # only its type is logged.
        logger.warning(
            "Could not send the %s for appointment request %s (%s); it will be retried",
            kind,
            appointment_request.reference,
            type(error).__name__,
        )
        return False
    return True


def _stamp(appointment_request, field):
    # A queryset update: a stamp by the site is not a staff change for the history.
    now = timezone.now()
    AppointmentRequest.objects.filter(pk=appointment_request.pk).update(**{field: now})
    setattr(appointment_request, field, now)
