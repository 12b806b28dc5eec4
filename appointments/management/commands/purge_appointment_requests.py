from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from appointments.models import AppointmentRequest, CallAttempt


class Command(BaseCommand):
    help = (
        "Delete closed appointment requests older than APPOINTMENT_RETENTION_DAYS and suspected "
        "spam older than APPOINTMENT_SPAM_RETENTION_DAYS, with their history. Prints counts only."
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
                ids = list(closed.values_list("pk", flat=True)) + list(spam.values_list("pk", flat=True))
                call_ids = list(
                    CallAttempt.objects.filter(appointment_request_id__in=ids).values_list("pk", flat=True)
                )
                AppointmentRequest.objects.filter(pk__in=ids).delete()
                # The history holds copies of what the patient sent: it goes too,
                # including the "deleted" records written a moment ago.
                AppointmentRequest.history.filter(id__in=ids).delete()
                CallAttempt.history.filter(id__in=call_ids).delete()
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb} {closed_count} closed request(s) and {spam_count} suspected spam request(s)."
        )
