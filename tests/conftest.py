"""Fast settings for the test run, set here rather than in a copy of the settings, and the
clock every test runs at (``tests/clock.py``)."""

import subprocess
from pathlib import Path

import pytest
import time_machine
from django.conf import settings

from tests.clock import DEFAULT_MOMENT, MOMENTS, clinic_time


def _compile_the_catalogues():
    """Run on the catalogues as they are written: a .po edited since its .mo was made
    (as `make` makes it) is compiled again, so no test reads stale translations."""
    for po in Path(settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/django.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            subprocess.run(["msgfmt", "--check", "-o", str(mo), str(po)], check=True)  # noqa: S607


def pytest_configure(config):
    _compile_the_catalogues()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Plain storage: templates resolve static URLs without a collected manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.STAFF_NOTIFICATION_EMAILS = ["frontdesk@clinic.test"]
    # whitenoise serves straight from the source folders, nothing collected.
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    # Tests write analytics counts when they choose (counter.flush), never mid-request.
    settings.ANALYTICS_FLUSH_SECONDS = 24 * 60 * 60


def pytest_generate_tests(metafunc):
    """A test that takes ``clinic_moment`` runs at every moment of ``tests.clock.MOMENTS``."""
    if "clinic_moment" in metafunc.fixturenames:
        metafunc.parametrize("clinic_moment", list(MOMENTS), indirect=True)


@pytest.fixture
def clinic_moment(request):
    """The moment this run of the test is set at (the clock stands still there)."""
    return MOMENTS[request.param]


@pytest.fixture(autouse=True)
def _clock(request):
    """Set the clock for every test: at its ``clinic_moment``, its ``clock_at`` moment, or
    the default weekday morning; servers in other processes keep the real clock, and so
    do the tests that talk to them."""
    if request.node.get_closest_marker("live"):
        yield
        return
    marker = request.node.get_closest_marker("clock_at")
    if "clinic_moment" in request.fixturenames:
        moment, tick = request.getfixturevalue("clinic_moment"), False
    elif marker:
        moment, tick = clinic_time(marker.args[0]), False
    else:
        moment, tick = DEFAULT_MOMENT, True
    with time_machine.travel(moment, tick=tick):
        yield


@pytest.fixture(autouse=True)
def _fresh_analytics_buffer():
    """Counts buffered in memory by one test never spill into another."""
    from analytics import counter

    counter.discard()


@pytest.fixture(autouse=True)
def _fresh_memory_cache():
    """Each test starts with an empty in-memory cache, which outlives test transactions.

    The rate limit's database cache needs no clearing: its rows roll back with each test.
    """
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    for cache in caches.all():
        if isinstance(cache, LocMemCache):
            cache.clear()
