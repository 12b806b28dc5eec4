"""The moments the suite runs at: time is an input, never whatever day CI happens to run.

Every test runs with the clock set by time-machine to ``DEFAULT_MOMENT``, a weekday
morning at the clinic, and moving on from there, unless it asks for other moments:

- a test that takes the ``clinic_moment`` fixture runs once at each of ``MOMENTS`` (a
  weekday morning, a Friday evening, a Saturday, a Sunday, either side of midnight and
  both daylight-saving changes in America/New_York), with the clock stopped there;
- ``@pytest.mark.clock_at("2027-03-15 09:30")`` sets one moment (clinic time) for one test.

``TEST_CLOCK=saturday`` (any name in ``MOMENTS``) moves the default, to show that the
tests that keep it do not depend on the day: ``make test-any-day`` runs them at each.

Tests marked ``live`` talk to servers in other processes, which keep the real clock, so
they keep it too.
"""

import os
from datetime import datetime
from zoneinfo import ZoneInfo

CLINIC_ZONE = ZoneInfo("America/New_York")


def clinic_time(text):
    """A moment written as the clinic's wall clock reads it: ``"2026-12-08 10:00"``."""
    return datetime.fromisoformat(text).replace(tzinfo=CLINIC_ZONE)


# The first is the default.
MOMENTS = {
    # Tuesday: nothing about it is special, which is the point of a default.
    "weekday-morning": clinic_time("2026-12-08 10:00"),
    "friday-evening": clinic_time("2026-12-11 18:30"),
    "saturday": clinic_time("2026-12-12 12:00"),
    "sunday": clinic_time("2026-12-13 09:20"),
    "before-midnight": clinic_time("2026-12-09 23:59:50"),  # a Wednesday
    "after-midnight": clinic_time("2026-12-10 00:00:10"),  # the Thursday
    # Clocks go forward at 02:00 on Sunday 2027-03-14: ten seconds before it.
    "spring-forward": clinic_time("2027-03-14 01:59:50"),
    # Clocks go back at 02:00 on Sunday 2026-11-01: the first of its two 01:30s.
    "fall-back": clinic_time("2026-11-01 01:30"),
}

DEFAULT_MOMENT = MOMENTS[os.environ.get("TEST_CLOCK", "weekday-morning")]
