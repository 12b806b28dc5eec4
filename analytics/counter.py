"""Counts kept in this process's memory and written to the database in batches.

Counting must never slow a page: each view adds one to a dictionary, and a thread of
each worker writes the counts every ANALYTICS_FLUSH_SECONDS (and the worker writes
what is left when it exits), so no page view ever waits on a write. A batch lost to a
crash is an accepted cost.

Whatever a client sends, the tables stay bounded: a page keeps at most
ANALYTICS_DAILY_NAMES_PER_PAGE referring hosts and as many campaign names a day; any
further names are counted together as "(other)". Each table gets one statement per
write, whatever the number of rows.
"""

import logging
import os
import threading
import time
from collections import Counter, defaultdict
from datetime import timedelta
from functools import reduce
from operator import or_

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.db.models import Q
from django.utils import timezone

from analytics.models import PageView, RequestOrigin, TrafficSource

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_page_views = Counter()
_sources = Counter()
_requests = Counter()
# The names buffered for each (day, page, kind), so a flood cannot grow the buffer either.
_buffered_names = defaultdict(set)

DIRECT = "(direct or unknown)"
OTHER = "(other)"
# Rows per statement: well under SQLite's and PostgreSQL's limits on parameters.
ROWS_PER_STATEMENT = 5000


_today = (None, 0.0)  # (the local date, when it ends as a Unix time)


def today():
    """The local date, worked out once a day rather than on every view."""
    global _today
    day, ends_at = _today
    now = time.time()
    if now >= ends_at:
        local_now = timezone.localtime()
        day = local_now.date()
        midnight = local_now.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
        _today = (day, midnight.timestamp())
    return day


def count_view(path, sources=()):
    """One view of ``path``; ``sources`` are (kind, name) pairs for a visit from elsewhere."""
    day = today()
    cap = settings.ANALYTICS_DAILY_NAMES_PER_PAGE
    with _lock:
        _page_views[(day, path)] += 1
        for kind, name in sources:
            names = _buffered_names[(day, path, kind)]
            if name not in names:
                if len(names) >= cap:
                    name = OTHER
                names.add(name)
            _sources[(day, path, kind, name)] += 1


def count_request(came_from):
    with _lock:
        _requests[(today(), came_from or DIRECT)] += 1


def _take():
    """Empty the buffers and return what they held."""
    with _lock:
        taken = (dict(_page_views), dict(_sources), dict(_requests))
        for buffer in (_page_views, _sources, _requests, _buffered_names):
            buffer.clear()
    return taken


def discard():
    """Drop whatever is buffered (a fresh start, as after a process restart)."""
    _take()


def flush():
    """Write the buffered counts. Never raises: analytics must not break a page."""
    page_views, sources, requests = _take()
    if not (page_views or sources or requests):
        return
    try:
        with transaction.atomic():
            _add(PageView, ("day", "path"), "views", page_views)
            _add(TrafficSource, ("day", "path", "kind", "name"), "visits", _within_daily_cap(sources))
            _add(RequestOrigin, ("day", "path"), "requests", requests)
    except DatabaseError:
        logger.warning("Analytics counts could not be written; this batch is dropped")


def _within_daily_cap(sources):
    """The batch, with names beyond a page's daily allowance folded into "(other)".

    Names already stored today keep counting; new ones take what room is left, the
    busiest first. Several workers writing at once may each fill the last room, so the
    bound is the cap times the number of workers at worst, never unbounded.
    """
    groups = {(day, path, kind) for day, path, kind, _name in sources}
    if not groups:
        return sources
    stored = defaultdict(set)
    query = reduce(or_, (Q(day=day, path=path, kind=kind) for day, path, kind in groups))
    for day, path, kind, name in TrafficSource.objects.filter(query).values_list(
        "day", "path", "kind", "name"
    ):
        stored[(day, path, kind)].add(name)
    cap = settings.ANALYTICS_DAILY_NAMES_PER_PAGE
    room = {group: cap - len(stored[group] - {OTHER}) for group in groups}
    kept = Counter()
    for (day, path, kind, name), count in sorted(sources.items(), key=lambda item: -item[1]):
        group = (day, path, kind)
        if name != OTHER and name not in stored[group]:
            if room[group] > 0:
                room[group] -= 1
            else:
                name = OTHER
        kept[(day, path, kind, name)] += count
    return kept


def _add(model, key_fields, count_field, counts):
    """Add ``counts`` ({key values: count}) to their rows in one statement, creating rows
    that are missing.

    Django's bulk_create can only overwrite a row's count on conflict, not add to it; an
    upsert that adds is the same SQL on SQLite and PostgreSQL.
    """
    if not counts:
        return
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in (*key_fields, count_field)]
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(field.column) for field in fields)
    conflict = ", ".join(quote(field.column) for field in fields[:-1])
    count_column = quote(fields[-1].column)
    add_counts = f"{count_column} = {table}.{count_column} + excluded.{count_column}"
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    items = list(counts.items())
    for start in range(0, len(items), ROWS_PER_STATEMENT):
        chunk = items[start : start + ROWS_PER_STATEMENT]
        params = [
            field.get_db_prep_value(value, connection)
            for key, count in chunk
            for field, value in zip(fields, (*key, count), strict=True)
        ]
        sql = (
            f"INSERT INTO {table} ({columns}) VALUES {', '.join([row] * len(chunk))} "  # noqa: S608
            f"ON CONFLICT ({conflict}) DO UPDATE SET {add_counts}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


class _Flusher:
    """The thread of a worker process that writes its counts every ANALYTICS_FLUSH_SECONDS."""

    def __init__(self):
        self.stop = threading.Event()
        self.pid = os.getpid()
        self.thread = threading.Thread(target=self.run, name="analytics-counts", daemon=True)

    def run(self):
        while not self.stop.wait(settings.ANALYTICS_FLUSH_SECONDS):
            # As around a request: a connection the database dropped is replaced.
            close_old_connections()
            flush()
            close_old_connections()
        connection.close()


_flusher = None


def start_flushing():
    """Start this process's writing thread, once (again in a forked child)."""
    global _flusher
    with _lock:
        if _flusher is not None and _flusher.pid == os.getpid() and _flusher.thread.is_alive():
            return
        _flusher = _Flusher()
        _flusher.thread.start()


def stop_flushing():
    """Stop the writing thread, then write what is left (a worker going away)."""
    global _flusher
    with _lock:
        flusher, _flusher = _flusher, None
    if flusher is not None and flusher.pid == os.getpid():
        flusher.stop.set()
        flusher.thread.join(timeout=10)
    flush()
