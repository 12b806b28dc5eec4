"""Who counts as staff for the front desk's choices: active members of the two groups."""

from django.contrib.auth import get_user_model

STAFF_GROUPS = ("Front desk", "Practice manager")


def triage_staff():
    """Active users in the Front desk or Practice manager group, by name."""
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True, groups__name__in=STAFF_GROUPS)
        .distinct()
        .order_by("username")
    )
