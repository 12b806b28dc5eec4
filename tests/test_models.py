"""Rules of the AppointmentRequest model itself."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from appointments.models import REFERENCE_ALPHABET, AppointmentRequest, new_reference
from tests.helpers import an_appointment, front_desk_user, make_request

EASTERN = ZoneInfo("America/New_York")


def test_references_are_short_unambiguous_and_random():
    references = {new_reference() for _ in range(500)}
    assert len(references) == 500
    for reference in references:
        assert len(reference) == 8
        assert set(reference) <= set(REFERENCE_ALPHABET)
    assert not set("01OIL") & set(REFERENCE_ALPHABET)


@pytest.mark.parametrize(
    ("received", "now", "overdue"),
    [
        (datetime(2026, 11, 23, 10, 0), datetime(2026, 11, 24, 9, 59), False),  # Mon -> Tue, under a day
        (datetime(2026, 11, 23, 10, 0), datetime(2026, 11, 24, 10, 1), True),  # Mon -> Tue, over a day
        (datetime(2026, 11, 20, 16, 0), datetime(2026, 11, 23, 15, 0), False),  # Fri -> Mon: weekend skipped
        (datetime(2026, 11, 20, 16, 0), datetime(2026, 11, 23, 16, 30), True),  # Fri -> Mon afternoon
        (datetime(2026, 11, 21, 12, 0), datetime(2026, 11, 23, 17, 0), False),  # sent on Saturday
        (datetime(2026, 11, 21, 12, 0), datetime(2026, 11, 24, 12, 1), True),
    ],
)
@pytest.mark.django_db
def test_a_new_request_is_overdue_after_one_business_day(received, now, overdue):
    appointment_request = make_request(received_at=received.replace(tzinfo=EASTERN))
    assert appointment_request.is_overdue(now=now.replace(tzinfo=EASTERN)) is overdue


@pytest.mark.django_db
def test_a_scheduled_or_closed_request_is_never_overdue():
    long_ago = datetime(2020, 1, 1, tzinfo=EASTERN)
    scheduled = make_request(received_at=long_ago, status=AppointmentRequest.Status.SCHEDULED)
    closed = make_request(received_at=long_ago, status=AppointmentRequest.Status.CLOSED, outcome="duplicate")
    assert not scheduled.is_overdue() and not closed.is_overdue()
    assert scheduled.next_action_at is None and closed.next_action_at is None


@pytest.mark.django_db
def test_history_records_who_changed_the_status_and_when():
    appointment_request = make_request()
    desk = front_desk_user()
    appointment_request.mark_contacted(by=desk)
    appointment_request.mark_scheduled(by=desk, appointment_at=an_appointment())
    statuses = list(appointment_request.history.order_by("history_date").values_list("status", flat=True))
    assert statuses == ["new", "contacted", "scheduled"]
    latest = appointment_request.history.first()
    assert latest.handled_by == desk
    assert latest.status_changed_at is not None


@pytest.mark.django_db
def test_deleting_a_staff_account_keeps_the_requests_it_handled():
    appointment_request = make_request()
    desk = front_desk_user()
    appointment_request.mark_contacted(by=desk)
    desk.delete()
    appointment_request.refresh_from_db()
    assert appointment_request.handled_by is None
    assert appointment_request.status == "contacted"


@pytest.mark.django_db
def test_open_and_new_querysets():
    new = make_request()
    contacted = make_request(status="contacted")
    make_request(status="closed", outcome="other")
    make_request(is_suspected_spam=True)
    assert set(AppointmentRequest.objects.open().genuine()) == {new, contacted}
    assert list(AppointmentRequest.objects.new()) == [new]
