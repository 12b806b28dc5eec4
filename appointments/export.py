"""The CSVs a practice manager downloads: the requests, and their notes and calls.

Both open in a spreadsheet as they are: UTF-8 with a byte-order mark (so Excel reads
"José" as José), no cell a spreadsheet would run as a formula, and phone numbers that
keep their "+". Staff are named as the staff pages name them (full names). Every export
is written to the access log, one row per request.
"""

import csv
import re

from django.db.models import Count, Min, OuterRef, Q, Subquery
from django.http import HttpResponse

from appointments.models import CallAttempt, RequestAccess, StaffNote
from appointments.patient_fields import PATIENT_FIELDS, local_time
from appointments.staff import staff_name, staff_names

BYTE_ORDER_MARK = "\ufeff"

EXPORT_COLUMNS = (
    "reference",
    "received_at",
    *(field.name for field in PATIENT_FIELDS if field.exported),
    "status",
    "outcome",
    "handled_by",
    "owner",
    "status_changed_at",
    "appointment_at",
    "first_call_attempt",
    "first_reached",
    "attempts",
    "latest_call_outcome",
)

NOTES_AND_CALLS_COLUMNS = ("reference", "when", "kind", "by", "call_outcome", "struck_out", "text")

# What spreadsheets take as the start of a formula, the full-width forms included
# (some versions of Excel read those too).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# A signed number is a value in every spreadsheet, never a formula: "+442079460000" is
# left as it is rather than spoilt by a quote.
SIGNED_NUMBER = re.compile(r"[+-]\d+(\.\d+)?\Z")
CALL_OUTCOMES = dict(CallAttempt.Outcome.choices)
# What the notes-and-calls CSV calls each way of reaching the patient.
CONTACT_KINDS = {"phone": "call", "email": "e-mail", "text": "text message"}


def csv_safe(value):
    """Keep spreadsheet programs from running a cell as a formula (CSV injection).

    A cell that starts like a formula gets a leading apostrophe, which spreadsheets take
    as "this is text"; a plain signed number (an E.164 phone number) is no formula and
    stays intact.
    """
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not SIGNED_NUMBER.match(text):
        return "'" + text
    return text


def csv_response(filename):
    """A CSV download that starts with the byte-order mark, so Excel reads it as UTF-8."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write(BYTE_ORDER_MARK)
    return response


def with_call_figures(queryset):
    """The requests with their first call, first reached call, attempts and latest call's
    outcome, read in the same query (struck-out calls do not count)."""
    live = Q(call_attempts__struck_at__isnull=True)
    latest_call = CallAttempt.objects.filter(
        appointment_request=OuterRef("pk"), struck_at__isnull=True
    ).order_by("-attempted_at", "-pk")
    return queryset.select_related("handled_by", "assigned_to").annotate(
        first_call_at=Min("call_attempts__attempted_at", filter=live),
        first_reached_at=Min(
            "call_attempts__attempted_at", filter=live & Q(call_attempts__outcome=CallAttempt.Outcome.REACHED)
        ),
        live_attempts=Count("call_attempts", filter=live),
        latest_call_outcome=Subquery(latest_call.values("outcome")[:1]),
    )


def export_row(appointment_request):
    r = appointment_request
    return (
        r.reference,
        local_time(r.received_at),
        *(field.exported_value(r) for field in PATIENT_FIELDS if field.exported),
        r.get_status_display(),
        r.get_outcome_display(),
        staff_name(r.handled_by, missing=""),
        staff_name(r.assigned_to, missing=""),
        local_time(r.status_changed_at),
        local_time(r.appointment_at),
        local_time(r.first_call_at),
        local_time(r.first_reached_at),
        r.live_attempts,
        CALL_OUTCOMES.get(r.latest_call_outcome, ""),
    )


def export_requests(queryset, user):
    """The requests chosen, oldest first, one row each; recorded in the access log."""
    rows = list(with_call_figures(queryset).order_by("received_at"))
    response = csv_response("appointment-requests.csv")
    writer = csv.writer(response)
    writer.writerow(EXPORT_COLUMNS)
    for appointment_request in rows:
        writer.writerow([csv_safe(value) for value in export_row(appointment_request)])
    RequestAccess.record(user, rows, RequestAccess.Kind.EXPORT)
    return response


def notes_and_calls_rows(request_ids):
    """Every call and note of these requests, by request and in time order."""
    calls = list(
        CallAttempt.objects.filter(appointment_request_id__in=request_ids).values_list(
            "appointment_request__reference",
            "attempted_at",
            "made_by",
            "channel",
            "outcome",
            "struck_at",
            "note",
        )
    )
    notes = list(
        StaffNote.objects.filter(appointment_request_id__in=request_ids).values_list(
            "appointment_request__reference", "written_at", "author", "text"
        )
    )
    names = staff_names([by for _, _, by, *_ in calls] + [by for _, _, by, _ in notes])
    entries = [
        (
            reference,
            when,
            CONTACT_KINDS.get(channel, channel),
            names.get(by, ""),
            CALL_OUTCOMES.get(outcome, outcome),
            "yes" if struck else "",
            text,
        )
        for reference, when, by, channel, outcome, struck, text in calls
    ]
    entries += [
        (reference, when, "note", names.get(by, ""), "", "", text) for reference, when, by, text in notes
    ]
    entries.sort(key=lambda entry: (entry[0], entry[1]))
    return [(reference, local_time(when), *rest) for reference, when, *rest in entries]


def export_notes_and_calls(queryset, user):
    """The notes and calls of the requests chosen, as a second CSV; recorded in the access log."""
    requests = list(queryset.select_related(None).order_by().only("pk", "reference"))
    response = csv_response("appointment-requests-notes-and-calls.csv")
    writer = csv.writer(response)
    writer.writerow(NOTES_AND_CALLS_COLUMNS)
    for row in notes_and_calls_rows([r.pk for r in requests]):
        writer.writerow([csv_safe(value) for value in row])
    RequestAccess.record(user, requests, RequestAccess.Kind.EXPORT)
    return response
