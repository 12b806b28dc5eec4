from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from appointments.deletion import erase_orphaned_history
from appointments.models import AppointmentRequest


class Command(BaseCommand):
    help = (
        "Delete closed appointment requests older than APPOINTMENT_RETENTION_DAYS and suspected "
        "spam older than APPOINTMENT_SPAM_RETENTION_DAYS, with their history, and any history "
        "left by requests deleted earlier. Prints counts only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be deleted; delete nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        now = timezone.now()
        closed = AppointmentRequest.objects.filter(
            status=AppointmentRequest.Status.CLOSED,
            is_suspected_spam=False,
            received_at__lt=now - timedelta(days=settings.APPOINTMENT_RETENTION_DAYS),
        )
        spam = AppointmentRequest.objects.filter(
            is_suspected_spam=True,
            received_at__lt=now - timedelta(days=settings.APPOINTMENT_SPAM_RETENTION_DAYS),
        )
        closed_count, spam_count = closed.count(), spam.count()
        if not dry_run:
            with transaction.atomic():
                # Deleting a request erases its history and its calls' history too
                # (appointments.deletion); then whatever an earlier deletion left behind.
                closed.delete()
                spam.delete()
                orphans = erase_orphaned_history()
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb} {closed_count} closed request(s) and {spam_count} suspected spam request(s)."
        )
        if not dry_run and orphans:
            self.stdout.write(f"Deleted {orphans} history row(s) of requests deleted earlier.")
