"""What happens to a staff member's second factor when their session ends."""

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

from staff_access.devices import void_set_up


@receiver(user_logged_out)
def void_key_of_ended_session(sender, request, user, **kwargs):
    # Sent before the session is flushed: the key it was showing goes with it.
    if request is not None:
        void_set_up(request)
