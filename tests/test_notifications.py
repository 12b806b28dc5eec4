"""Store first, notify after: emails carry no patient data and a mail failure loses nothing."""

import smtplib
from unittest import mock

import pytest
from django.core.management import call_command

from appointments.models import AppointmentRequest
from tests.helpers import PATIENT_VALUES, submit


@pytest.mark.django_db
def test_staff_email_holds_the_reference_and_admin_link_and_nothing_else(
    client, mailoutbox, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(client)
    request = AppointmentRequest.objects.get()
    staff_email = next(m for m in mailoutbox if m.to == ["frontdesk@clinic.test"])
    # One subject per request, so mail programs do not thread a busy morning into one.
    assert staff_email.subject == f"New appointment request {request.reference}"
    assert request.reference in staff_email.body
    assert (
        f"{settings.SITE_URL}/admin/appointments/appointmentrequest/{request.pk}/change/" in staff_email.body
    )
    for value in PATIENT_VALUES:
        assert value not in staff_email.body
        assert value not in staff_email.subject
    request.refresh_from_db()
    assert request.staff_notified_at is not None


@pytest.mark.django_db
def test_patient_acknowledgement_holds_no_reason_and_no_message(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, reason="neck_pain", message="My neck hurts when I turn")
    acknowledgement = next(m for m in mailoutbox if m.to == ["maria@example.com"])
    request = AppointmentRequest.objects.get()
    assert request.reference in acknowledgement.body
    assert "(301) 555-0142" in acknowledgement.body
    for private in ("neck", "Neck", "My neck hurts", "Maria", "Lopez"):
        assert private not in acknowledgement.body
        assert private not in acknowledgement.subject
    request.refresh_from_db()
    assert request.acknowledged_at is not None


@pytest.mark.django_db
def test_no_acknowledgement_when_turned_off_or_no_email(
    client, mailoutbox, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, email="")
    settings.APPOINTMENT_ACKNOWLEDGE_PATIENT = False
    with django_capture_on_commit_callbacks(execute=True):
        submit(client)
    assert [m.to for m in mailoutbox] == [["frontdesk@clinic.test"], ["frontdesk@clinic.test"]]


@pytest.mark.django_db
def test_suspected_spam_sends_no_email(client, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, website="http://spam.example")
    assert mailoutbox == []


@pytest.mark.django_db
def test_email_is_sent_only_after_the_request_is_committed(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit(client)
    assert mailoutbox == []
    assert len(callbacks) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "failure",
    [smtplib.SMTPServerDisconnected("gone"), ConnectionRefusedError(), TimeoutError("slow")],
    ids=["disconnected", "refused", "timeout"],
)
def test_request_survives_mail_server_down(client, django_capture_on_commit_callbacks, caplog, failure):
    with (
        mock.patch("appointments.notifications.send_mail", side_effect=failure),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = submit(client)
    assert response.status_code == 302
    assert response["Location"] == "/request-appointment/thanks/"
    request = AppointmentRequest.objects.get()
    assert request.staff_notified_at is None
    assert request.reference in client.get(response["Location"]).content.decode()
    assert "will be retried" in caplog.text
    for value in PATIENT_VALUES:
        assert value not in caplog.text


@pytest.mark.django_db
def test_send_pending_notifications_sends_what_failed_earlier(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with (
        mock.patch("appointments.notifications.send_mail", side_effect=smtplib.SMTPConnectError(421, "down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        submit(client)
    request = AppointmentRequest.objects.get()
    assert request.staff_notified_at is None
    assert mailoutbox == []

    call_command("send_pending_notifications")

    request.refresh_from_db()
    assert request.staff_notified_at is not None
    assert request.acknowledged_at is not None
    assert sorted(m.to[0] for m in mailoutbox) == ["frontdesk@clinic.test", "maria@example.com"]
    # Nothing is sent twice.
    call_command("send_pending_notifications")
    assert len(mailoutbox) == 2


@pytest.mark.django_db
def test_send_pending_notifications_fails_loudly_while_mail_is_still_down(
    client, django_capture_on_commit_callbacks, capsys
):
    with (
        mock.patch("appointments.notifications.send_mail", side_effect=OSError("down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        submit(client)
        with pytest.raises(SystemExit):
            call_command("send_pending_notifications")
    assert "Still pending: 1" in capsys.readouterr().out
