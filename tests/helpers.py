"""Small builders shared by the tests: form data, requests, staff users and page parsing."""

import itertools
import secrets
import time

from django.contrib.auth.models import Group, User
from django.core import signing
from django.urls import reverse
from django.utils import translation
from django_otp.oath import TOTP

from appointments.forms import FORM_TOKEN_SALT
from appointments.models import AppointmentRequest
from pages import registry
from tools.staff_sign_in import authenticator, sign_in  # noqa: F401 - the tests' way in

_numbers = itertools.count(1)

FORM_URL = "/request-appointment/"
THANKS_URL = "/request-appointment/thanks/"
# What valid_form_data() sends, as it could surface in a log line, an email or a page.
PATIENT_VALUES = (
    "Maria",
    "Lopez",
    "555-0199",
    "5550199",
    "maria@example.com",
    "Acme",
    "operation",
    "surgery",
)


def public_urls(language="en"):
    """Every public page's URL in ``language``."""
    with translation.override(language):
        urls = [page.get_absolute_url() for page in registry.SITE_PAGES]
        urls += [article.get_absolute_url() for article in registry.ARTICLES]
        urls += [service.get_absolute_url() for service in registry.SERVICES]
        urls += [reverse("appointments:request"), reverse("appointments:thanks")]
    return urls


def language_of(url):
    """The language a public page is in: its URL says (Spanish under /es/)."""
    return "es" if url.startswith("/es/") else "en"


ENGLISH_URLS = public_urls("en")
SPANISH_URLS = public_urls("es")
# Every public page in both languages: what holds for a page holds for its twin.
PUBLIC_URLS = ENGLISH_URLS + SPANISH_URLS


def form_token(seconds_ago=60):
    """A form token as the page would have issued it ``seconds_ago``."""
    payload = {"t": time.time() - seconds_ago, "n": secrets.token_urlsafe(16)}
    return signing.dumps(payload, salt=FORM_TOKEN_SALT)


def valid_form_data(**overrides):
    data = {
        "first_name": "Maria",
        "last_name": "Lopez",
        "phone": "(301) 555-0199",
        "email": "maria@example.com",
        "preferred_contact": "phone",
        "patient_type": "new",
        "reason": "failed_back_surgery",
        "message": "Pain came back six months after my operation.",
        "preferred_days": ["mon", "wed"],
        "preferred_time": "morning",
        "insurance": "Acme Health",
        "consent_to_contact": "on",
        "website": "",
        "form_token": form_token(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def submit(client, headers=None, **overrides):
    """Post the appointment form with valid data, changed by ``overrides``.

    ``headers`` are request headers as Django names them (``HTTP_X_REAL_IP``).
    """
    return client.post(FORM_URL, valid_form_data(**overrides), **(headers or {}))


def token_in(html):
    """The form token a rendered form page carries."""
    import re

    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def assert_everything_typed_is_kept(html, data):
    """What a patient typed into the text fields is all there on the page again."""
    for name in ("first_name", "last_name", "phone", "email", "insurance"):
        if data.get(name):
            assert f'value="{data[name]}"' in html, name
    if data.get("message"):
        assert data["message"] in html


def make_request(**fields):
    """An AppointmentRequest stored directly, with distinct contact details by default."""
    n = next(_numbers)
    values = {
        "first_name": "Pat",
        "last_name": f"Patient{n}",
        "phone": f"+1301555{n % 10000:04d}",
        "email": f"patient{n}@example.com",
        "patient_type": AppointmentRequest.PatientType.NEW,
        "reason": AppointmentRequest.Reason.BACK_PAIN,
        "consent_to_contact": True,
    }
    values.update(fields)
    return AppointmentRequest.objects.create(**values)


def an_appointment(days=7):
    """When a patient being scheduled is booked to come in: a week from now by default."""
    from datetime import timedelta

    from django.utils import timezone

    return timezone.now() + timedelta(days=days)


def make_staff(username, group_name, name=""):
    """A member of staff in ``group_name``; ``name`` is their full name ("Amina Diallo")."""
    first_name, _, last_name = name.partition(" ")
    user = User.objects.create_user(
        username, password="not-used-here", is_staff=True, first_name=first_name, last_name=last_name
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


def authenticator_code(device):
    """The code the app shows now, computed as the app does from the device's key.

    Each code is accepted once: if this step's code was already used (a second sign-in
    within the same 30 seconds), the next step's code, which the server accepts too.
    """
    device.refresh_from_db()
    for drift in (0, 1):
        app = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift + drift)
        if app.t() > device.last_t:
            return f"{app.token():0{device.digits}d}"
    time.sleep(device.step - time.time() % device.step + 0.1)
    return authenticator_code(device)


def front_desk_user(username="frontdesk", name=""):
    return make_staff(username, "Front desk", name)


def practice_manager(username="manager", name=""):
    return make_staff(username, "Practice manager", name)


class PageParts:
    """What the tests read from a rendered page: title, meta tags, headings, links, JSON-LD."""

    def __init__(self, html):
        from html.parser import HTMLParser

        parts = self
        self.title = ""
        self.meta = {}
        self.h1_count = 0
        self.links = []  # (tag, attribute, url) for everything the page loads or links to
        self.jsonld = []
        self.canonical = None

        class Parser(HTMLParser):
            in_title = in_jsonld = False

            def handle_starttag(self, tag, attrs):
                attrs = dict(attrs)
                if tag == "title":
                    self.in_title = True
                elif tag == "h1":
                    parts.h1_count += 1
                elif tag == "meta" and ("name" in attrs or "property" in attrs):
                    parts.meta[attrs.get("name") or attrs.get("property")] = attrs.get("content", "")
                elif tag == "script" and attrs.get("type") == "application/ld+json":
                    self.in_jsonld = True
                    parts.jsonld.append("")
                if tag == "link" and attrs.get("rel") == "canonical":
                    parts.canonical = attrs.get("href")
                for attribute in ("src", "href", "srcset", "action"):
                    if attribute in attrs:
                        parts.links.append((tag, attribute, attrs[attribute]))

            def handle_endtag(self, tag):
                if tag == "title":
                    self.in_title = False
                elif tag == "script":
                    self.in_jsonld = False

            def handle_data(self, data):
                if self.in_title:
                    parts.title += data
                elif self.in_jsonld:
                    parts.jsonld[-1] += data

        Parser().feed(html)
        self.title = self.title.strip()
