"""The practice manager's "Requests report": how fast patients are reached, and who is waiting.

Pure functions over the models: each takes the period and "now", so the figures can be
checked on fixed requests and calls. Times to a call are counted in business hours, the
clinic's opening hours (``CLINIC_OPENING_HOURS``): a request sent on Friday evening and
called on Monday at 10:00 waited one business hour, not sixty. Public holidays are not
known to the site and count as ordinary days.

The figures describe the requests received in the period (their calls, outcomes, share
scheduled), except "overdue now", which is the queue at this moment, and the work per
member of staff, which counts what each did in the period, whatever request it was for.
"""

import math
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Min, Q
from django.utils import timezone

from appointments.models import AppointmentRequest, CallAttempt
from practice.clinic import DAY_NAMES, Clinic

PERIODS = (7, 30, 90)
DEFAULT_PERIOD = 30
HOUR = 3600
# The chart's groups of time to a first call, in business hours (a business day is the
# clinic's opening hours, 8 by default).
WAIT_BUCKETS = ((1, "Within 1 h"), (4, "1 to 4 h"), (8, "4 to 8 h"), (16, "8 to 16 h"), (None, "Over 16 h"))
NOT_YET_CALLED = "Not called yet"


# The period.


@dataclass(frozen=True)
class Period:
    key: str  # what the page's link carries: "7", "30", "90" or a month "2026-10"
    label: str
    start: datetime
    end: datetime  # exclusive

    @property
    def last_day(self):
        return timezone.localtime(self.end - timedelta(microseconds=1)).date()


def _local_midnight(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def last_days(days, now):
    """The last ``days`` days, today included, up to ``now``."""
    today = timezone.localtime(now).date()
    return Period(str(days), f"Last {days} days", _local_midnight(today - timedelta(days=days - 1)), now)


def calendar_month(year, month, now):
    """One calendar month, up to ``now`` if it is the current month."""
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return Period(
        f"{year:04d}-{month:02d}",
        first.strftime("%B %Y"),
        _local_midnight(first),
        min(_local_midnight(following), now),
    )


def period_from(value, now):
    """The period a page asks for ("7", "30", "90" or "YYYY-MM"); the last 30 days otherwise."""
    value = (value or "").strip()
    if value in {str(days) for days in PERIODS}:
        return last_days(int(value), now)
    year, _, month = value.partition("-")
    if (
        year.isdigit()
        and month.isdigit()
        and 2000 <= int(year) <= 9998
        and 1 <= int(month) <= 12
        and _local_midnight(date(int(year), int(month), 1)) <= now
    ):
        return calendar_month(int(year), int(month), now)
    return last_days(DEFAULT_PERIOD, now)


def recent_months(now, count=12):
    """The months a manager may choose, this one first."""
    local = timezone.localtime(now)
    year, month = local.year, local.month
    months = []
    for _ in range(count):
        months.append(calendar_month(year, month, now))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months


# Business hours.


def opening_hours_by_weekday(opening_hours=None):
    """{weekday (0 = Monday): [(opens, closes), ...]} from the clinic's opening hours."""
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


# Summaries.


def percentile(values, share):
    """The nearest-rank percentile: the smallest value with ``share`` (0-100) of them at or below it."""
    ordered = sorted(values)
    if not ordered:
        return None
    rank = max(1, math.ceil(share / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Timing:
    """How long, in business hours, requests waited for something, and how many still wait."""

    hours: tuple  # one per request that got there, business hours
    waiting: int

    @property
    def count(self):
        return len(self.hours)

    @property
    def median(self):
        return round(statistics.median(self.hours), 1) if self.hours else None

    @property
    def p90(self):
        return round(percentile(self.hours, 90), 1) if self.hours else None


@dataclass
class RequestsReport:
    period: Period
    now: datetime
    received: int = 0
    first_call: Timing = None
    first_reached: Timing = None
    by_reason: list = field(default_factory=list)
    by_patient_type: list = field(default_factory=list)
    by_status: list = field(default_factory=list)
    closed_outcomes: list = field(default_factory=list)
    scheduled: int = 0
    wait_buckets: list = field(default_factory=list)
    calls: int = 0
    calls_per_request: list = field(default_factory=list)
    overdue_by_owner: list = field(default_factory=list)
    work_by_staff: list = field(default_factory=list)

    @property
    def scheduled_share(self):
        return round(100 * self.scheduled / self.received, 1) if self.received else None

    @property
    def average_calls(self):
        return round(self.calls / self.received, 1) if self.received else None

    @property
    def overdue_now(self):
        return sum(count for _, count in self.overdue_by_owner)

    def rows(self):
        """Every figure of the page as (section, item, value), for the CSV."""

        def hours(value):
            return "" if value is None else value

        yield ("Period", "from", timezone.localtime(self.period.start).isoformat(timespec="minutes"))
        yield ("Period", "until", timezone.localtime(self.period.end).isoformat(timespec="minutes"))
        yield ("Requests", "received", self.received)
        for section, timing in (
            ("Time to first call attempt", self.first_call),
            ("Time to first reached call", self.first_reached),
        ):
            yield (section, "median (business hours)", hours(timing.median))
            yield (section, "90th percentile (business hours)", hours(timing.p90))
            yield (section, "requests measured", timing.count)
            yield (section, "still waiting", timing.waiting)
        for label, count in self.wait_buckets:
            yield ("First call attempt within", label, count)
        for label, count in self.by_reason:
            yield ("By reason", label, count)
        for label, count in self.by_patient_type:
            yield ("New or returning", label, count)
        for label, count in self.by_status:
            yield ("Status now", label, count)
        for label, count in self.closed_outcomes:
            yield ("Outcome of closed requests", label, count)
        yield ("Scheduled", "requests", self.scheduled)
        yield ("Scheduled", "share of requests (%)", hours(self.scheduled_share))
        yield ("Calls", "calls logged", self.calls)
        yield ("Calls", "average per request", hours(self.average_calls))
        for label, count in self.calls_per_request:
            yield ("Calls per request", label, count)
        for owner, count in self.overdue_by_owner:
            yield ("Overdue now, by owner", owner, count)
        for name, calls, changes in self.work_by_staff:
            yield ("Work per member of staff", f"{name}: calls", calls)
            yield ("Work per member of staff", f"{name}: status changes", changes)


def build_report(period, now, opening_hours=None):
    hours = opening_hours_by_weekday(opening_hours)
    live_call = Q(call_attempts__struck_at__isnull=True)
    requests = list(
        AppointmentRequest.objects.genuine()
        .filter(received_at__gte=period.start, received_at__lt=period.end)
        .order_by()
        .annotate(
            first_call_at=Min("call_attempts__attempted_at", filter=live_call),
            first_reached_at=Min(
                "call_attempts__attempted_at",
                filter=live_call & Q(call_attempts__outcome=CallAttempt.Outcome.REACHED),
            ),
            calls=Count("call_attempts", filter=live_call),
        )
        .values(
            "received_at",
            "status",
            "outcome",
            "reason",
            "patient_type",
            "next_action_at",
            "first_call_at",
            "first_reached_at",
            "calls",
        )
    )

    def timing(key):
        waited, waiting = [], 0
        for r in requests:
            # Calls can be logged with an earlier time than the request's (a call the
            # patient made first): they count as no wait at all.
            if r[key] is not None:
                waited.append(business_seconds_between(r["received_at"], r[key], hours) / HOUR)
            elif r["next_action_at"] is not None:
                waiting += 1
        return Timing(tuple(waited), waiting)

    def tally(key, choices):
        counts = Counter(r[key] for r in requests)
        return [(label, counts.get(value, 0)) for value, label in choices]

    statuses = Counter(r["status"] for r in requests)
    closed = [r for r in requests if r["status"] == AppointmentRequest.Status.CLOSED]
    calls_each = Counter(min(r["calls"], 3) for r in requests)
    return RequestsReport(
        period=period,
        now=now,
        received=len(requests),
        first_call=timing("first_call_at"),
        first_reached=timing("first_reached_at"),
        by_reason=tally("reason", AppointmentRequest.Reason.choices),
        by_patient_type=tally("patient_type", AppointmentRequest.PatientType.choices),
        by_status=tally("status", AppointmentRequest.Status.choices),
        closed_outcomes=[
            (label, sum(1 for r in closed if r["outcome"] == value))
            for value, label in AppointmentRequest.Outcome.choices
        ],
        scheduled=statuses.get(AppointmentRequest.Status.SCHEDULED, 0),
        wait_buckets=wait_buckets(requests, hours),
        calls=sum(r["calls"] for r in requests),
        calls_per_request=[
            ("No call", calls_each.get(0, 0)),
            ("1 call", calls_each.get(1, 0)),
            ("2 calls", calls_each.get(2, 0)),
            ("3 or more", calls_each.get(3, 0)),
        ],
        overdue_by_owner=overdue_by_owner(now),
        work_by_staff=work_by_staff(period),
    )


def wait_buckets(requests, hours):
    counts = Counter()
    for r in requests:
        if r["first_call_at"] is None:
            if r["next_action_at"] is not None:
                counts[NOT_YET_CALLED] += 1
            continue
        waited = business_seconds_between(r["received_at"], r["first_call_at"], hours) / HOUR
        counts[next(label for limit, label in WAIT_BUCKETS if limit is None or waited <= limit)] += 1
    return [(label, counts.get(label, 0)) for _, label in WAIT_BUCKETS] + [
        (NOT_YET_CALLED, counts.get(NOT_YET_CALLED, 0))
    ]


def overdue_by_owner(now):
    """The queue's overdue requests at ``now``, by owner ("Nobody yet" for none), most first."""
    rows = (
        AppointmentRequest.objects.needs_action()
        .overdue(now)
        .order_by()
        .values("assigned_to__username")
        .annotate(count=Count("id"))
    )
    figures = [(row["assigned_to__username"] or "Nobody yet", row["count"]) for row in rows]
    return sorted(figures, key=lambda item: (-item[1], item[0]))


def work_by_staff(period):
    """(username, calls logged, status changes made) in the period, busiest first."""
    calls = Counter(
        dict(
            CallAttempt.objects.filter(
                attempted_at__gte=period.start,
                attempted_at__lt=period.end,
                struck_at__isnull=True,
                made_by__isnull=False,
            )
            .order_by()
            .values("made_by__username")
            .annotate(count=Count("id"))
            .values_list("made_by__username", "count")
        )
    )
    changes = Counter()
    History = AppointmentRequest.history.model
    touched = History.objects.filter(history_date__gte=period.start, history_date__lt=period.end).values("id")
    previous_status = {}
    # Each request's versions in order: a status change is a version whose status differs
    # from the one before it. Versions before the period only give the starting status.
    for version in (
        History.objects.filter(id__in=touched)
        .order_by("id", "history_date", "history_id")
        .values("id", "status", "history_date", "history_user__username")
    ):
        before = previous_status.get(version["id"])
        previous_status[version["id"]] = version["status"]
        if (
            before is not None
            and before != version["status"]
            and period.start <= version["history_date"] < period.end
            and version["history_user__username"]
        ):
            changes[version["history_user__username"]] += 1
    names = sorted(set(calls) | set(changes), key=lambda name: (-(calls[name] + changes[name]), name))
    return [(name, calls[name], changes[name]) for name in names]
