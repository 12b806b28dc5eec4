"""What the patient sent, described once, in the order staff read it.

The request page's read-only fields and the CSV export's columns are both built from
``PATIENT_FIELDS``: a new field of the form is one entry here, and the export cannot
fall out of step with the page.
"""

import copy
from dataclasses import dataclass
from typing import Any

from django.utils import timezone


def patient_phone(appointment_request):
    """The patient's number with the extension they typed, if any."""
    phone = copy.copy(appointment_request.phone)
    phone.extension = appointment_request.phone_extension or None
    return phone


def phone_for_staff(phone):
    """US numbers as staff dial them, (301) 555-0123 ext. 12; others in full."""
    if phone.country_code == 1:
        return phone.as_national
    return phone.as_international


def phone_link_for_staff(appointment_request):
    """The number as a tel: link (RFC 3966, ";ext=12") and as staff read it."""
    phone = patient_phone(appointment_request)
    return phone.as_rfc3966, phone_for_staff(phone)


def phone_for_export(phone):
    """US numbers as staff dial them; others in E.164 (+442079460000), which a spreadsheet
    keeps as one value, without the spaces that would make it look like a formula."""
    if phone.country_code == 1:
        return phone.as_national
    return phone.as_e164


@dataclass(frozen=True)
class PatientField:
    name: str
    label: str
    # How the value reads for staff, from the request.
    read: Any
    exported: bool = True
    # How the value is written in the CSV export, when not as it reads on the page.
    export: Any = None

    def value(self, appointment_request):
        return self.read(appointment_request)

    def exported_value(self, appointment_request):
        return (self.export or self.read)(appointment_request)


def _attribute(name):
    return lambda appointment_request: getattr(appointment_request, name)


def _display(name):
    return lambda appointment_request: getattr(appointment_request, f"get_{name}_display")()


PATIENT_FIELDS = (
    PatientField("first_name", "first name", _attribute("first_name")),
    PatientField("last_name", "last name", _attribute("last_name")),
    PatientField(
        "phone",
        "phone",
        lambda r: phone_for_staff(patient_phone(r)),
        export=lambda r: phone_for_export(patient_phone(r)),
    ),
    PatientField("email", "email", _attribute("email")),
    PatientField("preferred_contact", "preferred contact method", _display("preferred_contact")),
    # "Spanish", or the other language the patient named ("Amharic").
    PatientField("preferred_language", "language for calls", lambda r: r.calls_in.removeprefix("Calls in ")),
    PatientField("language", "language of the form", _display("language")),
    PatientField("patient_type", "new or returning", _display("patient_type")),
    PatientField("reason", "reason for the visit", _display("reason")),
    PatientField("message", "message", _attribute("message")),
    PatientField("preferred_days", "preferred days", _display("preferred_days")),
    PatientField("preferred_time", "preferred time of day", _display("preferred_time")),
    PatientField("insurance", "insurance", _attribute("insurance")),
    PatientField(
        "consent_to_contact",
        "consent to be contacted",
        lambda r: "Yes" if r.consent_to_contact else "No",
        exported=False,
    ),
)


def local_time(moment):
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else ""
