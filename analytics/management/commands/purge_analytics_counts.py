from django.conf import settings
from django.core.management.base import BaseCommand

from analytics.retention import purge_old_counts


class Command(BaseCommand):
    help = "Delete analytics counts older than ANALYTICS_RETENTION_DAYS. Prints a count only."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be deleted; delete nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        count = purge_old_counts(dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb} {count} analytics count(s) older than {settings.ANALYTICS_RETENTION_DAYS} days."
        )
