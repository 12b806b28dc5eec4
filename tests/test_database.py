"""The suite runs on the database DATABASE_URL names, not silently on SQLite."""

import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_suite_runs_on_the_configured_database():
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


@pytest.mark.django_db
def test_no_model_change_is_missing_a_migration():
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
