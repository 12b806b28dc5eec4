"""The clinic's time (appointments/clinic_time.py): its day, its business hours, the due rule."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from appointments import clinic_time
from appointments.clinic_time import (
    business_seconds_between,
    business_time_between,
    one_business_day_after,
    opening_hours_by_weekday,
)
from tests.clock import clinic_time as at
from tests.helpers import make_request

WEEKDAYS_9_TO_5 = opening_hours_by_weekday(
    [(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"], "09:00", "17:00")]
)
# A clinic with a short Friday: Monday to Thursday 08:00-17:00 (9 hours), Friday 08:00-12:00.
SHORT_FRIDAY = opening_hours_by_weekday(
    [(["Monday", "Tuesday", "Wednesday", "Thursday"], "08:00", "17:00"), (["Friday"], "08:00", "12:00")]
)


def hours_between(start, end, hours=WEEKDAYS_9_TO_5):
    return business_seconds_between(at(start), at(end), hours) / 3600


# Business time: what the requests report counts waits in (September 2026: no clock change).


def test_business_hours_skip_the_weekend():
    # Friday 16:00 to Monday 10:00: one hour on Friday, one on Monday.
    assert hours_between("2026-09-11 16:00", "2026-09-14 10:00") == 2


def test_a_request_sent_at_the_weekend_starts_waiting_on_monday_morning():
    assert hours_between("2026-09-12 10:00", "2026-09-14 09:15") == 0.25


def test_a_whole_holiday_free_week_is_forty_business_hours():
    assert hours_between("2026-09-14 09:00", "2026-09-21 09:00") == 40


def test_time_outside_opening_hours_does_not_count():
    assert hours_between("2026-09-14 17:30", "2026-09-15 08:45") == 0
    assert hours_between("2026-09-14 08:00", "2026-09-14 09:36") == pytest.approx(0.6)


def test_split_opening_hours_count_only_the_open_part():
    hours = opening_hours_by_weekday([(["Friday"], "08:00", "12:00"), (["Friday"], "13:00", "17:00")])
    assert hours_between("2026-09-11 11:00", "2026-09-11 14:00", hours) == 2


def test_an_hour_of_business_is_an_hour_on_the_clinics_wall_clock_across_a_clock_change():
    # Clocks went back in the night of Sunday 2026-11-01: Friday 16:00 to Monday 10:00 is
    # still one hour on Friday and one on Monday.
    assert hours_between("2026-10-30 16:00", "2026-11-02 10:00") == 2


# The due rule: one business day, counted in the same business hours.


@pytest.mark.parametrize(
    ("received", "due"),
    [
        ("2026-12-08 10:00", "2026-12-09 10:00"),  # Tuesday morning: Wednesday, same time
        ("2026-12-08 16:30", "2026-12-09 16:30"),
        ("2026-12-08 20:00", "2026-12-09 17:00"),  # Tuesday evening: by Wednesday's close
        ("2026-12-09 07:45", "2026-12-09 17:00"),  # before opening: by the close of that day
        ("2026-12-11 16:00", "2026-12-14 16:00"),  # Friday afternoon: Monday, same time
        ("2026-12-11 18:30", "2026-12-14 17:00"),  # Friday evening
        ("2026-12-12 12:00", "2026-12-14 17:00"),  # Saturday
        ("2026-12-13 09:20", "2026-12-14 17:00"),  # Sunday
        ("2026-12-09 23:59:50", "2026-12-10 17:00"),  # either side of midnight: the same due time
        ("2026-12-10 00:00:10", "2026-12-10 17:00"),
        ("2027-03-12 15:00", "2027-03-15 15:00"),  # Friday before clocks go forward
        ("2027-03-14 01:59:50", "2027-03-15 17:00"),  # Sunday night as they do
        ("2026-10-30 15:00", "2026-11-02 15:00"),  # Friday before clocks go back
        ("2026-11-01 01:30", "2026-11-02 17:00"),
    ],
)
def test_a_request_falls_due_once_the_clinic_has_been_open_one_business_day(received, due):
    assert one_business_day_after(at(received), WEEKDAYS_9_TO_5) == at(due)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        ("2026-12-10 15:00", "2026-12-14 11:00"),  # Thursday: 2 h that day, 4 on Friday, 3 on Monday
        ("2026-12-11 11:00", "2026-12-14 11:00"),  # Friday: a short day is a business day too
        ("2026-12-10 19:00", "2026-12-11 12:00"),  # Thursday evening: by Friday's close
    ],
)
def test_a_business_day_is_as_long_as_the_clinic_is_open_the_day_the_wait_starts(received, due):
    assert one_business_day_after(at(received), SHORT_FRIDAY) == at(due)


def test_the_due_rule_follows_the_clinics_opening_hours(settings):
    settings.CLINIC = {**settings.CLINIC, "opening_hours": "Mo-Th 08:00-17:00; Fr 08:00-12:00"}
    assert one_business_day_after(at("2026-12-10 19:00")) == at("2026-12-11 12:00")


def test_a_clinic_that_never_opens_is_refused_plainly():
    with pytest.raises(ValueError, match="opens on no day"):
        one_business_day_after(at("2026-12-08 10:00"), {})


@pytest.mark.django_db
def test_a_request_sent_at_any_moment_falls_due_after_one_business_day_of_waiting(clinic_moment):
    appointment_request = make_request()
    due = appointment_request.next_action_at
    # The wait the requests report would count, were the first call made at the due time.
    assert business_time_between(appointment_request.received_at, due) == timedelta(hours=8)
    assert due > timezone.now()
    assert time(9) <= timezone.localtime(due).time() <= time(17)


@pytest.mark.django_db
def test_requests_sent_while_the_clinic_is_closed_fall_due_in_the_order_they_came(clinic_moment):
    now = timezone.now()
    sent = [make_request(received_at=now - timedelta(hours=hours)) for hours in (9, 5, 1)]
    by_due_time = sorted(sent, key=lambda r: (r.next_action_at, r.received_at))
    assert by_due_time == sent


# The clinic's day.


@pytest.mark.parametrize(
    ("moment", "day"),
    [
        ("2026-12-09 23:59:50", "2026-12-09"),
        ("2026-12-10 00:00:10", "2026-12-10"),
        ("2026-11-01 01:30", "2026-11-01"),
    ],
)
def test_today_is_the_clinics_date_not_the_servers(moment, day):
    # 23:59:50 in Greenbelt is already the next day in UTC.
    assert clinic_time.today(at(moment)).isoformat() == day
    assert clinic_time.end_of_day(at(moment)) == at(f"{day} 23:59:59")
