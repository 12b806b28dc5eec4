"""Facts about the practice that vary by practice are settings, and going live without them is noticed."""

import pytest
from django.core.checks import run_checks

from practice.checks import FACTS

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
