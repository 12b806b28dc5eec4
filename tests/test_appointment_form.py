"""The patient's side of appointment requests: validation, storage, spam and limits."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from appointments.models import AppointmentRequest
from tests.helpers import (
    FORM_URL,
    THANKS_URL,
    assert_everything_typed_is_kept,
    form_token,
    submit,
    token_in,
    valid_form_data,
)


@pytest.mark.django_db
def test_form_page_says_it_is_not_for_emergencies(client):
    html = client.get(FORM_URL).content.decode()
    assert "This form is not for emergencies" in html
    assert "call 911" in html


@pytest.mark.django_db
def test_form_fields_carry_autocomplete_hints(client):
    html = client.get(FORM_URL).content.decode()
    for hint in ("given-name", "family-name", "tel", "email"):
        assert f'autocomplete="{hint}"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"phone": "301-555-0199"},
        {"phone": "+1 301 555 0199"},
        {"phone": "3015550199"},
        {"email": "", "preferred_contact": "phone"},
        {"preferred_contact": "email"},
        {"preferred_days": None, "message": "", "insurance": ""},
        {"first_name": "José María", "last_name": "O'Brien-Ngũgĩ"},
        {"message": "Line one\nLine two"},
    ],
    ids=repr,
)
def test_valid_requests_are_accepted(client, overrides):
    response = submit(client, **overrides)
    assert response.status_code == 302
    assert response["Location"] == THANKS_URL
    assert AppointmentRequest.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "extension"),
    [
        ("(301) 555-0199 ext. 12", "12"),
        ("301-555-0199 x1234", "1234"),
        ("+1 301 555 0199 extension 7", "7"),
        ("(301) 555-0199", ""),
    ],
)
def test_phone_extension_the_patient_typed_is_kept_beside_the_number(client, typed, extension):
    response = submit(client, phone=typed)
    assert response.status_code == 302
    stored = AppointmentRequest.objects.get()
    assert stored.phone.as_e164 == "+13015550199"
    assert stored.phone_extension == extension


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("first_name", "", "Enter your first name."),
        ("first_name", "\x07\x1b", "Enter your first name."),
        ("last_name", "", "Enter your last name."),
        ("first_name", "x" * 101, "at most 100 characters"),
        ("phone", "", "Enter a phone number we can call you on."),
        ("phone", "12345", "Enter a valid US phone number"),
        ("phone", "call me maybe", "Enter a valid US phone number"),
        ("email", "not-an-email", "Enter a valid email address"),
        ("patient_type", "", "Tell us whether you are a new or returning patient."),
        ("reason", "", "Choose the main reason for your visit."),
        ("reason", "surgery-please", "Select a valid choice"),
        ("message", "x" * 1001, "at most 1000 characters"),
        ("message", "hello\x00", "Null characters are not allowed"),
        ("insurance", "x" * 101, "at most 100 characters"),
        ("preferred_days", ["sun"], "Select a valid choice"),
        ("consent_to_contact", None, "Please agree to be contacted"),
    ],
)
def test_each_invalid_field_gets_its_own_message_and_keeps_the_rest(client, field, value, message):
    response = submit(client, **{field: value})
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {field}
    assert message in " ".join(form.errors[field])
    html = response.content.decode()
    # The message sits beside the field and in the summary at the top, linked to it.
    assert 'id="error-summary"' in html
    assert f'href="#id_{field}' in html
    assert 'value="Maria"' in html or field == "first_name"
    assert 'value="Lopez"' in html or field == "last_name"
    assert AppointmentRequest.objects.count() == 0


@pytest.mark.django_db
def test_email_is_required_when_email_is_the_preferred_contact(client):
    response = submit(client, email="", preferred_contact="email")
    assert response.status_code == 200
    assert (
        "Enter your email address, or choose a phone call instead."
        in response.context["form"].errors["email"]
    )


@pytest.mark.django_db
def test_two_mistakes_are_both_reported_with_everything_typed_kept(client):
    response = submit(client, phone="555", email="nope", message="Please call after 3pm")
    html = response.content.decode()
    assert set(response.context["form"].errors) == {"phone", "email"}
    assert "Please correct 2 things below" in html
    assert 'value="555"' in html
    assert 'value="nope"' in html
    assert "Please call after 3pm" in html
    assert 'value="mon" ' in html and "checked" in html


@pytest.mark.django_db
def test_one_post_stores_exactly_one_request_with_what_was_submitted(client):
    submit(client, message="  Pain\r\nsince\x07 March\u200b ")
    request = AppointmentRequest.objects.get()
    assert request.first_name == "Maria"
    assert request.last_name == "Lopez"
    assert str(request.phone) == "+13015550199"
    assert request.email == "maria@example.com"
    assert request.preferred_contact == "phone"
    assert request.patient_type == "new"
    assert request.reason == "failed_back_surgery"
    assert request.message == "Pain\nsince March"
    assert request.preferred_days == "mon,wed"
    assert request.preferred_time == "morning"
    assert request.insurance == "Acme Health"
    assert request.consent_to_contact is True
    assert request.status == AppointmentRequest.Status.NEW
    assert not request.is_suspected_spam
    assert len(request.reference) == 8
    assert request.reference != str(request.pk)


@pytest.mark.django_db
def test_thank_you_page_shows_the_reference_and_nothing_about_the_patient(client):
    response = submit(client, follow=None)
    response = client.get(response["Location"])
    request = AppointmentRequest.objects.get()
    html = response.content.decode()
    assert request.reference in html
    assert "We will call you within one business day." in html
    for private in ("Maria", "Lopez", "555-0199", "maria@example.com", "Acme", "operation"):
        assert private not in html


@pytest.mark.django_db
def test_promise_on_the_thank_you_page_comes_from_settings(client, settings):
    settings.APPOINTMENT_RESPONSE_PROMISE = "We will call you by the end of the next working day."
    submit(client)
    assert "by the end of the next working day" in client.get(THANKS_URL).content.decode()


@pytest.mark.django_db
def test_reloading_the_thank_you_page_creates_nothing(client):
    submit(client)
    for _ in range(3):
        assert client.get(THANKS_URL).status_code == 200
    assert AppointmentRequest.objects.count() == 1


@pytest.mark.django_db
def test_submitting_the_same_form_twice_stores_one_request(client):
    data = valid_form_data()
    first = client.post(FORM_URL, data)
    second = client.post(FORM_URL, data)
    assert first.status_code == second.status_code == 302
    assert AppointmentRequest.objects.count() == 1
    assert AppointmentRequest.objects.get().reference in client.get(THANKS_URL).content.decode()


@pytest.mark.django_db
def test_separate_forms_from_the_same_person_are_separate_requests(client):
    submit(client)
    submit(client)
    assert AppointmentRequest.objects.count() == 2


@pytest.mark.django_db
def test_honeypot_gets_the_ordinary_thanks_but_is_stored_as_spam(client):
    response = submit(client, website="http://spam.example")
    assert response.status_code == 302
    assert response["Location"] == THANKS_URL
    stored = AppointmentRequest.objects.get()
    assert stored.is_suspected_spam
    assert stored.spam_signal == "honeypot"


@pytest.mark.django_db
def test_a_form_sent_faster_than_a_person_could_is_stored_as_spam(client):
    response = submit(client, form_token=form_token(seconds_ago=1))
    assert response.status_code == 302
    stored = AppointmentRequest.objects.get()
    assert stored.is_suspected_spam
    assert stored.spam_signal == "too_fast"


@pytest.mark.django_db
def test_a_forged_or_missing_timer_is_stored_as_spam(client):
    submit(client, form_token="forged")
    submit(client, form_token=None)
    assert list(AppointmentRequest.objects.values_list("spam_signal", flat=True)) == [
        "bad_token",
        "bad_token",
    ]


@pytest.mark.django_db
def test_an_expired_form_comes_back_with_the_input_kept_and_nothing_stored(client):
    data = valid_form_data(form_token=form_token(seconds_ago=25 * 3600), message="Worse at night")
    response = client.post(FORM_URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "This form was open a long time; please check and send it again." in html
    assert_everything_typed_is_kept(html, data)
    assert AppointmentRequest.objects.count() == 0
    # Sent straight back with the fresh token, it is a genuine request.
    fresh = token_in(html)
    assert fresh != data["form_token"]
    assert client.post(FORM_URL, {**data, "form_token": fresh}).status_code == 302
    stored = AppointmentRequest.objects.get()
    assert not stored.is_suspected_spam
    assert stored.message == "Worse at night"


@pytest.mark.django_db
def test_an_expired_form_with_a_mistake_shows_the_mistake_and_gets_a_fresh_token(client):
    data = valid_form_data(form_token=form_token(seconds_ago=3 * 24 * 3600), phone="555")
    html = client.post(FORM_URL, data).content.decode()
    assert "Enter a valid US phone number" in html
    assert token_in(html) != data["form_token"]
    assert AppointmentRequest.objects.count() == 0


@pytest.mark.django_db
def test_an_expired_token_is_never_stored_as_genuine_however_often_it_is_sent(client):
    data = valid_form_data(form_token=form_token(seconds_ago=2 * 24 * 3600))
    for _ in range(3):
        assert client.post(FORM_URL, data).status_code == 200
    assert AppointmentRequest.objects.count() == 0


@pytest.mark.django_db
def test_another_session_reusing_a_token_sees_no_reference(client):
    data = valid_form_data()
    client.post(FORM_URL, data)
    reference = AppointmentRequest.objects.get().reference
    assert reference in client.get(THANKS_URL).content.decode()
    stranger = Client()
    response = stranger.post(FORM_URL, data)
    assert response.status_code == 302
    html = stranger.get(THANKS_URL).content.decode()
    assert reference not in html
    assert "Your reference is" not in html
    assert AppointmentRequest.objects.count() == 1


@pytest.mark.django_db
def test_different_details_under_a_used_token_come_back_to_be_sent_anew(client):
    data = valid_form_data()
    client.post(FORM_URL, data)
    corrected = {**data, "phone": "(301) 555-0123", "message": "Mornings are best"}
    response = client.post(FORM_URL, corrected)
    assert response.status_code == 200
    html = response.content.decode()
    assert "This form has already been sent." in html
    assert_everything_typed_is_kept(html, corrected)
    assert AppointmentRequest.objects.count() == 1
    assert client.post(FORM_URL, {**corrected, "form_token": token_in(html)}).status_code == 302
    assert sorted(str(r.phone) for r in AppointmentRequest.objects.all()) == ["+13015550123", "+13015550199"]


@pytest.mark.django_db
def test_minimum_fill_time_comes_from_settings(client, settings):
    settings.APPOINTMENT_MIN_FILL_SECONDS = 120
    submit(client, form_token=form_token(seconds_ago=60))
    assert AppointmentRequest.objects.get().spam_signal == "too_fast"


@pytest.mark.django_db
def test_six_mistakes_then_a_valid_request_is_stored(client, settings):
    settings.APPOINTMENT_RATE_LIMIT = "5/h"
    for _ in range(6):
        assert submit(client, phone="555").status_code == 200
    assert submit(client).status_code == 302
    assert AppointmentRequest.objects.count() == 1


@pytest.mark.django_db
def test_the_limit_on_stored_requests_gives_the_form_back_with_429_and_the_phone(client, settings):
    settings.APPOINTMENT_RATE_LIMIT = "3/h"
    for _ in range(3):
        assert submit(client).status_code == 302
    data = valid_form_data(message="Please call after 3pm")
    response = client.post(FORM_URL, data)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Please call us instead" in html
    assert "(301) 555-0142" in html
    assert "tel:+13015550142" in html
    assert_everything_typed_is_kept(html, data)
    assert AppointmentRequest.objects.count() == 3


@pytest.mark.django_db
def test_the_limit_on_stored_requests_lasts_its_whole_period(client, settings):
    settings.APPOINTMENT_RATE_LIMIT = "3/d"
    for _ in range(3):
        assert submit(client).status_code == 302
    # Later the same day, more than the five minutes a cache entry lives by default.
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        assert submit(client).status_code == 429
    assert AppointmentRequest.objects.count() == 3


@pytest.mark.django_db
def test_a_double_click_on_the_last_allowed_request_still_thanks_the_patient(client, settings):
    settings.APPOINTMENT_RATE_LIMIT = "1/h"
    data = valid_form_data()
    assert client.post(FORM_URL, data).status_code == 302
    assert client.post(FORM_URL, data).status_code == 302
    assert AppointmentRequest.objects.count() == 1


@pytest.mark.django_db
def test_posts_that_store_nothing_have_their_own_ceiling_and_keep_the_input(client, settings):
    settings.APPOINTMENT_INVALID_RATE_LIMIT = "3/h"
    for _ in range(3):
        assert submit(client, phone="555").status_code == 200
    data = valid_form_data(phone="555", message="Fourth try")
    response = client.post(FORM_URL, data)
    assert response.status_code == 429
    html = response.content.decode()
    assert "tel:+13015550142" in html
    assert "Enter a valid US phone number" in html
    assert_everything_typed_is_kept(html, data)
    # A correct form is still taken: the ceiling is on probing, not on requests.
    assert submit(client).status_code == 302


@pytest.mark.django_db
def test_rate_limit_counts_posts_only(client, settings):
    settings.APPOINTMENT_RATE_LIMIT = "1/h"
    for _ in range(3):
        assert client.get(FORM_URL).status_code == 200
    assert submit(client).status_code == 302


@pytest.mark.django_db
def test_form_page_is_never_cached(client):
    assert "no-cache" in client.get(FORM_URL)["Cache-Control"]
    assert (
        "private" in client.get(reverse("appointments:thanks"))["Cache-Control"]
        or "no-cache" in (client.get(reverse("appointments:thanks"))["Cache-Control"])
    )


@pytest.mark.django_db
def test_every_error_and_help_text_is_tied_to_its_control(client):
    import re

    html = submit(client, phone="555", reason="", consent_to_contact=None).content.decode()
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    references = re.findall(r'aria-describedby="([^"]+)"', html)
    assert references
    for reference in references:
        for target in reference.split():
            assert target in ids, f"aria-describedby points at missing #{target}"
    for field in ("phone", "reason", "consent_to_contact"):
        assert f"id_{field}_error" in " ".join(references), field
