"""Time counted in the clinic's opening hours (``CLINIC_OPENING_HOURS``).

A request sent on Friday evening and called on Monday at 10:00 waited one business hour,
not sixty. Public holidays are not known to the site and count as ordinary days.
"""

from collections import defaultdict
from datetime import datetime, time, timedelta

from django.utils import timezone

from practice.clinic import DAY_NAMES, Clinic


def opening_hours_by_weekday(opening_hours=None):
    """{weekday (0 = Monday): [(opens, closes), ...]} from (days, opens, closes) groups,
    the clinic's own when none are given."""
    groups = Clinic.from_settings().opening_hours_groups if opening_hours is None else opening_hours
    by_weekday = defaultdict(list)
    for days, opens, closes in groups:
        for day in days:
            by_weekday[DAY_NAMES.index(day)].append((time.fromisoformat(opens), time.fromisoformat(closes)))
    return dict(by_weekday)


def business_seconds_between(start, end, hours):
    """Seconds between two moments that fall within opening hours (``hours`` as above)."""
    if end <= start:
        return 0
    start, end = timezone.localtime(start), timezone.localtime(end)
    total = 0.0
    day = start.date()
    while day <= end.date():
        for opens, closes in hours.get(day.weekday(), ()):
            open_at = timezone.make_aware(datetime.combine(day, opens))
            close_at = timezone.make_aware(datetime.combine(day, closes))
            overlap = (min(close_at, end) - max(open_at, start)).total_seconds()
            total += max(overlap, 0)
        day += timedelta(days=1)
    return total


def business_time_between(start, end, hours=None):
    """The opening hours between two moments, as a timedelta; a call logged with a time
    before the request's (a call the patient made first) is no wait."""
    hours = opening_hours_by_weekday() if hours is None else hours
    return timedelta(seconds=business_seconds_between(start, end, hours))
