"""The benchmark behind `make bench-admin`: the staff pages at day one's volume and at a year's.

Fills a throwaway database with 500 requests (the newest of a year's worth, with their
calls, notes, history, access-log rows and the days of analytics they span), times
each staff page, then adds the rest of the year (50,000 requests in all, a year of
analytics) and times them again. Prints the median and 95th percentile of each page at
both sizes and the ratio of the medians, with the number of queries each page ran;
writes the table, and the query plans of every page's queries at the larger size, to
bench/results/.

The pages are timed in-process with Django's test client under production settings
(debug off, collected static files, the cached template loader), signed in as a front
desk user and a practice manager. In-process rather than through gunicorn on purpose:
the question is what a page costs the server as the table grows, and on loopback
connection handling adds spikes of its own (see the README) that would blur a 1.5x ratio.

SQLite in a temporary directory by default. With DATABASE_URL set (as `make
bench-admin DB=postgres` does for a throwaway PostgreSQL cluster) it fills that database
instead, which must be empty.
"""

import argparse
import datetime
import json
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

PROJECT_DIR = Path(__file__).resolve().parent.parent
RESULTS_DIR = PROJECT_DIR / "bench" / "results"
sys.path.insert(0, str(PROJECT_DIR))

YEAR = datetime.timedelta(days=365)
FIRST_NAMES = [
    "Maria",
    "José",
    "Zoë",
    "James",
    "Aisha",
    "Chen",
    "Olga",
    "Kwame",
    "Renée",
    "David",
    "Fatima",
    "Liam",
]
# 20 x 10 surnames, so one is about as common as a common surname is (0.5%).
LAST_NAMES = [
    root + ending
    for root in [
        "Lop",
        "Núñ",
        "Smi",
        "Oka",
        "Ngu",
        "Mül",
        "John",
        "Bro",
        "Garc",
        "Ki",
        "Pat",
        "Ander",
        "Ross",
        "Wil",
        "Mar",
        "Hern",
        "Col",
        "Rey",
        "Ob",
        "Duv",
    ]
    for ending in ["ez", "th", "for", "son", "ler", "wn", "ía", "el", "ova", "man"]
]
REFERRERS = ["www.google.com", "www.bing.com", "duckduckgo.com", "www.facebook.com", "search.yahoo.com"]
CAMPAIGNS = ["newsletter", "gbp"]
# Maria is common enough that a search for her fills a page at both sizes.
FIRST_NAME_WEIGHTS = [15] + [8] * (len(FIRST_NAMES) - 1)
EMAIL_DOMAINS = ["gmail.example", "yahoo.example", "outlook.example", "comcast.example", "verizon.example"]
STAFF = ["frontdesk", "manager", "amy", "ben", "carla"]
# New, contacted, scheduled, closed: what became of the requests older than two weeks.
# A practice that keeps up leaves almost none open; one with a backlog, one in ten.
BACKLOG_STATUS_WEIGHTS = [4, 6, 54, 36]


def configure(database_url):
    from tools.servers import production_env

    # A production host's settings, as the live tests and `make bench` use them.
    os.environ.update(production_env(database_url, DJANGO_ALLOWED_HOSTS="testserver"))
    import django

    django.setup()


class Year:
    """A year of requests, newest first, drawn from a fixed seed: the same mix every run."""

    def __init__(self, total, now, seed=16):
        self.rng = random.Random(seed)  # noqa: S311 - made-up data, not secrets
        self.total = total
        self.now = now
        self.spacing = YEAR / total

    def received_at(self, index):
        return self.now - self.spacing * (index + 1) + datetime.timedelta(seconds=self.rng.randint(0, 59))


def call_time(received_at, n):
    """When the n-th change (from 0) to a request was made: every 3 hours after it came in."""
    return received_at + datetime.timedelta(hours=3 * (n + 1))


def fill(first, last, year, users):
    """Store requests ``first``..``last`` of the year (newest first) and what goes with them."""
    from django.db import transaction

    from appointments.clinic_time import (
        business_time_between,
        one_business_day_after,
        opening_hours_by_weekday,
    )
    from appointments.models import (
        AppointmentRequest,
        CallAttempt,
        RequestAccess,
        SearchKey,
        StaffNote,
        new_reference,
    )

    rng = year.rng
    hours = opening_hours_by_weekday()
    Status = AppointmentRequest.Status
    staff = [users[name] for name in STAFF]
    requests, plans = [], []
    for index in range(first, last):
        received = year.received_at(index)
        age = (year.now - received).days
        first_name, last_name = rng.choices(FIRST_NAMES, FIRST_NAME_WEIGHTS)[0], rng.choice(LAST_NAMES)
        phone = f"+1301{rng.randint(200, 999)}{rng.randint(0, 9999):04d}"
        email = (
            f"{first_name[0].lower()}.{last_name.lower()}{index}@{rng.choice(EMAIL_DOMAINS)}"
            if rng.random() < 0.8
            else ""
        )
        if requests and rng.random() < 0.05:
            # The same patient again within days: the list flags it, the request page lists it.
            earlier = requests[-rng.randint(1, min(len(requests), 20))]
            phone, email = str(earlier.phone), earlier.email.upper()
        spam = rng.random() < 0.03
        if spam:
            status = Status.NEW
        elif age < 2:
            status = rng.choices([Status.NEW, Status.CONTACTED], [75, 25])[0]
        elif age < 14:
            status = rng.choices(
                [Status.NEW, Status.CONTACTED, Status.SCHEDULED, Status.CLOSED], [5, 25, 45, 25]
            )[0]
        else:
            # A backlog: one request in ten from before the last fortnight is still open,
            # never called or never settled.
            status = rng.choices(
                [Status.NEW, Status.CONTACTED, Status.SCHEDULED, Status.CLOSED], BACKLOG_STATUS_WEIGHTS
            )[0]
        calls = 0 if status == Status.NEW or spam else rng.randint(1, 3)
        outcomes = [rng.choice(["reached", "voicemail", "no_answer", "sent"]) for _ in range(calls)]
        notes = 0 if spam else rng.choices([0, 1, 2], [55, 35, 10])[0]
        # The front desk user looks after half of what has an owner: their queue fills a page.
        owned = not spam and rng.random() < (0.4 if status == Status.NEW else 0.7)
        owner = (staff[0] if rng.random() < 0.5 else rng.choice(staff[1:])) if owned else None
        request = AppointmentRequest(
            reference=new_reference(),
            first_name=first_name,
            last_name=last_name,
            phone=phone,
            email=email,
            patient_type=rng.choice(["new", "returning"]),
            reason=rng.choice(["failed_back_surgery", "back_pain", "neck_pain", "other"]),
            message="Pain in my lower back for months, worse when sitting.",
            preferred_days="mon,wed",
            consent_to_contact=True,
            received_at=received,
            status=status,
            outcome="could_not_reach" if status == Status.CLOSED else "",
            handled_by=rng.choice(staff) if calls or notes else None,
            assigned_to=owner,
            is_suspected_spam=spam,
            spam_signal="honeypot" if spam else "",
            staff_notified_at=None if spam else received,
            version=1 + calls + notes,
            handled_at=call_time(received, calls + notes - 1) if calls or notes else None,
            appointment_at=received + datetime.timedelta(days=rng.randint(3, 40))
            if status == Status.SCHEDULED
            else None,
        )
        if status in (Status.NEW, Status.CONTACTED) and not spam:
            last_touched = received + datetime.timedelta(hours=2 * calls)
            request.next_action_at = one_business_day_after(last_touched, hours)
        # The figures logging these calls keeps (refresh_call_figures): calls come 3, 6, 9 h in.
        request.call_count = calls
        if calls:
            request.first_call_wait = business_time_between(received, call_time(received, 0), hours)
        if "reached" in outcomes:
            reached_at = call_time(received, outcomes.index("reached"))
            request.first_reached_wait = business_time_between(received, reached_at, hours)
        requests.append(request)
        plans.append((outcomes, notes))

    with transaction.atomic():
        AppointmentRequest.objects.bulk_create(requests, batch_size=2000)
        SearchKey.objects.bulk_create(
            [key for r in requests for key in SearchKey.for_request(r)], batch_size=5000
        )
        call_rows, note_rows, history_rows, access_rows = [], [], [], []
        History = AppointmentRequest.history.model
        history_fields = [
            f.attname for f in History._meta.concrete_fields if hasattr(AppointmentRequest, f.attname)
        ]
        for request, (outcomes, notes) in zip(requests, plans, strict=True):
            calls = len(outcomes)
            moments = [call_time(request.received_at, n) for n in range(calls + notes)]
            reasons = ["Call logged: No answer"] * calls + ["Note added"] * notes
            for n, outcome in enumerate(outcomes):
                call_rows.append(
                    CallAttempt(
                        appointment_request=request,
                        attempted_at=moments[n],
                        made_by=request.handled_by,
                        channel="email" if outcome == "sent" else "phone",
                        version=n + 2,
                        outcome=outcome,
                        note="Left a message with the call-back number." if n % 2 else "",
                    )
                )
            for n in range(notes):
                note_rows.append(
                    StaffNote(
                        appointment_request=request,
                        author=request.handled_by,
                        written_at=moments[calls + n],
                        version=calls + n + 2,
                        text="Asked for the referral letter; patient will fax it.",
                    )
                )
            record = {name: getattr(request, name) for name in history_fields}
            history_rows.append(
                History(
                    **{
                        **record,
                        "status": "new",
                        "assigned_to_id": None,
                        "handled_by_id": None,
                        "version": 1,
                    },
                    history_date=request.received_at,
                    history_type="+",
                )
            )
            for version, (moment, reason) in enumerate(zip(moments, reasons, strict=True), start=2):
                history_rows.append(
                    History(
                        **{**record, "version": version},
                        history_date=moment,
                        history_type="~",
                        history_user=request.handled_by,
                        history_change_reason=reason,
                        # The first change took the request from New to where it stands.
                        status_changed=version == 2 and request.status != Status.NEW,
                    )
                )
            # Every time staff worked on it they opened its page; now and then its history too.
            readers = [request.handled_by or staff[0]] * (calls + notes + 1)
            kinds = [RequestAccess.Kind.PAGE] * len(readers)
            if rng.random() < 0.1:
                readers.append(staff[1])
                kinds.append(RequestAccess.Kind.HISTORY)
            for n, (reader, kind) in enumerate(zip(readers, kinds, strict=True)):
                access_rows.append(
                    RequestAccess(
                        appointment_request=request,
                        reference=request.reference,
                        user=reader,
                        kind=kind,
                        opened_at=request.received_at + datetime.timedelta(hours=3 * n + 1),
                    )
                )
        CallAttempt.objects.bulk_create(call_rows, batch_size=2000)
        CallHistory = CallAttempt.history.model
        CallHistory.objects.bulk_create(
            [
                CallHistory(
                    **{
                        f.attname: getattr(call, f.attname)
                        for f in CallHistory._meta.concrete_fields
                        if hasattr(CallAttempt, f.attname)
                    },
                    history_date=call.attempted_at,
                    history_type="+",
                    history_user_id=call.made_by_id,
                )
                for call in call_rows
            ],
            batch_size=2000,
        )
        StaffNote.objects.bulk_create(note_rows, batch_size=2000)
        History.objects.bulk_create(history_rows, batch_size=2000)
        RequestAccess.objects.bulk_create(access_rows, batch_size=2000)
    return requests, {
        "calls": len(call_rows),
        "notes": len(note_rows),
        "history": len(history_rows),
        "access": len(access_rows),
    }


def fill_analytics(first_day, last_day, rng):
    """Daily counts for every public page from ``first_day`` to ``last_day``, as the site keeps them."""
    from django.urls import reverse

    from analytics.models import PageView, RequestOrigin, TrafficSource
    from pages import registry

    paths = [
        page.get_absolute_url() for page in (*registry.SITE_PAGES, *registry.ARTICLES, *registry.SERVICES)
    ]
    form = reverse("appointments:request")
    paths.append(form)
    views, sources, origins = [], [], []
    day = first_day
    while day <= last_day:
        for path in paths:
            views.append(
                PageView(
                    day=day, path=path, views=rng.randint(80, 160) if path == form else rng.randint(1, 60)
                )
            )
        for path in paths[:12]:
            for name in REFERRERS:
                if rng.random() < 0.5:
                    sources.append(
                        TrafficSource(
                            day=day, path=path, kind="referrer", name=name, visits=rng.randint(1, 20)
                        )
                    )
            if rng.random() < 0.1:
                sources.append(
                    TrafficSource(
                        day=day,
                        path=path,
                        kind="campaign",
                        name=rng.choice(CAMPAIGNS),
                        visits=rng.randint(1, 9),
                    )
                )
        for path in paths[:8]:
            origins.append(RequestOrigin(day=day, path=path, requests=rng.randint(1, 40)))
        day += datetime.timedelta(days=1)
    PageView.objects.bulk_create(views, batch_size=2000, ignore_conflicts=True)
    TrafficSource.objects.bulk_create(sources, batch_size=2000, ignore_conflicts=True)
    RequestOrigin.objects.bulk_create(origins, batch_size=2000, ignore_conflicts=True)
    return len(views) + len(sources) + len(origins)


def staff_users():
    from django.contrib.auth.models import Group, User

    users = {}
    for name in STAFF:
        group = "Practice manager" if name == "manager" else "Front desk"
        user = User.objects.create_user(name, password=None, is_staff=True)
        user.groups.add(Group.objects.get(name=group))
        users[name] = user
    return users


# The manager's "Requests report": timed once its URL exists (the admin URL name below).
REQUESTS_REPORT_URL_NAME = "admin:appointments_requests_report"


def pages(sample):
    """(name, who, url) for every staff page, on requests taken from the first 500."""
    from django.urls import NoReverseMatch, reverse

    changelist = reverse("admin:appointments_appointmentrequest_changelist")
    access_log = reverse("admin:appointments_requestaccess_changelist")
    request = sample["request"]
    listed = [
        ("admin index", "frontdesk", reverse("admin:index")),
        ("list: needs action (default)", "frontdesk", changelist),
        ("list: all, newest first", "frontdesk", changelist + "?status=all"),
        ("list: status new", "frontdesk", changelist + "?status=new"),
        ("list: overdue", "frontdesk", changelist + "?due=overdue"),
        ("list: my queue", "frontdesk", changelist + "?owner=me"),
        ("list: contacted", "frontdesk", changelist + "?status=contacted"),
        ("list: all, page 3", "frontdesk", changelist + "?status=all&p=3"),
        # A name shared by many (a page at both sizes), then what points at one patient.
        ("search: common first name", "frontdesk", changelist + "?" + urlencode({"q": "marí"})),
        ("search: email", "frontdesk", changelist + "?" + urlencode({"q": request.email})),
        ("search: phone digits", "frontdesk", changelist + "?" + urlencode({"q": sample["digits"]})),
        ("search: reference", "frontdesk", changelist + f"?q={request.reference}"),
        ("same phone or email", "frontdesk", changelist + f"?same_contact_as={request.pk}&status=all"),
        (
            "request page",
            "frontdesk",
            reverse("admin:appointments_appointmentrequest_change", args=[request.pk]),
        ),
        (
            "history page",
            "frontdesk",
            reverse("admin:appointments_appointmentrequest_history", args=[request.pk]),
        ),
        ("list: not reached yet", "frontdesk", changelist + "?status=not_reached"),
        ("list: handled by a colleague", "frontdesk", changelist + f"?status=all&handled_by={sample['amy']}"),
        ("what the team did today", "frontdesk", reverse("admin:appointments_team_activity")),
        ("access log", "manager", access_log),
        ("access log: search reference", "manager", access_log + f"?q={request.reference.lower()}"),
        ("access log: search username", "manager", access_log + "?q=amy"),
        ("site analytics (30 days)", "manager", reverse("admin:analytics_pageview_changelist")),
        ("site analytics (90 days)", "manager", reverse("admin:analytics_pageview_changelist") + "?days=90"),
    ]
    try:
        listed.append(("requests report", "manager", reverse(REQUESTS_REPORT_URL_NAME)))
    except NoReverseMatch:
        print(f"(requests report not built yet: no URL named {REQUESTS_REPORT_URL_NAME})")  # noqa: T201
    return listed


def clients(users):
    from django.test import Client

    from tools.staff_sign_in import sign_in

    signed_in = {}
    for name in ("frontdesk", "manager"):
        client = Client()
        sign_in(client, users[name])
        signed_in[name] = client
    return signed_in


def use_database(name):
    """Point the default connection at one of the two databases: the smaller size's copy or the full one."""
    from django.db import connection

    if connection.settings_dict["NAME"] != name:
        connection.close()
        connection.settings_dict["NAME"] = name


def snapshot(label):
    """A copy of the database as it stands, to time it later; returns its NAME."""
    from django.db import connection

    source = connection.settings_dict["NAME"]
    connection.close()
    if connection.vendor == "sqlite":
        copy = f"{source}-{label}"
        with sqlite3.connect(source) as database:
            database.execute("VACUUM INTO ?", (copy,))
        return copy
    import psycopg

    copy = f"{source}_{label}"
    params = {**connection.get_connection_params(), "dbname": "template1", "autocommit": True}
    with psycopg.connect(**params) as server:
        server.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{source}"')
    return copy


def drop(name):
    """Remove the snapshot (SQLite's goes with the temporary directory)."""
    from django.db import connection

    connection.close()
    if connection.vendor == "postgresql":
        import psycopg

        params = {**connection.get_connection_params(), "dbname": "template1", "autocommit": True}
        with psycopg.connect(**params) as server:
            server.execute(f'DROP DATABASE "{name}"')


def time_pages(listed, signed_in, databases, repeat):
    """Loads each page ``repeat`` times at each size, the sizes taking turns page by page,
    so a busy moment on a shared machine weighs on both sizes alike."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    results = {size: {} for size in databases}
    times = {size: {name: [] for name, _, _ in listed} for size in databases}
    for size, name_of_database in databases.items():
        use_database(name_of_database)
        for name, who, url in listed:
            client = signed_in[who]
            for _ in range(2):  # warm caches, as for a page seen before
                response = client.get(url, secure=True)
                if response.status_code != 200:
                    raise SystemExit(f"{name}: {url} answered {response.status_code} for {who}")
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                html = client.get(url, secure=True).content.decode()
            results[size][name] = {
                "rows": rows_listed(html),
                "queries": len(queries),
                "sql": [q["sql"] for q in queries.captured_queries],
            }
    for _ in range(repeat):
        for name, who, url in listed:
            for size, name_of_database in databases.items():
                use_database(name_of_database)
                started = time.perf_counter()
                signed_in[who].get(url, secure=True)
                times[size][name].append((time.perf_counter() - started) * 1000)
    for size in databases:
        for name, _, _ in listed:
            ordered = sorted(times[size][name])
            results[size][name]["median"] = statistics.median(ordered)
            results[size][name]["p95"] = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return results


def explain(sql):
    from django.db import connection

    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        try:
            cursor.execute(prefix + sql)
        except Exception as error:  # noqa: BLE001 - a statement that cannot be explained is noted, not fatal
            return [f"(not explained: {error})"]
        return ["  ".join(str(part) for part in row) for row in cursor.fetchall()]


def write_plans(path, results):
    from django.db import connection

    skip = ("SAVEPOINT", "RELEASE", "INSERT", "UPDATE", "BEGIN", "COMMIT")
    with open(path, "w") as out:
        for name, result in results.items():
            out.write(f"## {name}\n\n")
            for sql in result["sql"]:
                if sql.lstrip().upper().startswith(skip):
                    continue
                out.write(sql + "\n")
                for line in explain(sql):
                    out.write("    " + line + "\n")
                out.write("\n")
        out.write(f"-- {connection.vendor}\n")


def rows_listed(html):
    """The rows of an admin list page (None for a page that is not a list)."""
    if 'id="result_list"' not in html:
        return None
    table = html.split('id="result_list"', 1)[1].split("</table>", 1)[0]
    return table.count("<tr") - 1  # less the header


def shown(first, second):
    """The rows a list page showed at each size: a page of 50 costs more to draw than a page of 5."""
    if first["rows"] is None:
        return ""
    return f"{first['rows']}" if first["rows"] == second["rows"] else f"{first['rows']} → {second['rows']}"


def table(sizes, runs):
    small, large = sizes
    lines = [
        f"| page | {small:,} median ms | {small:,} p95 ms | {large:,} median ms | {large:,} p95 ms "
        f"| × ({large:,} / {small:,}) | rows shown | queries |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, first in runs[small].items():
        second = runs[large][name]
        counts = (
            f"{first['queries']}"
            if first["queries"] == second["queries"]
            else f"{first['queries']} → {second['queries']}"
        )
        lines.append(
            f"| {name} | {first['median']:.1f} | {first['p95']:.1f} "
            f"| {second['median']:.1f} | {second['p95']:.1f} "
            f"| {second['median'] / first['median']:.2f} | {shown(first, second)} | {counts} |"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,50000", help="two request counts, smaller first")
    parser.add_argument("--repeat", type=int, default=25, help="timed loads of each page at each size")
    parser.add_argument("--only", default="", help="time only the pages whose name contains this")
    args = parser.parse_args()
    small, large = (int(n) for n in args.sizes.split(","))
    workdir = tempfile.TemporaryDirectory(prefix="bench-admin-")
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{workdir.name}/db.sqlite3"
    configure(database_url)

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    if connection.introspection.table_names():
        raise SystemExit("DATABASE_URL must point at an empty, throwaway database: this one has tables.")
    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)

    now = timezone.now()
    year = Year(large, now)
    users = staff_users()
    signed_in = clients(users)
    counts, databases = {}, {}
    stored = 0
    covered_to = now.date()  # analytics run from the oldest request's day to here
    for size in (small, large):
        started = time.perf_counter()
        requests, rows = fill(stored, size, year, users)
        oldest = requests[-1].received_at.date()
        rows["analytics"] = fill_analytics(oldest, covered_to, year.rng)
        covered_to = oldest - datetime.timedelta(days=1)
        if stored == 0:
            chosen = next(r for r in requests[50:] if r.email and r.version > 2)
            sample = {
                "request": chosen,
                "amy": users["amy"].pk,
                # The local number as staff read it from a caller ID: "555-0177".
                "digits": f"{str(chosen.phone)[-7:-4]}-{str(chosen.phone)[-4:]}",
            }
        stored = size
        counts[size] = rows
        with connection.cursor() as cursor:
            # Fresh statistics, as autovacuum (PostgreSQL) or `optimize` (SQLite) keep them;
            # autovacuum also vacuums a table after many inserts, which lets PostgreSQL
            # answer from an index alone.
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        print(  # noqa: T201 - the benchmark's output
            f"{size:,} requests: {rows['calls']:,} calls, {rows['notes']:,} notes, "
            f"{rows['history']:,} history rows, "
            f"{rows['access']:,} access-log rows, {rows['analytics']:,} analytics rows added "
            f"in {time.perf_counter() - started:.1f} s",
            flush=True,
        )
        databases[size] = snapshot(f"at{size}") if size == small else connection.settings_dict["NAME"]
    listed = [page for page in pages(sample) if args.only in page[0]]
    print(  # noqa: T201 - the benchmark's output
        f"Timing {len(listed)} pages, {args.repeat} loads each at each size, on {connection.vendor}...",
        flush=True,
    )
    runs = time_pages(listed, signed_in, databases, args.repeat)

    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    vendor = connection.vendor
    use_database(databases[large])
    write_plans(RESULTS_DIR / f"admin-plans-{vendor}-{stamp}.txt", runs[large])
    report = table((small, large), runs)
    worst = max(runs[large][name]["median"] / runs[small][name]["median"] for name in runs[small])
    slowest = max(runs[large].values(), key=lambda r: r["median"])["median"]
    summary = (
        f"Staff pages on {vendor}, {platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} cores, {datetime.date.today()}; in-process test client, debug off, "
        f"{args.repeat} timed loads per page.\n\n{report}\n\n"
        f"Largest ratio {worst:.2f} (goal ≤ 1.5); "
        f"slowest median at {large:,}: {slowest:.1f} ms (goal ≤ 150 ms).\n"
    )
    print("\n" + summary)  # noqa: T201 - the benchmark's output
    (RESULTS_DIR / f"admin-pages-{vendor}-{stamp}.md").write_text(summary)
    (RESULTS_DIR / f"admin-pages-{vendor}-{stamp}.json").write_text(
        json.dumps(
            {
                "rows": {str(k): v for k, v in counts.items()},
                "pages": {
                    str(size): {name: {k: v for k, v in r.items() if k != "sql"} for name, r in run.items()}
                    for size, run in runs.items()
                },
            },
            indent=2,
        )
    )
    drop(databases[small])
    workdir.cleanup()


if __name__ == "__main__":
    main()
