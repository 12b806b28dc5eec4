"""What a flood of distinct campaign and referrer names costs the analytics tables.

Sends N page views of the article through the whole site (middleware, page cache and
all), each with a new ``utm_source`` and a new referring host, into a fresh SQLite
database, writing the buffered counts every FLUSH_EVERY views as a worker's timer
would. Prints the rows added, the database's growth in bytes and the longest write.

    .venv/bin/python bench/analytics_flood.py [--views 20000] [--flush-every 2500]
"""

import argparse
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36"
ARTICLE = "/blog/failed-back-surgery-do-this-now/"
TABLES = ("analytics_pageview", "analytics_trafficsource", "analytics_requestorigin")


def database_bytes(path):
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
    return page_size * pages


def rows(path):
    with sqlite3.connect(path) as connection:
        return sum(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES)  # noqa: S608


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--views", type=int, default=20_000)
    parser.add_argument("--flush-every", type=int, default=2_500)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="analytics-flood-"))
    database = workdir / "flood.sqlite3"
    os.environ.update(
        DATABASE_URL=f"sqlite:///{database}",
        DJANGO_SETTINGS_MODULE="clinic_site.settings",
        # The flood decides when counts are written, not a timer.
        ANALYTICS_FLUSH_SECONDS=str(24 * 60 * 60),
    )
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from analytics import counter

    settings.ALLOWED_HOSTS = ["*"]
    # Plain static storage: nothing collected, the pages render as in the tests.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    client = Client(HTTP_USER_AGENT=BROWSER)
    client.get(ARTICLE)
    counter.flush()
    bytes_before, rows_before = database_bytes(database), rows(database)

    longest = 0.0
    started = time.perf_counter()
    for n in range(args.views):
        client.get(f"{ARTICLE}?utm_source=campaign-{n}", HTTP_REFERER=f"https://site-{n}.example/page")
        if (n + 1) % args.flush_every == 0 or n + 1 == args.views:
            flush_started = time.perf_counter()
            counter.flush()
            longest = max(longest, time.perf_counter() - flush_started)
    elapsed = time.perf_counter() - started

    added_rows = rows(database) - rows_before
    growth = database_bytes(database) - bytes_before
    report = "\n".join(
        (
            f"{args.views} views, a write every {args.flush_every}, {elapsed:.1f} s in all",
            f"rows added: {added_rows}",
            f"database: {bytes_before / 1e6:.2f} MB -> {(bytes_before + growth) / 1e6:.2f} MB "
            f"(+{growth / 1e6:.2f} MB)",
            f"longest write: {longest * 1000:.0f} ms",
        )
    )
    print(report)  # noqa: T201 - the benchmark's output


if __name__ == "__main__":
    main()
