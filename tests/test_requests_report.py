"""The practice manager's requests report: how fast patients are reached, and who is waiting."""

import csv
import importlib
import io
import math
import re
import statistics
from datetime import datetime, timedelta

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from appointments.clinic_time import opening_hours_by_weekday
from appointments.models import AppointmentRequest, CallAttempt
from appointments.report import (
    Period,
    build_report,
    calendar_month,
    last_days,
    nearest_rank,
    period_from,
    timing,
)
from appointments.staff import staff_time
from tests.helpers import an_appointment, front_desk_user, make_request, practice_manager, sign_in

REPORT = reverse("admin:appointments_requests_report")
NINE_TO_FIVE = [(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"], "09:00", "17:00")]
WEEKDAYS_9_TO_5 = opening_hours_by_weekday(NINE_TO_FIVE)


def local(day, hour, minute=0):
    """A moment in the clinic's time zone, in September 2026 (no holiday, no clock change)."""
    return timezone.make_aware(datetime(2026, 9, day, hour, minute))


def test_the_90th_percentile_is_the_nearest_rank():
    assert nearest_rank(90, 10) == 9
    assert nearest_rank(90, 4) == 4
    assert nearest_rank(90, 1) == 1
    assert nearest_rank(50, 5) == 3


def test_a_period_is_a_number_of_days_or_a_month_and_anything_else_is_the_last_30_days():
    now = local(18, 12)
    assert period_from("7", now).start == local(12, 0)
    assert period_from("7", now).end == now
    september = period_from("2026-09", now)
    assert (september.start, september.end, september.label) == (local(1, 0), now, "September 2026")
    august = period_from("2026-08", now)
    assert august.end == local(1, 0) and august.label == "August 2026"
    for nonsense in ("", "abc", "0000-01", "2026-13", "2026-10", "31"):
        assert period_from(nonsense, now) == last_days(30, now)


def call(appointment_request, when, outcome, by, struck=False):
    """A call logged at a fixed time, with the request's figures kept as logging one does."""
    logged = CallAttempt.objects.create(
        appointment_request=appointment_request,
        attempted_at=when,
        outcome=outcome,
        made_by=by,
        struck_at=when + timedelta(minutes=1) if struck else None,
    )
    appointment_request.refresh_call_figures(NINE_TO_FIVE)
    appointment_request.save(update_fields=["call_count", "first_call_wait", "first_reached_wait"])
    return logged


def settle(appointment_request, status, outcome="", next_action_at=None):
    AppointmentRequest.objects.filter(pk=appointment_request.pk).update(
        status=status, outcome=outcome, next_action_at=next_action_at
    )


@pytest.fixture
def week_of_requests(db):
    """Five genuine requests and one suspected spam, in the week of Monday Sep 14, 2026."""
    amina = front_desk_user("amina")
    # Friday afternoon, reached on Monday morning: 2 business hours.
    friday = make_request(received_at=local(11, 16), reason="failed_back_surgery", patient_type="returning")
    call(friday, local(14, 10), "reached", amina)
    settle(friday, "scheduled")
    # Monday before opening: voicemail at 9:36 (0.6 h), reached on Tuesday at 11:00 (10 h).
    monday = make_request(received_at=local(14, 8), reason="neck_pain")
    call(monday, local(14, 9, 36), "voicemail", amina)
    call(monday, local(15, 11), "reached", amina)
    settle(monday, "contacted", next_action_at=local(21, 10))
    # Tuesday noon, reached 48 minutes later (0.8 h).
    tuesday = make_request(received_at=local(15, 12))
    call(tuesday, local(15, 12, 48), "reached", amina)
    settle(tuesday, "scheduled")
    # Wednesday, nobody has called: a call logged by mistake was struck out. Overdue,
    # owned by nobody.
    wednesday = make_request(received_at=local(16, 10))
    call(wednesday, local(16, 10, 30), "no_answer", amina, struck=True)
    # Saturday: no answer on Monday at 9:15 (0.25 h), then closed, never reached.
    saturday = make_request(received_at=local(12, 10))
    call(saturday, local(14, 9, 15), "no_answer", amina)
    settle(saturday, "closed", outcome="could_not_reach")
    make_request(received_at=local(15, 9), is_suspected_spam=True)
    return Period("week", "Week of Sep 14", local(11, 0), local(19, 0))


def test_report_figures_on_a_fixed_week(week_of_requests):
    report = build_report(week_of_requests, local(18, 12))
    assert report.received == 5
    # First calls after 0.25, 0.6, 0.8 and 2 business hours; first reached after 0.8, 2 and 10.
    assert (report.first_call.count, report.first_call.median, report.first_call.p90) == (4, 0.7, 2)
    assert report.first_call.waiting == 1
    assert (report.first_reached.count, report.first_reached.median, report.first_reached.p90) == (3, 2, 10)
    # Only Wednesday's request still waits to be reached: Saturday's was closed.
    assert report.first_reached.waiting == 1
    assert report.wait_buckets == [
        ("Within 1 h", 3),
        ("1 to 4 h", 1),
        ("4 to 8 h", 0),
        ("8 to 16 h", 0),
        ("Over 16 h", 0),
        ("Not tried yet", 1),
    ]
    assert dict(report.by_reason) == {
        "Pain after back surgery": 1,
        "Other back pain": 3,
        "Neck pain": 1,
        "Something else": 0,
    }
    assert dict(report.by_patient_type) == {"New patient": 4, "Returning patient": 1}
    assert dict(report.closed_outcomes)["Could not reach"] == 1
    assert (report.scheduled, report.scheduled_share) == (2, 40.0)
    assert (report.calls, report.average_calls) == (5, 1.0)
    assert report.calls_per_request == [("No call", 1), ("1 call", 3), ("2 calls", 1), ("3 or more", 0)]
    assert report.overdue_by_owner == [("Nobody yet", 1)]


def test_overdue_now_is_counted_by_owner(db):
    now = timezone.now()
    bo = front_desk_user("bo")
    late = [make_request(received_at=now - timedelta(days=6)) for _ in range(3)]
    late[0].assign(bo, by=bo)
    late[1].assign(bo, by=bo)
    make_request()  # not due yet
    report = build_report(last_days(7, now), now)
    assert report.overdue_by_owner == [("bo", 2), ("Nobody yet", 1)]
    assert report.overdue_now == 3


def test_work_per_member_of_staff_counts_calls_and_status_changes_in_the_period(db):
    amina, bo = front_desk_user("amina"), front_desk_user("bo")
    first, second = make_request(), make_request()
    first.record_call("reached", by=amina)  # a call, and New -> Contacted
    first.mark_scheduled(by=bo, appointment_at=an_appointment())  # a status change
    second.record_call("no_answer", by=amina)  # a call, no status change
    second.assign(bo, by=bo)  # neither
    call(second, timezone.now() - timedelta(days=20), "voicemail", bo)  # before the period
    now = timezone.now()
    assert build_report(last_days(7, now), now).work_by_staff == [("amina", 2, 1), ("bo", 0, 1)]


def requests_that_waited(minutes):
    """Requests received yesterday whose first call came after these business minutes."""
    received = []
    for wait in minutes:
        r = make_request(received_at=timezone.now() - timedelta(days=1))
        waited = timedelta(minutes=wait)
        AppointmentRequest.objects.filter(pk=r.pk).update(call_count=1, first_call_wait=waited)
        received.append(r)
    return AppointmentRequest.objects.filter(pk__in=[r.pk for r in received])


@pytest.mark.parametrize("count", [1, 2, 3, 4, 5, 10, 11])
def test_the_median_and_90th_percentile_read_in_the_database_are_those_of_the_waits(db, count):
    waits = [(7 * n) % 23 * 30 for n in range(1, count + 1)]  # minutes, in no order, some alike
    received = requests_that_waited(waits)
    counts = {("first_call_wait", "measured"): count, ("first_call_wait", "waiting"): 0}
    figures = timing(received, "first_call_wait", counts)
    in_order = sorted(waits)
    assert figures.count == count
    assert figures.median == round(statistics.median(waits) / 60, 1)
    assert figures.p90 == round(in_order[math.ceil(0.9 * count) - 1] / 60, 1)


def test_a_call_struck_out_between_counting_and_ranking_does_not_break_the_report(db):
    received = requests_that_waited([30, 90, 150])
    # Counted when there were four measured requests; one has lost its call since.
    counts = {("first_call_wait", "measured"): 4, ("first_call_wait", "waiting"): 1}
    figures = timing(received, "first_call_wait", counts)
    assert (figures.count, figures.median, figures.p90) == (3, 1.5, 2.5)


def nine_on_a_monday_two_weeks_ago():
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday() + 14)
    return timezone.make_aware(datetime.combine(monday, datetime.min.time()).replace(hour=9))


@pytest.fixture
def nine_to_five(settings):
    settings.CLINIC = {**settings.CLINIC, "opening_hours": "Mo-Fr 09:00-17:00"}


def test_logging_and_striking_calls_keep_the_requests_figures(nine_to_five, db):
    amina = front_desk_user("amina")
    received = nine_on_a_monday_two_weeks_ago()
    r = make_request(received_at=received)
    first = r.record_call("no_answer", by=amina)
    # As if logged an hour after the request came in.
    CallAttempt.objects.filter(pk=first.pk).update(attempted_at=received + timedelta(hours=1))
    r.record_call("reached", by=amina)
    r.refresh_from_db()
    assert r.call_count == 2
    assert r.first_call_wait == timedelta(hours=1)
    assert r.first_reached_wait >= timedelta(hours=8 * 9)  # more than nine business days
    r.strike_call(first, by=amina)
    r.refresh_from_db()
    assert r.call_count == 1
    assert r.first_call_wait == r.first_reached_wait


def test_the_figures_kept_on_a_request_are_not_in_its_history(db):
    r = make_request()
    r.record_call("reached", by=front_desk_user())
    assert r.call_count == 1
    history_fields = {f.name for f in AppointmentRequest.history.model._meta.fields}
    assert {"call_count", "first_call_wait", "first_reached_wait"}.isdisjoint(history_fields)


def test_each_version_says_whether_it_moved_the_status(db):
    desk = front_desk_user()
    r = make_request()
    r.record_call("no_answer", by=desk)  # New stays New
    r.record_call("reached", by=desk)  # New -> Contacted
    r.assign(desk, by=desk)
    r.add_note("Will call back with the referral.", by=desk)
    appointment = an_appointment()
    r.mark_scheduled(by=desk, appointment_at=appointment)
    r.close(by=desk, outcome="other")
    marks = [
        (version.history_change_reason, version.status_changed)
        for version in r.history.order_by("history_date", "history_id")
    ]
    assert marks == [
        (None, False),
        ("Call logged: No answer", False),
        ("Call logged: Reached", True),
        ("Owner: frontdesk", False),
        ("Note added", False),
        (f"Status: Scheduled (appointment {staff_time(appointment)})", True),
        ("Status: Closed (Other)", True),
    ]


def test_the_migration_gives_requests_and_versions_stored_before_it_the_same_figures(nine_to_five, db):
    migration = importlib.import_module("appointments.migrations.0009_call_figures_for_the_requests_report")
    desk = front_desk_user()
    received = nine_on_a_monday_two_weeks_ago()
    called = make_request(received_at=received)
    struck = called.record_call("reached", by=desk)
    called.strike_call(struck, by=desk)
    for hours_later, outcome in ((2, "voicemail"), (3, "reached"), (4, "no_answer")):
        CallAttempt.objects.create(
            appointment_request=called, attempted_at=received + timedelta(hours=hours_later), outcome=outcome
        )
    called.mark_scheduled(by=desk, appointment_at=an_appointment())
    never_called = make_request(received_at=received)
    AppointmentRequest.objects.update(call_count=0, first_call_wait=None, first_reached_wait=None)
    AppointmentRequest.history.update(status_changed=False)

    migration.fill_call_figures(apps, None)
    migration.mark_status_changes(apps, None)

    called.refresh_from_db()
    assert (called.call_count, called.first_call_wait, called.first_reached_wait) == (
        3,
        timedelta(hours=2),
        timedelta(hours=3),
    )
    never_called.refresh_from_db()
    assert (never_called.call_count, never_called.first_call_wait) == (0, None)
    marked = called.history.filter(status_changed=True).order_by("version")
    # Reached: New -> Contacted; struck out: back to New; then Scheduled.
    assert list(marked.values_list("status", flat=True)) == ["contacted", "new", "scheduled"]


@pytest.fixture
def manager_client(db):
    return sign_in(Client(), practice_manager())


def test_front_desk_gets_403_on_the_report_and_its_csv(db):
    desk = sign_in(Client(), front_desk_user())
    assert desk.get(REPORT).status_code == 403
    assert desk.get(REPORT + "?format=csv").status_code == 403
    assert "Requests report" not in desk.get(reverse("admin:index")).content.decode()


def test_the_manager_finds_the_report_from_the_admin_home_page(manager_client):
    html = manager_client.get(reverse("admin:index")).content.decode()
    assert f'href="{REPORT}"' in html


def test_the_report_page_shows_the_figures_and_a_chart_a_screen_reader_can_read(manager_client):
    now = timezone.now()
    waiting = make_request(received_at=now - timedelta(days=2))
    called = make_request(received_at=now - timedelta(days=2))
    called.record_call("reached", by=practice_manager("colleague"))
    response = manager_client.get(REPORT + "?period=7")
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<strong class="received">2</strong>', html)
    svg = html[html.index('<svg role="img"') :]
    svg = svg[: svg.index("</svg>")]
    assert 'role="img"' in svg
    assert 'aria-labelledby="wait-chart-title wait-chart-desc"' in svg
    assert '<title id="wait-chart-title">Time to the first call attempt: Last 7 days</title>' in svg
    assert "Not tried yet: 1" in svg  # the description says every value
    assert "Business hours until the first call attempt" in svg  # the x axis is labelled
    assert ">Requests</text>" in svg  # and the y axis
    assert "style=" not in html[html.index('id="content-main"') :]
    assert "<script" not in svg
    assert waiting.reference not in html and waiting.last_name not in html


def test_the_report_csv_has_the_same_figures(manager_client):
    now = timezone.now()
    make_request(received_at=now - timedelta(days=1), reason="neck_pain")
    response = manager_client.get(REPORT + "?period=7&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["section", "figure", "value"]
    figures = {(section, figure): value for section, figure, value in rows[1:]}
    assert figures[("Requests", "received")] == "1"
    assert figures[("By reason", "Neck pain")] == "1"
    assert figures[("Time to first call attempt", "still waiting")] == "1"
    assert figures[("First call attempt within", "Not tried yet")] == "1"


def test_a_chosen_month_is_reported(manager_client):
    month = timezone.localtime().strftime("%Y-%m")
    html = manager_client.get(REPORT + f"?period={month}").content.decode()
    assert calendar_month(timezone.localtime().year, timezone.localtime().month, timezone.now()).label in html
    assert f'<option value="{month}" selected>' in html


def test_the_report_costs_the_same_queries_for_a_quiet_week_as_for_a_busy_one(manager_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    desk = front_desk_user("amina")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert manager_client.get(REPORT + "?period=7").status_code == 200
        return len(captured)

    make_request(received_at=timezone.now() - timedelta(days=1)).record_call("reached", by=desk)
    quiet = queries()
    for days in range(1, 7):
        r = make_request(received_at=timezone.now() - timedelta(days=days))
        r.record_call("no_answer", by=desk)
        r.assign(desk, by=desk)
        r.mark_scheduled(by=desk, appointment_at=an_appointment())
    assert queries() == quiet
