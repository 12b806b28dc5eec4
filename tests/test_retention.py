"""Old requests are purged on schedule, history included; nothing else is touched.

Open requests nobody has changed for the retention period are closed, then purged by the
same rule as any old closed request. Each test runs at every moment of tests.clock.
"""

from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from appointments.models import AppointmentRequest, CallAttempt, RequestAccess, StaffNote
from tests.helpers import front_desk_user, make_request

# What the purge leaves, and what it deletes, with the settings' retention (365 days).
KEPT = ("recent_closed", "recent_open", "old_open_worked_on_lately", "recent_spam")
PURGED = (
    "old_closed",
    "old_spam",
    "old_open_untouched",
    "old_scheduled_untouched",
    "old_open_worked_on_long_ago",
)


def days_ago(days):
    return timezone.now() - timedelta(days=days)


@pytest.fixture
def requests_of_all_ages(db, clinic_moment):
    desk = front_desk_user()
    old_closed = make_request(received_at=days_ago(400))
    old_closed.close(by=None, outcome="could_not_reach")
    CallAttempt.objects.create(appointment_request=old_closed, outcome="no_answer")
    old_open_worked_on_lately = make_request(received_at=days_ago(400))
    with time_machine.travel(days_ago(10), tick=False):
        old_open_worked_on_lately.record_call("no_answer", by=desk)
    old_open_worked_on_long_ago = make_request(received_at=days_ago(400))
    with time_machine.travel(days_ago(380), tick=False):
        old_open_worked_on_long_ago.add_note("Left a message", by=desk)
    return {
        "old_closed": old_closed,
        "recent_closed": make_request(received_at=days_ago(100), status="closed", outcome="duplicate"),
        "old_open_untouched": make_request(received_at=days_ago(400), status="contacted"),
        "old_scheduled_untouched": make_request(received_at=days_ago(366), status="scheduled"),
        "old_open_worked_on_lately": old_open_worked_on_lately,
        "old_open_worked_on_long_ago": old_open_worked_on_long_ago,
        "recent_open": make_request(received_at=days_ago(364)),
        "old_spam": make_request(received_at=days_ago(31), is_suspected_spam=True),
        "recent_spam": make_request(received_at=days_ago(5), is_suspected_spam=True),
    }


def references(requests, names):
    return {requests[name].reference for name in names}


def test_purge_deletes_only_what_is_past_retention(requests_of_all_ages, capsys):
    call_command("purge_appointment_requests")
    remaining = set(AppointmentRequest.objects.values_list("reference", flat=True))
    assert remaining == references(requests_of_all_ages, KEPT)
    out = capsys.readouterr().out
    assert "Closed 3 open request(s) untouched for more than 365 days." in out
    assert "Deleted 4 closed request(s) and 1 suspected spam request(s)." in out


def test_purge_removes_the_history_of_what_it_deletes(requests_of_all_ages):
    old_closed = requests_of_all_ages["old_closed"]
    call_command("purge_appointment_requests")
    for name in PURGED:
        assert not AppointmentRequest.history.filter(id=requests_of_all_ages[name].pk).exists(), name
    assert not CallAttempt.history.filter(appointment_request_id=old_closed.pk).exists()
    assert AppointmentRequest.history.filter(id=requests_of_all_ages["recent_open"].pk).exists()


def test_purge_dry_run_changes_nothing(requests_of_all_ages, capsys):
    before = list(AppointmentRequest.objects.order_by("pk").values_list("pk", "status", "version"))
    call_command("purge_appointment_requests", "--dry-run")
    assert list(AppointmentRequest.objects.order_by("pk").values_list("pk", "status", "version")) == before
    out = capsys.readouterr().out
    assert "Would close 3 open request(s) untouched for more than 365 days." in out
    assert "Would delete 4 closed request(s) and 1 suspected spam request(s)." in out


def test_retention_periods_come_from_settings(requests_of_all_ages, settings):
    settings.APPOINTMENT_RETENTION_DAYS = 30
    settings.APPOINTMENT_SPAM_RETENTION_DAYS = 1
    call_command("purge_appointment_requests")
    remaining = set(AppointmentRequest.objects.values_list("reference", flat=True))
    # Worked on ten days ago: open, and kept however old.
    assert remaining == {requests_of_all_ages["old_open_worked_on_lately"].reference}


def _has_any_history(appointment_request_id):
    return (
        AppointmentRequest.history.filter(id=appointment_request_id).exists()
        or CallAttempt.history.filter(appointment_request_id=appointment_request_id).exists()
    )


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["instance", "queryset"])
def test_deleting_a_request_by_any_path_leaves_no_history_behind(path):
    appointment_request = make_request()
    staff = front_desk_user()
    appointment_request.record_call("reached", by=staff, note="Spoke with the patient")
    appointment_request.add_note("Sending forms", by=staff)
    access = RequestAccess.objects.create(
        appointment_request=appointment_request, reference=appointment_request.reference, user=staff
    )
    pk = appointment_request.pk
    if path == "instance":
        appointment_request.delete()
    else:
        AppointmentRequest.objects.filter(pk=pk).delete()
    assert not _has_any_history(pk)
    assert not StaffNote.objects.filter(appointment_request_id=pk).exists()
    access.refresh_from_db()
    assert (access.appointment_request_id, access.reference) == (None, appointment_request.reference)


@pytest.mark.django_db
def test_purge_clears_history_left_by_requests_deleted_earlier(capsys):
    appointment_request = make_request()
    appointment_request.record_call("no_answer", by=front_desk_user())
    pk = appointment_request.pk
    # As an older version of the site left it: the rows gone, their history still there.
    with mock.patch("appointments.deletion.erase_history_of"):
        appointment_request.delete()
    assert _has_any_history(pk)
    kept = make_request()
    call_command("purge_appointment_requests")
    assert not _has_any_history(pk)
    assert AppointmentRequest.history.filter(id=kept.pk).exists()
    assert "history row(s) of requests deleted earlier" in capsys.readouterr().out
