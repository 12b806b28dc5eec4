"""The CSV a practice manager downloads: the patient's fields, then what staff recorded."""

import csv

from django.http import HttpResponse

from appointments.patient_fields import PATIENT_FIELDS, local_time

EXPORT_COLUMNS = (
    "reference",
    "received_at",
    *(field.name for field in PATIENT_FIELDS if field.exported),
    "status",
    "outcome",
    "handled_by",
    "owner",
    "status_changed_at",
)


def export_row(appointment_request):
    r = appointment_request
    return (
        r.reference,
        local_time(r.received_at),
        *(field.value(r) for field in PATIENT_FIELDS if field.exported),
        r.get_status_display(),
        r.get_outcome_display(),
        r.handled_by.get_username() if r.handled_by else "",
        r.assigned_to.get_username() if r.assigned_to else "",
        local_time(r.status_changed_at),
    )


def csv_safe(value):
    """Keep spreadsheet programs from running a cell as a formula (CSV injection)."""
    text = str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def export_csv_response(appointment_requests):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="appointment-requests.csv"'
    writer = csv.writer(response)
    writer.writerow(EXPORT_COLUMNS)
    for appointment_request in appointment_requests:
        writer.writerow([csv_safe(value) for value in export_row(appointment_request)])
    return response
