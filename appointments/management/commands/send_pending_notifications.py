from django.conf import settings
from django.core.management.base import BaseCommand

from appointments import notifications
from appointments.models import AppointmentRequest


class Command(BaseCommand):
    help = (
        "Send the staff notifications and patient acknowledgements that could not be sent "
        "when the requests arrived (mail server down or slow). Schedule it every few minutes."
    )

    def handle(self, *args, **options):
        pending = AppointmentRequest.objects.awaiting_acknowledgement()
        if settings.STAFF_NOTIFY_EACH_REQUEST:
            pending |= AppointmentRequest.objects.awaiting_staff_notification()
        sent = failed = 0
        for pk in pending.order_by("received_at").values_list("pk", flat=True):
            if notifications.notify(pk):
                sent += 1
            else:
                failed += 1
        self.stdout.write(f"Requests brought up to date: {sent}. Still pending: {failed}.")
        if failed:
            # A non-zero exit lets the scheduler alert someone while mail stays down.
            raise SystemExit(1)
