"""Before going live: `manage.py check --deploy` names every fact about the practice that is
still unset or fictional, each with its own id, so `--fail-level WARNING` fails until all are set.

A trial (`make run`, `make try-production`) runs happily on the placeholders; these
checks only run with `--deploy`.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.core import checks

from practice.clinic import Clinic

# North American numbers 555-0100 to 555-0199 are reserved for fiction.
FICTIONAL_PHONE = re.compile(r"555\D*01\d\d\b")


@dataclass(frozen=True)
class Fact:
    check_id: str
    variables: str
    what: str
    is_missing: object  # Clinic -> bool


def _unset(field):
    return lambda clinic: getattr(clinic, field) in ("", (), None)


FACTS = (
    Fact("practice.W001", "CLINIC_PHONE", "the phone number is the fictional 555-01xx placeholder",
         lambda clinic: not clinic.phone or bool(FICTIONAL_PHONE.search(clinic.phone))),
    Fact("practice.W002", "CLINIC_STREET_ADDRESS", "the street address is the fictional example",
         lambda clinic: not clinic.street_address or "example" in clinic.street_address.lower()),
    Fact("practice.W003", "CLINIC_HOURS and CLINIC_OPENING_HOURS", "the opening hours are a placeholder",
         lambda clinic: not clinic.hours_confirmed),
    Fact("practice.W004", "CLINIC_PHYSICIAN_BOARD", "the physician's certifying board is not named",
         _unset("physician_board")),
    Fact("practice.W005", "CLINIC_PHYSICIAN_TRAINING", "the physician's training is not listed",
         _unset("physician_training")),
    Fact("practice.W006", "CLINIC_PHYSICIAN_AFFILIATIONS",
         "the physician's hospital affiliations are not listed", _unset("physician_affiliations")),
    Fact("practice.W007", "CLINIC_INSURANCE_PLANS", "the insurance plans taken are not listed",
         _unset("insurance_plans")),
    Fact("practice.W008", "CLINIC_PARKING", "parking is not described", _unset("parking")),
    Fact("practice.W009", "CLINIC_TRANSIT", "the route from public transit is not described",
         _unset("transit")),
    Fact("practice.W010", "CLINIC_BUILDING_ACCESS", "building access is not described",
         _unset("building_access")),
    Fact("practice.W011", "NPP_CONFIRMED and NPP_EFFECTIVE_DATE",
         "the Notice of Privacy Practices is not confirmed with its effective date",
         lambda clinic: not clinic.privacy_notice_in_force),
    Fact("practice.W012", "NPP_PART2_RECORDS",
         "the practice has not said whether it holds 42 CFR Part 2 records", _unset("holds_part2_records")),
    Fact("practice.W013", "CLINIC_AFTER_HOURS", "there is no after-hours route for patients",
         _unset("after_hours")),
    Fact("practice.W014", "CLINIC_REFILL_POLICY", "the prescription refill policy is not stated",
         _unset("refill_policy")),
    Fact("practice.W015", "CLINIC_SELF_PAY_PRICES", "self-pay prices (or how to ask for them) are not stated",
         _unset("self_pay_prices")),
    Fact("practice.W016", "CLINIC_PAYMENT_PLANS", "payment plans are not stated", _unset("payment_plans")),
    Fact("practice.W017", "CLINIC_MISSED_APPOINTMENT_POLICY", "the missed-appointment policy is not stated",
         _unset("missed_appointment_policy")),
    Fact("practice.W018", "CLINIC_TAKES_MEDICARE", "whether Medicare is taken is not stated",
         _unset("takes_medicare")),
    Fact("practice.W019", "CLINIC_TAKES_MEDICAID", "whether Maryland Medicaid is taken is not stated",
         _unset("takes_medicaid")),
    Fact("practice.W020", "CLINIC_TAKES_WORKERS_COMP", "whether workers' compensation is taken is not stated",
         _unset("takes_workers_comp")),
    Fact("practice.W021", "CLINIC_TAKES_AUTO_CLAIMS", "whether auto accident claims are taken is not stated",
         _unset("takes_auto_claims")),
    Fact("practice.W022", "CLINIC_TELEHEALTH", "telehealth visits are not described", _unset("telehealth")),
    Fact("practice.W023", "CLINIC_NEW_PATIENT_FORMS", "how to get the new-patient forms is not stated",
         _unset("new_patient_forms")),
    Fact("practice.W024", "CLINIC_RECORDS_REQUESTS", "how to request medical records is not stated",
         _unset("records_requests")),
    Fact("practice.W025", "CLINIC_TREATS_IN_FACILITIES",
         "whether the physician treats patients in a hospital or surgery center is not stated",
         _unset("treats_in_facilities")),
    Fact("practice.W026", "SPANISH_TRANSLATION_REVIEWED",
         "no qualified translator has reviewed the Spanish pages (HHS, 45 CFR 92.201)",
         _unset("spanish_translation_reviewed")),
)  # fmt: skip


@checks.register(checks.Tags.security, deploy=True)
def practice_facts_are_set(app_configs, **kwargs):
    clinic = Clinic.from_settings()
    return [
        checks.Warning(
            f"Before going live: {fact.what}.",
            hint=f"Set {fact.variables} in the environment (see docs/configuration.md).",
            id=fact.check_id,
        )
        for fact in FACTS
        if fact.is_missing(clinic)
    ]


@checks.register(checks.Tags.security, deploy=True)
def practice_facts_have_spanish_words(app_configs, **kwargs):
    """A fact stated in English only shows in English on the Spanish pages."""
    missing = [
        f"{variable}_ES"
        for field, variable in settings.SPANISH_TEXT_FACTS.items()
        if settings.CLINIC.get(field) and not settings.CLINIC_SPANISH.get(field)
    ]
    if not missing:
        return []
    return [
        checks.Warning(
            "Before going live: facts stated in English have no Spanish words "
            "(the Spanish pages show the English).",
            hint=f"Set {', '.join(missing)} (see docs/configuration.md).",
            id="practice.W027",
        )
    ]
