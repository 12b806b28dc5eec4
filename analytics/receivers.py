from django.dispatch import receiver

from analytics import counter
from appointments.signals import appointment_request_received


@receiver(appointment_request_received)
def count_request(sender, came_from="", **kwargs):
    counter.count_request(came_from)
