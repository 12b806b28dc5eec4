"""Staff as the staff pages name them, and moments as they read them.

Who counts as staff for the front desk's choices: active members of the two groups.
Everyone is named by their full name (the username when no name is set), and every
moment is written one way, so a page never mixes "Dec 08, 14:30" with "Dec. 8, 2 p.m.".
"""

from django.contrib.auth import get_user_model
from django.utils import timezone

STAFF_GROUPS = ("Front desk", "Practice manager")


def triage_staff():
    """Active users in the Front desk or Practice manager group, by name."""
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True, groups__name__in=STAFF_GROUPS)
        .distinct()
        .order_by("username")
    )


def staff_name(user, missing="a former colleague"):
    """A member of staff as colleagues know them: "Amina Diallo", or the username."""
    if user is None:
        return missing
    return user.get_full_name() or user.get_username()


def staff_names(user_ids):
    """{user id: full name} for these ids, in one query (none for no ids)."""
    ids = set(user_ids) - {None}
    if not ids:
        return {}
    return {user.pk: staff_name(user) for user in get_user_model().objects.filter(pk__in=ids)}


def staff_date(moment):
    """A day as staff read it: "Tue Dec 8", with the year when it is not this year's."""
    local = timezone.localtime(moment) if hasattr(moment, "tzinfo") else moment
    text = f"{local:%a %b} {local.day}"
    if local.year != timezone.localdate().year:
        text += f" {local.year}"
    return text


def staff_time(moment):
    """A moment as staff read it: "Tue Dec 8, 14:30" (the clinic's time, 24-hour clock)."""
    if moment is None:
        return ""
    return f"{staff_date(moment)}, {timezone.localtime(moment):%H:%M}"
