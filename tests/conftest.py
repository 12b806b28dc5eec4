"""Fast settings for the test run, set here rather than in a copy of the settings."""

import pytest
from django.conf import settings


def pytest_configure(config):
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
