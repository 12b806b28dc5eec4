from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from appointments.deletion import erase_orphaned_history
from appointments.models import AppointmentRequest

Status = AppointmentRequest.Status


class Command(BaseCommand):
    help = (
        "Close open appointment requests nobody has changed for APPOINTMENT_RETENTION_DAYS; "
        "then delete closed requests older than APPOINTMENT_RETENTION_DAYS (those just "
        "closed included) and suspected spam older than APPOINTMENT_SPAM_RETENTION_DAYS, with "
        "their history, and any history left by requests deleted earlier. Prints counts only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be closed and deleted; change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        now = timezone.now()
        days = settings.APPOINTMENT_RETENTION_DAYS
        cutoff = now - timedelta(days=days)
        # Every staff change (a call, a note, an owner, a status) is a "~" version in the
        # history; the "+" one is the patient's own request arriving.
        changed_since = AppointmentRequest.history.filter(history_type="~", history_date__gte=cutoff)
        untouched = (
            AppointmentRequest.objects.genuine()
            .open()
            .filter(received_at__lt=cutoff)
            .exclude(pk__in=changed_since.values("id"))
        )
        closed = AppointmentRequest.objects.filter(
            status=Status.CLOSED, is_suspected_spam=False, received_at__lt=cutoff
        )
        spam = AppointmentRequest.objects.filter(
            is_suspected_spam=True,
            received_at__lt=now - timedelta(days=settings.APPOINTMENT_SPAM_RETENTION_DAYS),
        )
        untouched_count = untouched.count()
        if dry_run:
            # Once closed, each is an old closed request like the others.
            closed_count, spam_count = closed.count() + untouched_count, spam.count()
        else:
            with transaction.atomic():
                # Through the triage, like any closing: the site closes it, no one by name.
                for appointment_request in untouched:
                    appointment_request.set_status(
                        Status.CLOSED,
                        by=None,
                        outcome=AppointmentRequest.Outcome.OTHER,
                        reason=f"Closed by the purge: untouched for more than {days} days",
                    )
                closed_count, spam_count = closed.count(), spam.count()
                # Deleting a request erases its history and its calls' history too
                # (appointments.deletion); then whatever an earlier deletion left behind.
                closed.delete()
                spam.delete()
                orphans = erase_orphaned_history()
        closing, deleting = ("Would close", "Would delete") if dry_run else ("Closed", "Deleted")
        self.stdout.write(f"{closing} {untouched_count} open request(s) untouched for more than {days} days.")
        self.stdout.write(
            f"{deleting} {closed_count} closed request(s) and {spam_count} suspected spam request(s)."
        )
        if not dry_run and orphans:
            self.stdout.write(f"Deleted {orphans} history row(s) of requests deleted earlier.")
