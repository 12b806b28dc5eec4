"""Deleting a request is final, whatever the path (admin, a bulk action, the purge, the shell).

Its history and its calls' history hold copies of what the patient sent, so they go with
it; only the access log keeps the reference, who read it and when.
"""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from appointments.models import AppointmentRequest, CallAttempt


def erase_history_of(request_ids):
    """Delete every history row of these requests and of their calls; returns how many."""
    erased = AppointmentRequest.history.filter(id__in=request_ids).delete()[0]
    return erased + CallAttempt.history.filter(appointment_request_id__in=request_ids).delete()[0]


def erase_orphaned_history():
    """History rows left by requests or calls deleted before deletion erased them."""
    live_requests = AppointmentRequest.objects.values("pk")
    erased = AppointmentRequest.history.exclude(id__in=live_requests).delete()[0]
    erased += CallAttempt.history.exclude(appointment_request_id__in=live_requests).delete()[0]
    return erased


@receiver(post_delete, sender=AppointmentRequest)
def forget_deleted_request(sender, instance, **kwargs):
    # The calls are deleted (and their "deleted" history written) before the request.
    erase_history_of([instance.pk])
