"""Facts about the practice that vary by practice are settings, and going live without them is noticed."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.checks import run_checks
from django.utils import translation

from practice.checks import FACTS
from practice.clinic import Clinic
from tests.helpers import valid_form_data

STATED = {
    "phone": "(301) 474-0000",
    "street_address": "7500 Greenway Center Drive, Suite 1",
    "hours_confirmed": True,
    "physician_board": "American Board of Anesthesiology",
    "physician_training": ("Residency in anesthesiology",),
    "physician_affiliations": ("A hospital nearby",),
    "insurance_plans": ("Plan A",),
    "parking": "Free parking.",
    "transit": "A short walk from the station.",
    "building_access": "Step-free entrance.",
    "privacy_notice_confirmed": True,
    "privacy_notice_effective": "January 1, 2027",
    "holds_part2_records": False,
    "after_hours": "Call our main number and choose 1 for the doctor on call.",
    "refill_policy": "Ask three business days ahead.",
    "self_pay_prices": "Ask us for a price list.",
    "payment_plans": "Ask about a payment plan.",
    "missed_appointment_policy": "No fee.",
    "takes_medicare": True,
    "takes_medicaid": False,
    "takes_workers_comp": False,
    "takes_auto_claims": True,
    "telehealth": "Video visits for follow-ups.",
    "new_patient_forms": "We mail them.",
    "records_requests": "Write to us.",
    "treats_in_facilities": False,
    "spanish_translation_reviewed": "2027-01-15",
}


# The same facts in Spanish, as a practice gives them for the pages under /es/.
STATED_IN_SPANISH = {field: f"{STATED[field]} (en español)" for field in (
    "parking", "transit", "building_access", "after_hours", "refill_policy", "self_pay_prices",
    "payment_plans", "missed_appointment_policy", "telehealth", "new_patient_forms", "records_requests",
)}  # fmt: skip


@pytest.fixture(autouse=True)
def _spanish_words_stated(settings):
    settings.CLINIC_SPANISH = {**settings.CLINIC_SPANISH, **STATED_IN_SPANISH}


def practice_warnings():
    found = run_checks(include_deployment_checks=True)
    return {message.id for message in found if message.id.startswith("practice.")}


def test_each_fact_has_its_own_check_id():
    ids = [fact.check_id for fact in FACTS]
    assert len(set(ids)) == len(ids) == 26


def test_placeholders_give_one_warning_per_fact_before_going_live():
    assert practice_warnings() == {fact.check_id for fact in FACTS}


def test_no_warning_once_the_practice_has_stated_every_fact(settings):
    settings.CLINIC = {**settings.CLINIC, **STATED}
    assert practice_warnings() == set()


@pytest.mark.parametrize("phone", ["(301) 555-0142", "301-555-0199", ""])
def test_a_fictional_or_empty_phone_number_is_still_warned_about(settings, phone):
    settings.CLINIC = {**settings.CLINIC, **STATED, "phone": phone}
    assert practice_warnings() == {"practice.W001"}


def test_a_confirmed_privacy_notice_without_its_date_is_still_warned_about(settings):
    settings.CLINIC = {**settings.CLINIC, **STATED, "privacy_notice_effective": ""}
    assert practice_warnings() == {"practice.W011"}


def test_a_no_is_a_stated_fact_but_silence_is_not(settings):
    settings.CLINIC = {**settings.CLINIC, **STATED, "takes_medicaid": None, "treats_in_facilities": False}
    assert practice_warnings() == {"practice.W019"}


def test_a_yes_or_no_fact_that_is_neither_stops_the_site_at_start_up():
    from tools.servers import run_python

    env = {"PATH": "/usr/bin:/bin", "CLINIC_TAKES_MEDICARE": "maybe"}
    result = run_python("manage.py", "check", env=env, timeout=60)
    assert result.returncode != 0
    assert "CLINIC_TAKES_MEDICARE must be yes or no" in result.stderr


def test_a_fact_stated_in_english_only_is_warned_about_for_the_spanish_pages(settings):
    settings.CLINIC = {**settings.CLINIC, **STATED}
    settings.CLINIC_SPANISH = {**settings.CLINIC_SPANISH, "refill_policy": ""}
    found = run_checks(include_deployment_checks=True)
    (warning,) = [message for message in found if message.id.startswith("practice.")]
    assert warning.id == "practice.W027"
    assert "CLINIC_REFILL_POLICY_ES" in warning.hint


def test_a_spanish_page_reads_a_fact_in_the_practices_spanish_words(settings):
    settings.CLINIC = {**settings.CLINIC, "hours": "Monday to Thursday, 8 to 4", "parking": "Free parking."}
    settings.CLINIC_SPANISH = {
        **settings.CLINIC_SPANISH,
        "hours": "De lunes a jueves, de 8 a 4",
        "parking": "",
    }
    with translation.override("es"):
        spanish = Clinic.from_settings()
    assert spanish.hours == "De lunes a jueves, de 8 a 4"
    assert spanish.parking == "Free parking."  # no Spanish words given: the English ones
    assert Clinic.from_settings().hours == "Monday to Thursday, 8 to 4"


@pytest.mark.django_db
def test_a_fact_given_in_english_only_is_marked_as_english_on_the_spanish_page(client, settings):
    settings.CLINIC = {**settings.CLINIC, "parking": "Free parking behind the building."}
    settings.CLINIC_SPANISH = {**settings.CLINIC_SPANISH, "parking": ""}
    cache.clear()
    spanish = client.get("/es/contacto/").content.decode()
    # A screen reader reads it as English (WCAG 3.1.2, language of parts).
    assert '<span lang="en">Free parking behind the building.</span>' in spanish
    english = client.get("/contact/").content.decode()
    assert "Free parking behind the building." in english
    assert '<span lang="en">Free parking' not in english
    # Once the practice gives the Spanish words, they show unmarked.
    settings.CLINIC_SPANISH = {
        **settings.CLINIC_SPANISH,
        "parking": "Estacionamiento gratis detrás del edificio.",
    }
    cache.clear()
    spanish = client.get("/es/contacto/").content.decode()
    assert "<p>Estacionamiento gratis detrás del edificio.</p>" in spanish
    assert "Free parking" not in spanish


@pytest.mark.django_db
def test_a_promise_given_in_english_only_is_marked_on_spanish_pages_and_plain_in_the_email(
    client, settings, django_capture_on_commit_callbacks
):
    settings.APPOINTMENT_RESPONSE_PROMISE = "We will call you by the end of the next working day."
    settings.APPOINTMENT_RESPONSE_PROMISE_ES = ""
    settings.APPOINTMENT_ACKNOWLEDGE_PATIENT = True
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/es/solicitar-cita/", valid_form_data(preferred_language="es"))
    thanks = client.get(response["Location"]).content.decode()
    assert '<span lang="en">We will call you by the end of the next working day.</span>' in thanks
    (acknowledgement,) = [message for message in mail.outbox if message.to == ["maria@example.com"]]
    assert "We will call you by the end of the next working day." in acknowledgement.body
    assert "<span" not in acknowledgement.body
