from django.core.management.base import BaseCommand

from appointments import notifications
from appointments.models import AppointmentRequest


class Command(BaseCommand):
    help = (
        "Send the staff notifications and patient acknowledgements that could not be sent "
        "when the requests arrived (mail server down or slow). Schedule it every few minutes."
    )

    def handle(self, *args, **options):
        pending = AppointmentRequest.objects.awaiting_staff_notification() | (
            AppointmentRequest.objects.awaiting_acknowledgement()
        )
        sent = failed = 0
        for appointment_request in pending.order_by("received_at"):
            notifications.notify(appointment_request.pk)
            appointment_request.refresh_from_db()
            done = appointment_request.staff_notified_at and (
                not appointment_request.acknowledgement_due or appointment_request.acknowledged_at
            )
            if done:
                sent += 1
            else:
                failed += 1
        self.stdout.write(f"Requests brought up to date: {sent}. Still pending: {failed}.")
        if failed:
            # A non-zero exit lets the scheduler alert someone while mail stays down.
            raise SystemExit(1)
