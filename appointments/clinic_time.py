"""The clinic's time, in one place: its day, its opening hours, and the rules built on them.

- **The clinic's day** is the day in ``settings.TIME_ZONE`` (America/New_York): "today" for
  the queue's filters and the daily digest ends at its midnight, not the server's.
- **Business time** is the time the clinic is open (``CLINIC_OPENING_HOURS``). A request
  sent on Friday evening and called on Monday at 10:00 waited one business hour, not
  sixty: the requests report measures every wait this way.
- **The due rule** uses the same measure. The practice promises a call within one business
  day, so a request falls due once the clinic has been open for one business day since it
  arrived (a business day being as long as the opening hours of the day the wait starts):
  sent on Tuesday at 10:00, due Wednesday at 10:00; sent on Tuesday evening, at the weekend
  or overnight, due at the close of the next day the clinic opens, in the order they came.

Public holidays are not known to the site and count as ordinary days.
"""

from collections import defaultdict
from datetime import datetime, time, timedelta
from functools import lru_cache
from itertools import chain

from django.conf import settings
from django.utils import timezone

from practice.clinic import DAY_NAMES, parse_opening_hours

# No clinic is closed for a fortnight on end; the weeks ahead are searched no further.
_DAYS_AHEAD = 14


def today(now=None):
    """The clinic's date now (or at ``now``)."""
    return timezone.localdate(now)


def end_of_day(moment):
    """The last second of ``moment``'s day at the clinic."""
    return timezone.localtime(moment).replace(hour=23, minute=59, second=59, microsecond=0)


def opening_hours_by_weekday(opening_hours=None):
    """{weekday (0 = Monday): [(opens, closes), ...]} from (days, opens, closes) groups,
    the clinic's own (``CLINIC_OPENING_HOURS``) when none are given."""
    if opening_hours is None:
        return _clinic_hours(settings.CLINIC["opening_hours"])
    by_weekday = defaultdict(list)
    for days, opens, closes in opening_hours:
        for day in days:
            by_weekday[DAY_NAMES.index(day)].append((time.fromisoformat(opens), time.fromisoformat(closes)))
    return {weekday: sorted(periods) for weekday, periods in by_weekday.items()}


@lru_cache(maxsize=4)
def _clinic_hours(text):
    return opening_hours_by_weekday(parse_opening_hours(text))


def _at(day, clock_time):
    return timezone.make_aware(datetime.combine(day, clock_time))


def opening_periods(start, hours):
    """The clinic's open periods from ``start`` on, as (from, until) pairs in local time, the
    first one cut to begin at ``start`` when the clinic is open then."""
    start = timezone.localtime(start)
    for offset in range(_DAYS_AHEAD):
        day = start.date() + timedelta(days=offset)
        for opens, closes in hours.get(day.weekday(), ()):
            open_at, close_at = _at(day, opens), _at(day, closes)
            if close_at > start:
                yield max(open_at, start), close_at


def business_seconds_between(start, end, hours):
    """Seconds between two moments that fall within opening hours (``hours`` as above)."""
    if end <= start:
        return 0
    start, end = timezone.localtime(start), timezone.localtime(end)
    total = 0.0
    day = start.date()
    while day <= end.date():
        for opens, closes in hours.get(day.weekday(), ()):
            overlap = (min(_at(day, closes), end) - max(_at(day, opens), start)).total_seconds()
            total += max(overlap, 0)
        day += timedelta(days=1)
    return total


def business_time_between(start, end, hours=None):
    """The opening hours between two moments, as a timedelta; a call logged with a time
    before the request's (a call the patient made first) is no wait."""
    hours = opening_hours_by_weekday() if hours is None else hours
    return timedelta(seconds=business_seconds_between(start, end, hours))


def one_business_day_after(moment, hours=None):
    """When the clinic will have been open for one business day since ``moment``: as long
    as the opening hours of the day the count starts (``moment``'s day, or the next day the
    clinic opens when it is closed then)."""
    hours = opening_hours_by_weekday() if hours is None else hours
    periods = opening_periods(moment, hours)
    first = next(periods, None)
    if first is None:
        raise ValueError(f"The clinic opens on no day of the next {_DAYS_AHEAD} (CLINIC_OPENING_HOURS).")
    first_day = first[0].date()
    remaining = sum(
        (_at(first_day, closes) - _at(first_day, opens) for opens, closes in hours[first_day.weekday()]),
        timedelta(),
    )
    for open_from, open_until in chain([first], periods):
        if remaining <= open_until - open_from:
            return open_from + remaining
        remaining -= open_until - open_from
    raise ValueError(f"The clinic is open too little in the next {_DAYS_AHEAD} days to count a business day.")
