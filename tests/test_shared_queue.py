"""Two or more people on one queue: the next request is handed out, not grabbed, and a
request open with someone says so, without ever stopping a colleague."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from appointments.models import HOLD_TIME, AppointmentRequest
from tests.helpers import front_desk_user, make_request, sign_in
from tests.test_workspace import CHANGELIST, change_url, triage

TAKE_NEXT = reverse("admin:appointments_take_next")


@pytest.fixture
def amina(db):
    return front_desk_user("amina", "Amina Diallo")


@pytest.fixture
def bo(db):
    return front_desk_user("bo", "Bo Lindqvist")


def waiting(count, now=None):
    """``count`` untouched requests, the first received (so due) first."""
    now = now or timezone.now()
    return [make_request(received_at=now - timedelta(days=3, minutes=count - n)) for n in range(count)]


def test_two_people_taking_the_next_request_in_turn_get_different_requests(amina, bo):
    first, second, _ = waiting(3)
    assert AppointmentRequest.objects.take_next_request(by=amina) == first
    assert AppointmentRequest.objects.take_next_request(by=bo) == second


def test_take_next_hands_out_what_is_due_or_not_tried_yet_earliest_first(amina, bo, clinic_moment):
    now = timezone.now()
    overdue = make_request(received_at=now - timedelta(days=6))
    not_tried = make_request(received_at=now - timedelta(minutes=5))
    call_back_later = make_request(received_at=now - timedelta(days=5))
    call_back_later.record_call("voicemail", by=bo, call_back_at=now + timedelta(hours=2))
    colleagues = make_request(received_at=now - timedelta(days=7), assigned_to=bo)
    open_with_colleague = make_request(received_at=now - timedelta(days=8))
    open_with_colleague.hold(by=bo)
    ended_hold = make_request(received_at=now - timedelta(days=4))
    AppointmentRequest.objects.filter(pk=ended_hold.pk).update(
        held_by=bo, held_since=now - HOLD_TIME * 2, held_until=now - timedelta(seconds=1)
    )
    make_request(received_at=now - timedelta(days=9), status="scheduled")

    handed_out = []
    while (following := AppointmentRequest.objects.take_next_request(by=amina, now=now)) is not None:
        handed_out.append(following)
        AppointmentRequest.objects.filter(pk=following.pk).update(held_by=bo, held_until=now + HOLD_TIME)
    assert handed_out == [overdue, ended_hold, not_tried]
    assert {call_back_later, colleagues, open_with_colleague}.isdisjoint(handed_out)


def test_take_next_never_hands_back_what_the_person_just_handled(amina, bo, clinic_moment):
    handled = waiting(1)[0]
    handled.add_note("Patient at work until noon", by=amina)
    assert handled.is_overdue()
    assert AppointmentRequest.objects.take_next_request(by=amina) is None
    assert AppointmentRequest.objects.take_next_request(by=bo) == handled


def test_a_hold_ends_by_itself_after_a_few_idle_minutes(amina, bo, clinic_moment):
    request = waiting(1)[0]
    request.hold(by=amina)
    assert request.open_with() == amina
    assert AppointmentRequest.objects.take_next_request(by=bo) is None
    with time_machine.travel(timezone.now() + HOLD_TIME + timedelta(seconds=1), tick=False):
        assert AppointmentRequest.objects.get(pk=request.pk).open_with() is None
        assert AppointmentRequest.objects.take_next_request(by=bo) == request


def test_the_list_and_the_page_say_who_has_a_request_open_and_since_when(amina, bo, clinic_moment):
    request = waiting(1)[0]
    amina_client, bo_client = sign_in(Client(), amina), sign_in(Client(), bo)
    opened = timezone.localtime()
    assert amina_client.get(change_url(request)).status_code == 200
    since = f"{opened:%a %b} {opened.day}, {opened:%H:%M}"
    listed = bo_client.get(CHANGELIST).content.decode()
    assert f"Open with Amina Diallo since {since}" in listed
    page = bo_client.get(change_url(request))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Open with Amina Diallo</strong> since " + since in html
    assert "check with them first" in html
    # Opening it second neither takes the hold nor is refused.
    request.refresh_from_db()
    assert request.open_with() == amina
    assert "Open with" not in amina_client.get(change_url(request)).content.decode().split("call-panel")[0]


def test_anyone_may_still_save_a_request_a_colleague_has_open(amina, bo):
    request = waiting(1)[0]
    request.hold(by=amina)
    bo_client = sign_in(Client(), bo)
    bo_client.get(change_url(request))
    response = triage(bo_client, request, call_outcome="reached", note="Called me back on the main line")
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "contacted"
    assert request.open_with() == amina


def test_opening_another_request_or_saving_back_to_the_list_lets_go_of_the_hold(amina):
    first, second = waiting(2)
    client = sign_in(Client(), amina)
    client.get(change_url(first))
    client.get(change_url(second))
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.open_with(), second.open_with()) == (None, amina)
    triage(client, second, note="Sent the forms", _continue=None, _save="Save and go back to the list")
    second.refresh_from_db()
    assert second.open_with() is None


def test_save_and_open_next_is_not_sent_back_to_a_call_back_agreed_for_later_today(amina, clinic_moment):
    """Two requests: a call-back agreed on the first must not bring it straight back."""
    first, second = waiting(2)
    client = sign_in(Client(), amina)
    later = timezone.localtime() + timedelta(hours=2)
    response = triage(
        client,
        first,
        call_outcome="reached",
        call_back_at=later.strftime("%Y-%m-%dT%H:%M"),
        _continue=None,
        _next="Save and open the next request",
    )
    assert response["Location"] == change_url(second)
    response = triage(client, second, call_outcome="no_answer", _continue=None, _next="1")
    assert response["Location"] == CHANGELIST
    assert "Nothing else is due" in client.get(CHANGELIST).content.decode()
    assert [first.call_attempts.count(), second.call_attempts.count()] == [1, 1]


def test_save_and_open_next_skips_a_request_open_with_a_colleague(amina, bo):
    current, colleagues, free = waiting(3)
    colleagues.hold(by=bo)
    client = sign_in(Client(), amina)
    response = triage(client, current, call_outcome="voicemail", _continue=None, _next="1")
    assert response["Location"] == change_url(free)
    free.refresh_from_db()
    assert free.open_with() == amina


def test_take_the_next_request_from_the_list_opens_it_held(amina, bo):
    first, second = waiting(2)
    first.hold(by=bo)
    client = sign_in(Client(), amina)
    listed = client.get(CHANGELIST).content.decode()
    assert f'action="{TAKE_NEXT}"' in listed
    assert ">Take the next request</button>" in listed
    response = client.post(TAKE_NEXT)
    assert response["Location"] == change_url(second)
    second.refresh_from_db()
    assert second.open_with() == amina
    assert client.get(TAKE_NEXT).status_code == 404
