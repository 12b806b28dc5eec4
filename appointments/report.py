"""The practice manager's "Requests report": how fast patients are reached, and who is waiting.

Pure functions over the models: each takes the period and "now", so the figures can be
checked on fixed requests and calls. Times to a call are counted in business hours (see
appointments.clinic_time) and kept on each request when a call is logged or struck
out, so the figures are counted in the database: the page runs the same few queries
however many requests the period holds (fewer when there is no wait to rank or no work
to name).

The figures describe the requests received in the period (their calls, outcomes, share
scheduled), except "overdue now", which is the queue at this moment, and the work per
member of staff, which counts what each did in the period, whatever request it was for.
"""

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Q, Sum, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from appointments.models import AppointmentRequest, CallAttempt
from appointments.staff import staff_names

PERIODS = (7, 30, 90)
DEFAULT_PERIOD = 30
HOUR = 3600
# The chart's groups of time to a first call, in business hours (a business day is the
# clinic's opening hours, 8 by default).
WAIT_BUCKETS = ((1, "Within 1 h"), (4, "1 to 4 h"), (8, "4 to 8 h"), (16, "8 to 16 h"), (None, "Over 16 h"))
NOT_YET_CALLED = "Not tried yet"
NOBODY = "Nobody yet"
# How long after the request the appointment of a scheduled one is, in days.
APPOINTMENT_BUCKETS = (
    (7, "Within a week"),
    (14, "In the second week"),
    (28, "In weeks 3 and 4"),
    (None, "Later"),
)
NO_APPOINTMENT_DATE = "Scheduled before dates were kept"


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


# Summaries.


def nearest_rank(share, count):
    """The rank (from 1) of the nearest-rank percentile: the smallest value with ``share``
    (0-100) of the ``count`` values at or below it."""
    return max(1, math.ceil(share / 100 * count))


@dataclass(frozen=True)
class Timing:
    """How long, in business hours, requests waited for something, and how many still wait."""

    count: int  # requests that got there
    median: float | None  # business hours, to a tenth
    p90: float | None
    waiting: int


@dataclass
class RequestsReport:
    period: Period
    now: datetime
    received: int = 0
    first_call: Timing = None
    first_reached: Timing = None
    by_reason: list = field(default_factory=list)
    by_patient_type: list = field(default_factory=list)
    by_language: list = field(default_factory=list)
    by_status: list = field(default_factory=list)
    closed_outcomes: list = field(default_factory=list)
    scheduled: int = 0
    wait_buckets: list = field(default_factory=list)
    calls: int = 0
    calls_per_request: list = field(default_factory=list)
    appointments: list = field(default_factory=list)
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
        for label, count in self.by_language:
            yield ("Language for calls", label, count)
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
        for label, count in self.appointments:
            yield ("Appointment after the request", label, count)
        for owner, count in self.overdue_by_owner:
            yield ("Overdue now, by owner", owner, count)
        for name, calls, changes in self.work_by_staff:
            yield ("Work per member of staff", f"{name}: calls", calls)
            yield ("Work per member of staff", f"{name}: status changes", changes)


def build_report(period, now):
    received = (
        AppointmentRequest.objects.genuine()
        .filter(received_at__gte=period.start, received_at__lt=period.end)
        .order_by()
    )
    Status = AppointmentRequest.Status
    figures = Figures()
    in_queue = Q(next_action_at__isnull=False)
    # Counting received_at, never empty and in the appt_report index (unlike id), lets
    # PostgreSQL count from the index alone.
    figures.add("received", Count("received_at"))
    figures.add("calls", Coalesce(Sum("call_count"), 0))
    for wait in ("first_call_wait", "first_reached_wait"):
        figures.add((wait, "measured"), Count(wait))
        figures.add((wait, "waiting"), Count("received_at", filter=Q(**{f"{wait}__isnull": True}) & in_queue))
    for column, choices in (
        ("reason", AppointmentRequest.Reason.choices),
        ("patient_type", AppointmentRequest.PatientType.choices),
        ("preferred_language", AppointmentRequest.Language.choices),
        ("status", Status.choices),
    ):
        for value, _ in choices:
            figures.add((column, value), Count("received_at", filter=Q(**{column: value})))
    for value, _ in AppointmentRequest.Outcome.choices:
        figures.add(("outcome", value), Count("received_at", filter=Q(status=Status.CLOSED, outcome=value)))
    above = None
    for limit, label in WAIT_BUCKETS:
        bucket = Q(first_call_wait__isnull=False)
        if above is not None:
            bucket &= Q(first_call_wait__gt=timedelta(hours=above))
        if limit is not None:
            bucket &= Q(first_call_wait__lte=timedelta(hours=limit))
        figures.add(("within", label), Count("received_at", filter=bucket))
        above = limit
    above = None
    scheduled = Q(status=Status.SCHEDULED)
    for limit, label in APPOINTMENT_BUCKETS:
        # Days worked out when the request was scheduled: a date difference per row
        # would keep the count from reading the appt_report index alone.
        bucket = scheduled & Q(days_to_appointment__isnull=False)
        if above is not None:
            bucket &= Q(days_to_appointment__gt=above)
        if limit is not None:
            bucket &= Q(days_to_appointment__lte=limit)
        figures.add(("appointment", label), Count("received_at", filter=bucket))
        above = limit
    no_date = scheduled & Q(days_to_appointment=None)
    figures.add(("appointment", NO_APPOINTMENT_DATE), Count("received_at", filter=no_date))
    for calls in (0, 1, 2):
        figures.add(("calls each", calls), Count("received_at", filter=Q(call_count=calls)))
    figures.add(("calls each", 3), Count("received_at", filter=Q(call_count__gte=3)))
    counts = figures.count(received)
    overdue, work = staff_work(period, now)

    def tally(column, choices):
        return [(label, counts[column, value]) for value, label in choices]

    return RequestsReport(
        period=period,
        now=now,
        received=counts["received"],
        first_call=timing(received, "first_call_wait", counts),
        first_reached=timing(received, "first_reached_wait", counts),
        by_reason=tally("reason", AppointmentRequest.Reason.choices),
        by_patient_type=tally("patient_type", AppointmentRequest.PatientType.choices),
        by_language=tally("preferred_language", AppointmentRequest.Language.choices),
        by_status=tally("status", Status.choices),
        closed_outcomes=tally("outcome", AppointmentRequest.Outcome.choices),
        scheduled=counts["status", Status.SCHEDULED],
        wait_buckets=[(label, counts["within", label]) for _, label in WAIT_BUCKETS]
        + [(NOT_YET_CALLED, counts["first_call_wait", "waiting"])],
        calls=counts["calls"],
        calls_per_request=[
            ("No call", counts["calls each", 0]),
            ("1 call", counts["calls each", 1]),
            ("2 calls", counts["calls each", 2]),
            ("3 or more", counts["calls each", 3]),
        ],
        appointments=[(label, counts["appointment", label]) for _, label in APPOINTMENT_BUCKETS]
        + [(NO_APPOINTMENT_DATE, counts["appointment", NO_APPOINTMENT_DATE])],
        overdue_by_owner=overdue,
        work_by_staff=work,
    )


class Figures:
    """Many counts over the same requests, taken in one pass: one aggregate query."""

    def __init__(self):
        self.expressions = {}

    def add(self, key, expression):
        self.expressions[key] = expression

    def count(self, queryset):
        aliases = {f"figure_{n}": key for n, key in enumerate(self.expressions)}
        row = queryset.aggregate(**{alias: self.expressions[key] for alias, key in aliases.items()})
        return {key: row[alias] for alias, key in aliases.items()}


def timing(received, wait, counts):
    """The median and 90th percentile of one wait (a field of business time) over the
    requests that got there, read at their ranks in the database."""
    measured, waiting = counts[wait, "measured"], counts[wait, "waiting"]
    got_there = received.filter(**{f"{wait}__isnull": False})
    for _ in range(3):
        if not measured:
            break
        middle = [(measured + 1) // 2, measured // 2 + 1]  # the same rank twice when the count is odd
        p90_rank = nearest_rank(90, measured)
        at_rank = dict(
            got_there.annotate(rank=Window(RowNumber(), order_by=F(wait).asc()))
            .filter(rank__in={*middle, p90_rank})
            .values_list("rank", wait)
        )
        if {*middle, p90_rank} <= at_rank.keys():
            median = (at_rank[middle[0]] + at_rank[middle[1]]) / 2
            return Timing(measured, hours(median), hours(at_rank[p90_rank]), waiting)
        # A colleague struck out a call since the requests were counted: count again.
        measured = got_there.count()
    return Timing(measured, None, None, waiting)


def hours(duration):
    """A business-time wait in hours, to a tenth."""
    return round(duration.total_seconds() / HOUR, 1)


def staff_work(period, now):
    """(overdue now by owner, work per member of staff): see the two functions below.

    Both are counted by user id from an index alone, and the few names looked up after,
    in one query: joined to the users, the database would look up a member of staff for
    every overdue request (thousands, with a backlog) and every call of the period.
    """
    overdue = count_by(AppointmentRequest.objects.needs_action().overdue(now), "assigned_to")
    calls, changes = work_counts(period)
    names = staff_names({pk for pk in (*overdue, *calls, *changes) if pk is not None})
    return counts_by_owner(overdue, names), work_by_staff(calls, changes, names)


def counts_by_owner(counts, names):
    """{owner's user id or None: requests} as (full name or "Nobody yet", requests), most first."""
    figures = [
        (NOBODY if pk is None else names.get(pk, "(a deleted account)"), count)
        for pk, count in counts.items()
    ]
    return sorted(figures, key=lambda item: (-item[1], item[0]))


def work_counts(period):
    """Calls logged and status changes made in the period, by user id."""
    calls = count_by(
        CallAttempt.objects.filter(
            attempted_at__gte=period.start,
            attempted_at__lt=period.end,
            struck_at__isnull=True,
            made_by__isnull=False,
        ),
        "made_by",
    )
    # Each version in the history says whether it moved the status (see StatusChangeMark).
    changes = count_by(
        AppointmentRequest.history.filter(
            history_date__gte=period.start,
            history_date__lt=period.end,
            status_changed=True,
            history_user__isnull=False,
        ),
        "history_user",
    )
    return calls, changes


def work_by_staff(calls, changes, names):
    """(name, calls logged, status changes made), busiest first."""
    staff = set(calls) | set(changes)
    # A member of staff deleted since the counts were taken is left out.
    figures = [(names[pk], calls[pk], changes[pk]) for pk in staff if pk in names]
    return sorted(figures, key=lambda row: (-(row[1] + row[2]), row[0]))


def count_by(rows, column):
    """{value of ``column``: rows with it}, in one GROUP BY."""
    grouped = rows.order_by().values(column).annotate(count=Count("*"))
    return Counter(dict(grouped.values_list(column, "count")))
