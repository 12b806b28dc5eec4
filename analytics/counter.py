"""Counts kept in this process's memory and written to the database in batches.

Counting must never slow a page: each view adds one to a dictionary, and the counts
are written at most every ANALYTICS_FLUSH_SECONDS (and when a gunicorn worker exits).
A batch lost to a crash is an accepted cost.
"""

import logging
import threading
import time
from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from analytics.models import PageView, RequestOrigin, TrafficSource

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_page_views = Counter()
_sources = Counter()
_requests = Counter()
_last_flush = time.monotonic()

DIRECT = "(direct or unknown)"


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
    with _lock:
        _page_views[(day, path)] += 1
        for kind, name in sources:
            _sources[(day, path, kind, name)] += 1


def count_request(came_from):
    with _lock:
        _requests[(today(), came_from or DIRECT)] += 1


def _take():
    """Empty the buffers and return what they held."""
    global _last_flush
    with _lock:
        taken = (dict(_page_views), dict(_sources), dict(_requests))
        for buffer in (_page_views, _sources, _requests):
            buffer.clear()
        _last_flush = time.monotonic()
    return taken


def discard():
    """Drop whatever is buffered (a fresh start, as after a process restart)."""
    _take()


def flush_if_due():
    if time.monotonic() - _last_flush >= settings.ANALYTICS_FLUSH_SECONDS:
        flush()


def flush():
    """Write the buffered counts. Never raises: analytics must not break a page."""
    page_views, sources, requests = _take()
    batches = (
        (PageView, "path", "views", page_views),
        (TrafficSource, None, "visits", sources),
        (RequestOrigin, "path", "requests", requests),
    )
    try:
        with transaction.atomic():
            for model, key_field, count_field, counts in batches:
                for key, count in counts.items():
                    _add(model, key_field, count_field, key, count)
    except DatabaseError:
        logger.warning("Analytics counts could not be written; this batch is dropped")


def _add(model, key_field, count_field, key, count):
    if key_field:
        day, value = key
        lookup = {"day": day, key_field: value}
    else:
        day, path, kind, name = key
        lookup = {"day": day, "path": path, "kind": kind, "name": name}
    if model.objects.filter(**lookup).update(**{count_field: F(count_field) + count}):
        return
    try:
        with transaction.atomic():
            model.objects.create(**lookup, **{count_field: count})
    except IntegrityError:
        # Another process created the row a moment ago.
        model.objects.filter(**lookup).update(**{count_field: F(count_field) + count})
