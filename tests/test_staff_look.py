"""The staff pages look finished: one way of writing a moment, full names, breadcrumbs that
say where you are, and one wording for a successful save."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from appointments.staff import staff_time
from tests.helpers import front_desk_user, make_request, sign_in
from tests.test_workspace import CHANGELIST, change_url, triage

MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"


@pytest.fixture
def amina(db):
    return front_desk_user("adiallo", "Amina Diallo")


@pytest.fixture
def desk(db):
    return sign_in(Client(), front_desk_user("viewer"))


def worked_on(amina):
    request = make_request(staff_notified_at=timezone.now())
    make_request(phone=str(request.phone))  # a sister request, listed with its date
    request.record_call("voicemail", by=amina, note="Left a message")
    request.add_note("Asked for the referral", by=amina)
    request.assign(amina, by=amina)
    return request


def test_a_request_page_and_its_history_write_every_moment_one_way(amina, desk, clinic_moment):
    request = worked_on(amina)
    for url in (
        change_url(request),
        reverse("admin:appointments_appointmentrequest_history", args=[request.pk]),
    ):
        html = desk.get(url).content.decode()
        assert staff_time(request.received_at) in html or staff_time(timezone.now()) in html, url
        assert not re.search(r"\b[ap]\.m\.|\bmidnight\b|\bnoon\b", html), url
        # Every month written is "Tue Dec 8", never "Dec 08" or "Dec. 8, 2026".
        for match in re.finditer(rf"(\w*)\W{{0,2}}{MONTH}\.? (\d+)", html):
            weekday, day = match.group(1), match.group(2)
            assert weekday in {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}, (url, match.group(0))
            assert not day.startswith("0"), (url, match.group(0))


def test_staff_are_named_in_full_on_the_list_the_request_and_its_history(amina, desk):
    request = worked_on(amina)
    pages = {
        "list": desk.get(CHANGELIST).content.decode(),
        "request": desk.get(change_url(request)).content.decode(),
        "history": desk.get(
            reverse("admin:appointments_appointmentrequest_history", args=[request.pk])
        ).content.decode(),
    }
    for name, html in pages.items():
        assert "Amina Diallo" in html, name
        assert "adiallo" not in html, name


def test_the_breadcrumbs_never_say_the_same_thing_twice(amina, desk):
    request = worked_on(amina)
    for url in (CHANGELIST, change_url(request), reverse("admin:appointments_team_activity")):
        crumbs = desk.get(url).content.decode().split('<div class="breadcrumbs">')[1].split("</div>")[0]
        words = [re.sub(r"<[^>]+>|\s+", " ", part).strip() for part in crumbs.split("&rsaquo;")]
        assert len(words) == len(set(words)), (url, words)
        assert words[:2] == ["Home", "Appointments"] or words[1] == "Appointment requests", (url, words)


@pytest.mark.parametrize("button", ["_continue", "_save", "_next"])
def test_every_save_says_so_in_the_same_words(desk, button):
    request = make_request()
    response = triage(desk, request, note="Sent the forms", **{"_continue": None, button: "1"})
    shown = [str(message) for message in response.wsgi_request._messages]
    assert shown[0] == f"Request {request.reference} saved."
    assert not any("successfully" in message for message in shown)
