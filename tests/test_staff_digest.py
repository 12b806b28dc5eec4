"""One useful e-mail a day instead of one per request: counts only, sent once, retried on failure."""

import io
import smtplib
from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from appointments.clinic_time import end_of_day
from appointments.models import StaffDigest
from tests.helpers import PATIENT_VALUES, an_appointment, front_desk_user, make_request, submit


@pytest.fixture
def busy_queue(db):
    """Two new requests (one overdue, owned by Amina Diallo), one contacted and due later
    today for Bo Chen, one scheduled, one suspected spam."""
    amina, bo = front_desk_user("amina", "Amina Diallo"), front_desk_user("bo", "Bo Chen")
    now = timezone.now()
    overdue = make_request(received_at=now - timedelta(days=6), first_name="Zoë", last_name="Ångström")
    overdue.assign(amina, by=amina)
    make_request()
    contacted = make_request()
    contacted.record_call("reached", by=bo, call_back_at=end_of_day(now))
    contacted.assign(bo, by=bo)
    scheduled = make_request()
    scheduled.mark_scheduled(by=bo, appointment_at=an_appointment())
    make_request(is_suspected_spam=True)
    return [overdue, contacted, scheduled]


def digest_body(mailoutbox):
    assert len(mailoutbox) == 1
    return mailoutbox[0]


# Tuesday at 10:00: the fresh new request falls due tomorrow, the contacted one tonight.
@pytest.mark.clock_at("2026-12-08 10:00")
def test_the_digest_holds_counts_and_one_link_to_admin(busy_queue, mailoutbox, settings):
    call_command("send_staff_digest", stdout=io.StringIO())
    message = digest_body(mailoutbox)
    assert message.to == ["frontdesk@clinic.test"]
    assert "2 not reached yet, 1 overdue" in message.subject
    body = message.body
    assert "Not reached yet: 2" in body
    assert "Overdue: 1" in body
    # The overdue one, the contacted one due tonight, and the new one due tomorrow is not.
    assert "Due by the end of today: 2" in body
    # Owners by the names colleagues know them by, as on the staff pages.
    assert "- Amina Diallo: 1\n- Bo Chen: 1\n- Nobody yet: 1\n" in body
    assert body.count("http") == 1
    assert f"{settings.SITE_URL}/admin/" in body


@pytest.mark.clock_at("2026-12-08 10:00")
def test_the_digest_counts_not_reached_yet_as_the_workspace_does(db, mailoutbox):
    desk = front_desk_user()
    reached_and_reopened = make_request()
    reached_and_reopened.record_call("reached", by=desk, status="closed", close_outcome="other")
    reached_and_reopened.reopen(by=desk)
    only_reached_by_mistake = make_request()
    mistake = only_reached_by_mistake.record_call("reached", by=desk)
    only_reached_by_mistake.strike_call(mistake, by=desk)
    only_emailed = make_request(email="patient@example.test")
    only_emailed.record_call("sent", by=desk, channel="email")
    call_command("send_staff_digest", stdout=io.StringIO())
    # The reopened patient was reached; the other two were not (a struck call does not
    # stand, a message sent is no answer): 2, as the workspace's "Not reached yet" says.
    assert "Not reached yet: 2\n" in digest_body(mailoutbox).body


def test_the_digest_holds_no_patient_data_and_no_reference(busy_queue, mailoutbox):
    call_command("send_staff_digest", stdout=io.StringIO())
    message = digest_body(mailoutbox)
    for appointment_request in busy_queue:
        for private in (
            appointment_request.reference,
            appointment_request.first_name,
            appointment_request.last_name,
            str(appointment_request.phone),
            appointment_request.email,
        ):
            assert private not in message.body
            assert private not in message.subject


def test_the_digest_holds_nothing_a_patient_typed_in_the_form(
    client, db, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(client)
    mailoutbox.clear()
    call_command("send_staff_digest", stdout=io.StringIO())
    message = digest_body(mailoutbox)
    for value in PATIENT_VALUES:
        assert value not in message.body
        assert value not in message.subject


def test_the_digest_is_sent_once_a_day_even_when_the_command_runs_twice(
    busy_queue, mailoutbox, clinic_moment
):
    call_command("send_staff_digest", stdout=io.StringIO())
    output = io.StringIO()
    call_command("send_staff_digest", stdout=output)
    assert len(mailoutbox) == 1
    assert "already sent" in output.getvalue()
    assert StaffDigest.objects.get().day == clinic_moment.date()


def test_due_today_in_the_digest_ends_at_the_clinics_midnight(db, mailoutbox, clinic_moment):
    from appointments.digest import send_staff_digest

    make_request(next_action_at=end_of_day(clinic_moment))
    make_request(next_action_at=end_of_day(clinic_moment) + timedelta(seconds=1))
    assert send_staff_digest()
    assert "Due by the end of today: 1" in mailoutbox[0].body
    day = clinic_moment.date()
    assert f"{day:%a %b} {day.day}:" in mailoutbox[0].subject


def test_the_next_day_gets_its_own_digest(busy_queue, mailoutbox):
    from appointments.digest import send_staff_digest

    assert send_staff_digest(timezone.now() - timedelta(days=1))
    assert send_staff_digest(timezone.now())
    assert len(mailoutbox) == 2


def test_a_mail_server_failure_leaves_the_day_unsent_and_the_next_run_sends_it(
    busy_queue, mailoutbox, caplog
):
    with (
        mock.patch("appointments.digest.send_mail", side_effect=smtplib.SMTPServerDisconnected("gone")),
        pytest.raises(CommandError),
    ):
        call_command("send_staff_digest", stdout=io.StringIO())
    assert not StaffDigest.objects.exists()
    assert "SMTPServerDisconnected" in caplog.text
    assert "frontdesk@clinic.test" not in caplog.text
    call_command("send_staff_digest", stdout=io.StringIO())
    assert len(mailoutbox) == 1
    assert StaffDigest.objects.count() == 1


def test_the_digest_goes_to_its_own_recipients_when_set(busy_queue, mailoutbox, settings):
    settings.STAFF_DIGEST_EMAILS = ["manager@clinic.test", "desk@clinic.test"]
    call_command("send_staff_digest", stdout=io.StringIO())
    assert mailoutbox[0].to == ["manager@clinic.test", "desk@clinic.test"]


def test_a_practice_can_switch_off_the_email_per_request(
    client, db, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.STAFF_NOTIFY_EACH_REQUEST = False
    with django_capture_on_commit_callbacks(execute=True):
        submit(client)
    assert [m.to for m in mailoutbox] == [["maria@example.com"]]  # the patient's acknowledgement only
    output = io.StringIO()
    call_command("send_pending_notifications", stdout=output)
    assert len(mailoutbox) == 1
    assert "Still pending: 0" in output.getvalue()


def test_the_request_page_says_the_practice_relies_on_the_digest(db, settings):
    from django.test import Client
    from django.urls import reverse

    from tests.helpers import practice_manager, sign_in

    settings.STAFF_NOTIFY_EACH_REQUEST = False
    appointment_request = make_request()
    client = sign_in(Client(), practice_manager())
    html = client.get(
        reverse("admin:appointments_appointmentrequest_change", args=[appointment_request.pk])
    ).content.decode()
    assert "Not sent: the practice relies on the daily digest" in html
    assert "mail server could not be reached" not in html
