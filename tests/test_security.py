"""Security as configured: headers, cookies, sessions, sign-in lock-out, deploy checks."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from appointments.models import AppointmentRequest
from tests.helpers import front_desk_user, sign_in, valid_form_data
from tools.servers import run_python

PROJECT_DIR = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_HTTPS": "1",
    "DJANGO_SECRET_KEY": "a-long-production-secret-key-with-plenty-of-entropy-0123456789-xyz",
    "DJANGO_ALLOWED_HOSTS": "www.example.com",
    "SITE_URL": "https://www.example.com",
    "EMAIL_HOST": "smtp.example.com",
}
# Every fact a practice must state before going live (practice/checks.py), as one would.
PRACTICE_FACTS_ENV = {
    "CLINIC_PHONE": "(301) 474-0000",
    "CLINIC_STREET_ADDRESS": "7500 Greenway Center Drive, Suite 1",
    "CLINIC_HOURS": "Monday to Thursday, 8:00 am to 4:30 pm",
    "CLINIC_OPENING_HOURS": "Mo-Th 08:00-16:30",
    "CLINIC_PHYSICIAN_BOARD": "American Board of Anesthesiology",
    "CLINIC_PHYSICIAN_TRAINING": "Residency in anesthesiology",
    "CLINIC_PHYSICIAN_AFFILIATIONS": "A hospital nearby",
    "CLINIC_INSURANCE_PLANS": "Plan A; Plan B",
    "CLINIC_PARKING": "Free parking.",
    "CLINIC_TRANSIT": "A short walk from the station.",
    "CLINIC_BUILDING_ACCESS": "Step-free entrance.",
    "NPP_CONFIRMED": "1",
    "NPP_EFFECTIVE_DATE": "January 1, 2027",
    "NPP_PART2_RECORDS": "0",
    "CLINIC_AFTER_HOURS": "Call our main number and choose 1 for the doctor on call.",
    "CLINIC_REFILL_POLICY": "Ask three business days ahead.",
    "CLINIC_SELF_PAY_PRICES": "Ask us for a price list.",
    "CLINIC_PAYMENT_PLANS": "Ask about a payment plan.",
    "CLINIC_MISSED_APPOINTMENT_POLICY": "No fee.",
    "CLINIC_TAKES_MEDICARE": "1",
    "CLINIC_TAKES_MEDICAID": "1",
    "CLINIC_TAKES_WORKERS_COMP": "0",
    "CLINIC_TAKES_AUTO_CLAIMS": "0",
    "CLINIC_TREATS_IN_FACILITIES": "1",
    "CLINIC_TELEHEALTH": "Video visits for follow-ups.",
    "CLINIC_NEW_PATIENT_FORMS": "We mail them.",
    "CLINIC_RECORDS_REQUESTS": "Write to us.",
    "SPANISH_TRANSLATION_REVIEWED": "2027-01-15",
}
PRACTICE_FACTS_ENV |= {
    f"{name}_ES": f"{value} (en español)"
    for name, value in PRACTICE_FACTS_ENV.items()
    if name
    in {
        "CLINIC_HOURS", "CLINIC_PARKING", "CLINIC_TRANSIT", "CLINIC_BUILDING_ACCESS", "CLINIC_AFTER_HOURS",
        "CLINIC_REFILL_POLICY", "CLINIC_SELF_PAY_PRICES", "CLINIC_PAYMENT_PLANS",
        "CLINIC_MISSED_APPOINTMENT_POLICY", "CLINIC_TELEHEALTH", "CLINIC_NEW_PATIENT_FORMS",
        "CLINIC_RECORDS_REQUESTS",
    }
}  # fmt: skip


def manage(*args, env=None):
    return run_python("manage.py", *args, env={"PATH": "/usr/bin:/bin", **(env or {})}, timeout=120)


def parse_csp(header):
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_deploy_check_passes_with_production_settings_once_the_practice_states_its_facts():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV | PRACTICE_FACTS_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_fails_on_the_placeholders_naming_each_fact():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode != 0
    named = set(re.findall(r"\((practice\.W\d{3})\)", result.stdout + result.stderr))
    assert named == {f"practice.W{number:03d}" for number in range(1, 27)}


def test_admin_path_is_set_by_the_environment():
    code = "import django; django.setup(); from django.urls import reverse; print(reverse('admin:index'))"
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "clinic_site.settings",
        "ADMIN_URL": "desk-7f3a/",
    }
    result = run_python("-c", code, env=env, timeout=60)
    assert result.stdout.strip() == "/desk-7f3a/", result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/", "/blog/failed-back-surgery-do-this-now/", "/request-appointment/", "/admin/login/"]
)
def test_security_headers_on_every_kind_of_page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    csp = parse_csp(response["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    for directive in ("script-src", "style-src"):
        assert csp[directive] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert "unsafe" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment"):
        assert f"{feature}=()" in permissions


@pytest.mark.django_db
def test_form_cookies_are_samesite_and_the_session_is_http_only(client):
    client.get("/request-appointment/")
    csrf_cookie = client.cookies["csrftoken"]
    assert csrf_cookie["samesite"] == "Lax"
    client.post("/request-appointment/", valid_form_data())
    session_cookie = client.cookies["sessionid"]
    assert session_cookie["httponly"]
    assert session_cookie["samesite"] == "Lax"
    # Ends with the browser: no expiry date on the cookie.
    assert not session_cookie["expires"] and not session_cookie["max-age"]


@pytest.mark.django_db
def test_staff_session_ends_after_30_idle_minutes(client):
    sign_in(client, front_desk_user())
    assert client.get("/admin/").status_code == 200
    session = Session.objects.get()
    remaining = session.expire_date - timezone.now()
    assert timedelta(minutes=29) < remaining <= timedelta(minutes=30)
    # Activity pushes the end back...
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=5))
    client.get("/admin/")
    assert Session.objects.get().expire_date - timezone.now() > timedelta(minutes=29)
    # ...and a session left idle past it is over.
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_staff_activity_under_a_forwarded_script_name_still_restarts_the_idle_timer(client):
    sign_in(client, front_desk_user())
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=5))
    assert client.get("/admin/", SCRIPT_NAME="/x").status_code == 200
    assert Session.objects.get().expire_date - timezone.now() > timedelta(minutes=29)


@pytest.mark.django_db
def test_a_patients_session_holding_the_reference_is_cleared_once_it_has_expired(
    client, clinic_moment, settings
):
    assert client.post("/request-appointment/", valid_form_data()).status_code == 302
    reference = AppointmentRequest.objects.get().reference
    assert Session.objects.get().get_decoded()["appointment_reference"] == reference
    call_command("clearsessions")
    assert Session.objects.exists()
    expired = clinic_moment + timedelta(minutes=settings.ADMIN_SESSION_IDLE_MINUTES, seconds=1)
    with time_machine.travel(expired, tick=False):
        call_command("clearsessions")
    assert not Session.objects.exists()


def post_sign_in(client, username, password):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password})


@pytest.mark.django_db
def test_repeated_failed_sign_ins_lock_the_account_for_a_while(client, caplog):
    User.objects.create_user("desk", password="correct horse battery", is_staff=True)
    for _ in range(5):
        assert post_sign_in(client, "desk", "wrong").status_code in (200, 429)
    locked = post_sign_in(client, "desk", "correct horse battery")
    assert locked.status_code == 429
    assert "Sign-in temporarily locked" in locked.content.decode()
    assert "Please wait 30\xa0minutes and try again" in locked.content.decode()
    assert "Sign-in failed for desk" in caplog.text
    assert "wrong" not in caplog.text
    # The lock lifts after the cool-off: it is never permanent by default.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    response = post_sign_in(client, "desk", "correct horse battery")
    assert response.status_code == 302
    assert "Sign-in succeeded for desk" in caplog.text


@pytest.mark.django_db
def test_a_lock_on_one_connection_does_not_lock_the_user_out_elsewhere():
    User.objects.create_user("desk", password="correct horse battery", is_staff=True)
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(6):
        post_sign_in(attacker, "desk", "wrong")
    assert post_sign_in(attacker, "desk", "correct horse battery").status_code == 429
    colleague = Client(REMOTE_ADDR="198.51.100.7")
    assert post_sign_in(colleague, "desk", "correct horse battery").status_code == 302


@pytest.mark.django_db
def test_csrf_failure_shows_a_friendly_page_and_keeps_what_was_stored():
    client = Client(enforce_csrf_checks=True)
    client.get("/request-appointment/")
    token = client.cookies["csrftoken"].value
    assert (
        client.post("/request-appointment/", {**valid_form_data(), "csrfmiddlewaretoken": token}).status_code
        == 302
    )
    stale = Client(enforce_csrf_checks=True)
    response = stale.post("/request-appointment/", valid_form_data())
    assert response.status_code == 403
    html = response.content.decode()
    assert "Please send the form again" in html
    assert "tel:+13015550142" in html
    assert AppointmentRequest.objects.count() == 1
