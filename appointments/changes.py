"""What staff changed on a request, as staff read it: from its history, its calls and notes.

The history page lists each change with the fields it moved; a save refused because a
colleague saved first spells out the colleague's changes the same way, with the calls
and notes they logged, so the person sees exactly what happened before sending theirs
again.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.text import capfirst

from appointments.models import AppointmentRequest
from appointments.staff import staff_names, staff_time

# The fields a request's history shows changes of: what staff decide.
HISTORY_FIELDS = (
    "status",
    "outcome",
    "handled_by",
    "assigned_to",
    "next_action_at",
    "appointment_at",
    "is_suspected_spam",
)


def readable_changes(newer, older, names):
    """What staff changed between two versions, as staff read it: labels not codes, names
    not ids, empty as "(empty)", whole texts. The template escapes every value."""
    changes = []
    for name in HISTORY_FIELDS:
        model_field = AppointmentRequest._meta.get_field(name)
        old, new = getattr(older, model_field.attname), getattr(newer, model_field.attname)
        if old != new:
            changes.append(
                {
                    "field": capfirst(model_field.verbose_name),
                    "old": readable(model_field, old, names),
                    "new": readable(model_field, new, names),
                }
            )
    return changes


def readable(model_field, value, names):
    if value in (None, ""):
        return "(empty)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    if model_field.is_relation:
        return names.get(value, "(a deleted account)")
    if hasattr(value, "tzinfo"):
        return staff_time(value)
    return str(value)


@dataclass
class Change:
    """One saved change: who, when, why (the history's change reason), the fields it moved,
    and the calls and notes it logged, with their words."""

    who: str
    when: str
    what: str
    fields: list = field(default_factory=list)
    logged: list = field(default_factory=list)


def changes_since(appointment_request, version):
    """The changes saved on top of ``version`` of the request, oldest first."""
    records = list(appointment_request.history.filter(version__gte=version).order_by("version", "history_id"))
    calls = appointment_request.call_attempts.filter(version__gt=version).select_related("made_by")
    notes = appointment_request.notes.filter(version__gt=version)
    logged = defaultdict(list)
    for call in calls:
        logged[call.version].append(
            f"{call.get_channel_display()}, {call.get_outcome_display()}"
            + (f': "{call.note}"' if call.note else "")
        )
    for note in notes:
        logged[note.version].append(f'Note: "{note.text}"')
    names = staff_names(
        [r.history_user_id for r in records]
        + [user for r in records for user in (r.handled_by_id, r.assigned_to_id)]
    )
    changes = []
    for older, newer in zip([None, *records], records, strict=False):
        if newer.version <= version:
            continue
        changes.append(
            Change(
                who=names.get(newer.history_user_id, "Someone signed out or since deleted"),
                when=staff_time(newer.history_date),
                what=newer.history_change_reason or "Details of the request",
                fields=readable_changes(newer, older, names) if older is not None else [],
                logged=logged[newer.version],
            )
        )
    return changes
