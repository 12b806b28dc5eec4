"""Real-browser tests: Debian's Chromium, headless, driving pytest-django's live server.

One browser for the whole session (pytest-playwright). Every test here uses the live
server, so it runs in a transactional database; ``serialized_rollback`` (set in each
module) restores what the migrations created (the staff groups, permissions) after
each test's flush.
"""

import collections
import contextlib
import os
import threading
import types

import pytest

# The sync Playwright API runs an event loop in the test thread, and Django refuses
# database queries from a thread with a running loop unless told it is safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run the live-server tests after every other database test, as pytest-django intends.

    Each flushes the database when it ends. pytest-django orders such tests last, but
    pytest then groups the tests that share pytest-playwright's session-wide
    ``browser_name`` parameter and can pull them ahead of ordinary database tests
    (any test using a fixture named ``browser`` gets that parameter too).
    """
    items.sort(key=lambda item: "live_server" in getattr(item, "fixturenames", ()))


class ServesWhateverArrives:
    """The live server's WSGI application, answering every request with the database in
    reach, whatever the test thread's state.

    A browser asks for things after a test has looked (a favicon once the page settled, a
    prefetch): such a request may arrive between two tests, when pytest-django blocks the
    database, and Django's first step with any request (closing old connections) would
    then fail with a 500 the next test sees. Each request here uses the database as the
    server found it: the test's data, or the empty one between tests.
    """

    def __init__(self, application, ensure_connection):
        self.application = application
        self.ensure_connection = ensure_connection
        self.lock = threading.Lock()
        self.requests_using = collections.Counter()

    def __call__(self, environ, start_response):
        with self.database_in_reach():
            response = self.application(environ, start_response)
            try:
                return list(response)
            finally:
                # Django's request_finished, with its own look at the connections.
                response.close()

    @contextlib.contextmanager
    def database_in_reach(self):
        """An attribute of each connection object this request uses shadows the blocker
        (which swaps the method on the class) while any request uses that object."""
        from django.db import connections

        used = [connections[alias] for alias in connections]
        with self.lock:
            for connection in used:
                if not self.requests_using[id(connection)]:
                    connection.ensure_connection = types.MethodType(self.ensure_connection, connection)
                self.requests_using[id(connection)] += 1
        try:
            yield
        finally:
            with self.lock:
                for connection in used:
                    self.requests_using[id(connection)] -= 1
                    if not self.requests_using[id(connection)]:
                        del connection.ensure_connection


@pytest.fixture(scope="session")
def live_server(live_server, django_db_blocker):
    """pytest-django's live server, serving late requests too (see ServesWhateverArrives)."""
    from django.db.backends.base.base import BaseDatabaseWrapper

    with django_db_blocker.unblock():
        ensure_connection = BaseDatabaseWrapper.ensure_connection
    server = live_server.thread.httpd
    server.set_app(ServesWhateverArrives(server.get_app(), ensure_connection))
    return live_server


@pytest.fixture(scope="session")
def _connections_before_playwright():
    """Django's database connections as the test thread knows them before Playwright starts."""
    from django.db import connections

    return {alias: connections[alias] for alias in connections}


@pytest.fixture(scope="session")
def playwright(_connections_before_playwright, playwright):
    """Keep one database connection per alias once Playwright is running.

    The sync API leaves its event loop marked as running in the test thread, and
    Django's connections are then looked up per async context instead of per thread:
    the test would get a second connection, without the serialized copy of the
    database that ``serialized_rollback`` restores (the staff groups and permissions
    the migrations created would be lost after the first test).
    """
    from django.db import connections

    for alias, connection in _connections_before_playwright.items():
        connections[alias] = connection
    return playwright


@pytest.fixture(scope="session")
def base_url():
    """No base URL: every test goes to ``live_server.url``. Defined here because
    pytest-playwright's own stand-in is a method of a plugin object, a form of session
    fixture that pytest 9 deprecates (and the suite turns deprecations into errors)."""
    return None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def journey_settings(settings):
    """People here fill the form in fast, and send more requests than the rate limit allows.

    The rate limit counts in a cache table that a test's flush leaves alone, so the
    counts are emptied before and after (in the database cache only: a Redis store
    may be someone else's).
    """
    from django.core.cache import caches
    from django.core.cache.backends.db import DatabaseCache

    settings.APPOINTMENT_MIN_FILL_SECONDS = 0
    settings.APPOINTMENT_RATE_LIMIT = "1000/h"
    counts = caches["ratelimit"]
    emptied = isinstance(counts, DatabaseCache)
    if emptied:
        counts.clear()
    yield settings
    if emptied:
        counts.clear()
