"""deploy/README.md's backup and restore steps, run as written (with this machine's paths)."""

import shutil
import subprocess

import pytest
from django.db import connection, connections

from appointments.models import AppointmentRequest
from tests.helpers import make_request
from tests.readme_commands import RUN_HERE
from tools.servers import manage, production_env

pytestmark = pytest.mark.live

PG_DUMP, PG_RESTORE = (command for command in RUN_HERE if command.startswith(("pg_dump", "pg_restore")))


GROUP_NAMES = (
    "from django.contrib.auth.models import Group; "
    "print(*Group.objects.values_list('name', flat=True), sep='|')"
)


def groups(env):
    return manage(env, "shell", "-c", GROUP_NAMES).stdout.strip().split("|")


def add_group(env, name):
    manage(
        env,
        "shell",
        "-c",
        f"from django.contrib.auth.models import Group; Group.objects.create(name={name!r})",
    )


def test_a_sqlite_backup_copied_over_the_database_is_the_site_again(sqlite_database, tmp_path):
    url, path = sqlite_database
    env = production_env(url)
    add_group(env, "Before the backup")
    backup = tmp_path / "db-Mon.sqlite3"
    manage(env, "backup_database", str(backup))
    add_group(env, "After the backup")
    # The site stopped: copy the backup over the database and drop its write-ahead files.
    shutil.copy2(backup, path)
    for leftover in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    # Started again, the site reads the database as it was at the backup.
    names = groups(env)
    assert "Before the backup" in names
    assert "After the backup" not in names


# Restores its data afterwards as the tests after it expect (the staff groups and
# permissions the migrations made), as every test that commits does here.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_readmes_postgresql_backup_restores_what_was_there(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("for PostgreSQL: make test-postgres runs it")
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    kept = make_request(last_name="Backedup")
    shell = {
        "cwd": tmp_path,
        "env": {"PATH": "/usr/bin:/bin", "DATABASE_URL": url},
        "shell": True,
        "check": True,
    }
    subprocess.run(PG_DUMP, executable="/bin/bash", capture_output=True, **shell)  # noqa: S602
    (dump,) = tmp_path.glob("clinic-*.dump")
    AppointmentRequest.objects.all().delete()
    connections.close_all()
    restore = PG_RESTORE.replace("clinic-2026-11-25.dump", dump.name)
    subprocess.run(restore, executable="/bin/bash", capture_output=True, **shell)  # noqa: S602
    assert AppointmentRequest.objects.get().reference == kept.reference
