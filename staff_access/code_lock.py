"""The code step's own lock-out: wrong codes counted per person, whatever the address.

Wrong passwords are django-axes' to count (per username and address), and a correct
password clears them: were codes counted with them, each password would buy more
guesses at the code. So wrong codes are counted here, for the person: after
ADMIN_LOCKOUT_FAILURES of them, the code step is closed to that person for
ADMIN_LOCKOUT_MINUTES from the last one, wherever they sign in from. Only a correct code
clears the count.
"""

import math
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from staff_access.models import WrongCodes


def record_wrong_code(user):
    now = timezone.now()
    with transaction.atomic():
        entry, _ = WrongCodes.objects.select_for_update().get_or_create(
            user=user, defaults={"count": 0, "last_at": now}
        )
        if entry.last_at <= now - settings.AXES_COOLOFF_TIME:
            # The last wrong code was long enough ago: this one starts a new count.
            entry.count = 0
        entry.count += 1
        entry.last_at = now
        entry.save()


def time_left(user):
    """How long the code step stays closed to ``user`` (whole minutes, rounded up), or None."""
    entry = WrongCodes.objects.filter(user=user, count__gte=settings.AXES_FAILURE_LIMIT).first()
    if entry is None:
        return None
    left = entry.last_at + settings.AXES_COOLOFF_TIME - timezone.now()
    if left <= timedelta(0):
        return None
    return timedelta(minutes=math.ceil(left.total_seconds() / 60))


def clear(user):
    WrongCodes.objects.filter(user=user).delete()
