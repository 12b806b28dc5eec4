"""What the appointments app tells the rest of the site."""

from django.dispatch import Signal

# Sent when a genuine (not suspected spam) appointment request has been stored, after
# the commit. Argument: came_from, the site path the patient came to the form from, or "".
# Listeners get no patient data and no reference: only where the patient came from.
appointment_request_received = Signal()
