import pytest

from tools.servers import manage, production_env

pytestmark = pytest.mark.live


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """Production serves hashed static files, so collect them once for the live tests."""
    database = tmp_path_factory.mktemp("static-db") / "db.sqlite3"
    manage(production_env(f"sqlite:///{database}"), "collectstatic", "--noinput", "--verbosity", "0")


@pytest.fixture
def sqlite_database(tmp_path, collected_static):
    """A fresh, migrated SQLite file; yields its DATABASE_URL and path."""
    path = tmp_path / "db.sqlite3"
    url = f"sqlite:///{path}"
    manage(production_env(url), "migrate", "--noinput")
    return url, path
