"""Email delivery against a real SMTP server on loopback: up, down, and hanging up."""

import pytest
from django.core.management import call_command

from appointments.models import AppointmentRequest
from tests.helpers import submit
from tools.servers import free_port, hanging_up_mail_server, smtp_server

pytestmark = [pytest.mark.live, pytest.mark.django_db]


@pytest.fixture
def smtp_settings(settings):
    def point_at(port):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_TIMEOUT = 2

    return point_at


def submit_and_notify(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client)
    assert response.status_code == 302
    assert response["Location"] == "/request-appointment/thanks/"
    return AppointmentRequest.objects.get()


def test_notifications_are_delivered_when_the_mail_server_is_up(
    client, smtp_settings, django_capture_on_commit_callbacks
):
    with smtp_server() as (port, messages):
        smtp_settings(port)
        stored = submit_and_notify(client, django_capture_on_commit_callbacks)
    assert sorted(m.rcpt_tos[0] for m in messages) == ["frontdesk@clinic.test", "maria@example.com"]
    assert all(b"Maria" not in m.content and b"Lopez" not in m.content for m in messages)
    stored.refresh_from_db()
    assert stored.staff_notified_at is not None
    assert stored.acknowledged_at is not None


@pytest.mark.parametrize("outage", ["down", "hangs up"])
def test_request_is_kept_and_flagged_then_delivered_later(
    client, smtp_settings, django_capture_on_commit_callbacks, outage
):
    if outage == "down":
        smtp_settings(free_port())  # nothing listens there
        stored = submit_and_notify(client, django_capture_on_commit_callbacks)
    else:
        with hanging_up_mail_server() as port:
            smtp_settings(port)
            stored = submit_and_notify(client, django_capture_on_commit_callbacks)
    stored.refresh_from_db()
    assert stored.staff_notified_at is None
    assert stored.acknowledged_at is None

    with smtp_server() as (port, messages):
        smtp_settings(port)
        call_command("send_pending_notifications")
    stored.refresh_from_db()
    assert stored.staff_notified_at is not None
    assert stored.acknowledged_at is not None
    assert sorted(m.rcpt_tos[0] for m in messages) == ["frontdesk@clinic.test", "maria@example.com"]
