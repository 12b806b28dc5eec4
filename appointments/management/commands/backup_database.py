import sqlite3
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection


class Command(BaseCommand):
    help = (
        "Write a consistent copy of the SQLite database to DEST while the site keeps running "
        "(SQLite's online backup). For PostgreSQL use pg_dump (see deploy/README.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("destination", help="File to write the copy to; replaced if it exists.")

    def handle(self, *args, destination, **options):
        if connection.vendor != "sqlite":
            raise CommandError(
                f"The database is {connection.vendor}: back it up with its own tools "
                "(for PostgreSQL: pg_dump --format=custom). See deploy/README.md."
            )
        destination = Path(destination).resolve()
        partial = destination.with_name(destination.name + ".partial")
        partial.unlink(missing_ok=True)
        connection.ensure_connection()

        target = sqlite3.connect(partial)
        try:
            # Copies a consistent snapshot in steps, so writers are held up only briefly.
            connection.connection.backup(target, pages=256)
            result = target.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            target.close()
        if result != "ok":
            partial.unlink(missing_ok=True)
            raise CommandError(f"The copy failed its integrity check: {result}")
        partial.replace(destination)
        self.stdout.write(f"Backed up the database to {destination}")
