from django.dispatch import Signal

# Sent when a genuine (not suspected spam) appointment request has been stored.
# Argument: came_from, the site path the patient came to the form from, or "".
appointment_request_received = Signal()
