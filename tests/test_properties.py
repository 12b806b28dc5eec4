"""Any text in any field is either refused with a message beside the field, or stored
as the documented clean-up of what was typed and shown escaped wherever staff see it."""

import csv
import html
import io
import os
import re

from django.conf import settings as django_settings
from django.contrib.auth.models import Group, User
from django.core import mail
from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from appointments.export import csv_safe
from appointments.forms import strip_control_characters
from appointments.models import AppointmentRequest
from appointments.notifications import ACKNOWLEDGEMENT_SUBJECT, STAFF_SUBJECT
from practice.clinic import Clinic
from tests.helpers import sign_in, valid_form_data

NASTY = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE appointments_appointmentrequest; --",
    "Robert'); DELETE FROM auth_user;--",
    "x\r\nBcc: victim@example.com",
    "=cmd|' /C calc'!A0",
    "\u202eevil\u202c",
    "\x00\x01\x1b[31m",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🙂 عربى 中文",
    "a" * 5000,
]
# Any character a browser can send: UTF-8 has no lone surrogates.
sendable = st.characters(codec="utf-8")
any_text = st.one_of(
    st.text(sendable, max_size=1200), st.sampled_from(NASTY), st.text(sendable, min_size=1, max_size=50)
)
# A quick sample on a developer's machine, a thorough one in CI.
EXAMPLES_PER_FIELD = 150 if os.environ.get("CI") else 25
FIELD_SETTINGS = settings(
    max_examples=EXAMPLES_PER_FIELD,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
)


@override_settings(APPOINTMENT_RATE_LIMIT="100000/h")
class ArbitraryTextInEveryField(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.manager = User.objects.create_user("manager", is_staff=True)
        cls.manager.groups.add(Group.objects.get(name="Practice manager"))

    def submit_with(self, field, value):
        mail.outbox = []
        self.client.logout()
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post("/request-appointment/", valid_form_data(**{field: value}))

    def check_field(self, field, value, expected):
        response = self.submit_with(field, value)
        if response.status_code == 200:
            errors = response.context["form"].errors
            self.assertEqual(set(errors), {field})
            self.assertEqual(AppointmentRequest.objects.count(), 0)
            return
        self.assertEqual(response.status_code, 302)
        stored = AppointmentRequest.objects.get()
        self.assertEqual(str(getattr(stored, field)), expected(value))
        stored_value = str(getattr(stored, field))
        self.assert_shown_escaped(stored, field, stored_value)
        self.assert_emails_carry_nothing_the_patient_typed(stored)
        stored.delete()

    def assert_emails_carry_nothing_the_patient_typed(self, stored):
        """Each email is exactly its template filled with the reference and fixed facts."""
        admin_url = reverse("admin:appointments_appointmentrequest_change", args=[stored.pk])
        staff = render_to_string(
            "emails/staff_notification.txt",
            {"reference": stored.reference, "admin_url": django_settings.SITE_URL + admin_url},
        )
        bodies = {message.to[0]: message for message in mail.outbox}
        self.assertEqual(bodies["frontdesk@clinic.test"].body, staff)
        self.assertEqual(
            bodies["frontdesk@clinic.test"].subject, STAFF_SUBJECT.format(reference=stored.reference)
        )
        if stored.email:
            acknowledgement = render_to_string(
                "emails/patient_acknowledgement.txt",
                {
                    "reference": stored.reference,
                    "clinic": Clinic.from_settings(),
                    "promise": django_settings.APPOINTMENT_RESPONSE_PROMISE,
                },
            )
            self.assertEqual(bodies[stored.email].body, acknowledgement)
            self.assertEqual(bodies[stored.email].subject, ACKNOWLEDGEMENT_SUBJECT)

    def assert_shown_escaped(self, stored, field, value):
        """Admin shows exactly the stored text, every character escaped (line breaks as <br>)."""
        sign_in(self.client, self.manager)
        page = self.client.get(f"/admin/appointments/appointmentrequest/{stored.pk}/change/").content.decode()
        cell = re.search(
            rf'<div class="form-row field-patient_{field}">.*?<div class="readonly">(.*?)</div>', page, re.S
        ).group(1)
        markup_free = cell.replace("<br>", "")
        self.assertNotIn("<", markup_free)
        self.assertNotIn(">", markup_free)
        shown = html.unescape(cell.replace("<br>", "\n"))
        self.assertEqual(shown, value if value else "-")
        export = self.client.post(
            "/admin/appointments/appointmentrequest/",
            {"action": "export_csv", "_selected_action": [stored.pk], "status": "all"},
        )
        rows = list(csv.reader(io.StringIO(export.content.decode())))
        self.assertIn(csv_safe(value), rows[1])

    @FIELD_SETTINGS
    @given(value=any_text)
    @example(value="  José  María ")
    def test_first_name(self, value):
        self.check_field("first_name", value, strip_control_characters)

    @FIELD_SETTINGS
    @given(value=any_text)
    def test_last_name(self, value):
        self.check_field("last_name", value, strip_control_characters)

    @FIELD_SETTINGS
    @given(value=any_text)
    def test_insurance(self, value):
        self.check_field("insurance", value, strip_control_characters)

    @FIELD_SETTINGS
    @given(value=any_text)
    @example(value="Line one\r\nLine two <b>bold</b>")
    def test_message(self, value):
        self.check_field("message", value, lambda v: strip_control_characters(v, keep_newlines=True).strip())

    @FIELD_SETTINGS
    @given(value=st.one_of(any_text, st.emails()))
    def test_email(self, value):
        self.check_field("email", value, lambda v: v.strip())

    @FIELD_SETTINGS
    @given(value=st.one_of(any_text, st.from_regex(r"\(?[2-9]\d{2}\)? ?[2-9]\d{2}-\d{4}", fullmatch=True)))
    def test_phone(self, value):
        response = self.submit_with("phone", value)
        if response.status_code == 200:
            self.assertEqual(set(response.context["form"].errors), {"phone"})
            return
        stored = AppointmentRequest.objects.get()
        self.assertTrue(str(stored.phone).startswith("+"))
        self.assertTrue(stored.phone.is_valid())
        stored.delete()

    @FIELD_SETTINGS
    @given(
        field=st.sampled_from(
            ["preferred_contact", "patient_type", "reason", "preferred_time", "preferred_days"]
        ),
        value=any_text,
    )
    def test_choice_fields_take_only_their_choices(self, field, value):
        response = self.submit_with(field, value)
        valid = {
            "preferred_contact": {"phone", "email"},
            "patient_type": {"new", "returning"},
            "reason": {"failed_back_surgery", "back_pain", "neck_pain", "other"},
            "preferred_time": {"morning", "afternoon", "any"},
            "preferred_days": {"mon", "tue", "wed", "thu", "fri"},
        }[field]
        if value in valid:
            self.assertEqual(response.status_code, 302)
            AppointmentRequest.objects.all().delete()
        else:
            self.assertEqual(response.status_code, 200)
            self.assertIn(field, response.context["form"].errors)
