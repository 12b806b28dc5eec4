"""The benchmark behind `make bench-admin`: the staff pages at day one's volume and at a year's.

Fills a throwaway database with 500 requests (the newest of a year's worth, with their
calls, notes, history, access-log rows and the days of analytics they span, made up by
bench/year_of_requests.py), times each staff page, then adds the rest of the year
(50,000 requests in all, a year of analytics) and times them again. Prints the median
and 95th percentile of each page at both sizes and the ratio of the medians, with the
number of queries each page ran; writes the table, and the query plans of every page's
queries at the larger size, to bench/results/.

The pages are timed in-process with Django's test client under production settings
(debug off, collected static files, the cached template loader), signed in as a front
desk user and a practice manager. In-process rather than through gunicorn on purpose:
the question is what a page costs the server as the table grows, and on loopback
connection handling adds spikes of its own (see bench/README.md) that would blur a 1.5x ratio.

SQLite in a temporary directory by default. With DATABASE_URL set (as `make
bench-admin DB=postgres` does for a throwaway PostgreSQL cluster) it fills that database
instead, which must be empty.
"""

import argparse
import datetime
import json
import os
import platform
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

from bench.year_of_requests import Year, fill, fill_analytics, staff_users  # noqa: E402 - after the path


def configure(database_url):
    from tools.servers import production_env

    # A production host's settings, as the live tests and `make bench` use them.
    os.environ.update(production_env(database_url, DJANGO_ALLOWED_HOSTS="testserver"))
    import django

    django.setup()


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
