"""Undo that undoes: striking out a call logged by mistake puts back what it changed (unless
someone changed it since), never loses what was typed on the page, and is offered only
to the person who may do it."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from appointments.models import StaffNote
from tests.helpers import front_desk_user, make_request, sign_in
from tests.test_workspace import change_url


def strike_url(request):
    return reverse("admin:appointments_appointmentrequest_strike_call", args=[request.pk])


@pytest.fixture
def amina(db):
    return front_desk_user("amina")


def waiting():
    """A request that came in three days ago, so overdue until someone calls."""
    return make_request(received_at=timezone.now() - timedelta(days=3))


def test_striking_out_a_call_puts_back_the_status_and_due_time_it_changed(amina, clinic_moment):
    request = waiting()
    due_before = request.next_action_at
    call = request.record_call("reached", by=amina)
    assert (request.status, request.next_action_at != due_before) == ("contacted", True)
    request.strike_call(call, by=amina)
    request.refresh_from_db()
    assert (request.status, request.next_action_at) == ("new", due_before)
    assert request.history.first().history_change_reason.startswith(
        "Call struck out: Reached; status back to New; due again"
    )


def test_striking_out_a_call_that_closed_the_request_opens_it_again_as_it_was(amina, clinic_moment):
    request = waiting()
    due_before = request.next_action_at
    call = request.record_call("reached", by=amina, status="closed", close_outcome="not_a_candidate")
    request.strike_call(call, by=amina)
    request.refresh_from_db()
    assert (request.status, request.outcome, request.next_action_at) == ("new", "", due_before)


def test_striking_out_a_call_keeps_what_a_colleague_changed_since(amina, clinic_moment):
    colleague = front_desk_user("bo")
    request = waiting()
    call = request.record_call("no_answer", by=amina)
    agreed = timezone.now() + timedelta(days=2, hours=3)
    request.set_next_action(agreed, by=colleague)
    request.mark_contacted(by=colleague)
    request.strike_call(call, by=amina)
    request.refresh_from_db()
    assert (request.status, request.next_action_at) == ("contacted", agreed)
    assert request.call_attempts.get().struck_by == amina


def test_a_note_typed_before_striking_out_a_call_stays_on_the_page_unsaved(amina):
    request = make_request()
    call = request.record_call("wrong_number", by=amina)
    client = sign_in(Client(), amina)
    response = client.post(
        strike_url(request),
        {
            "call": call.pk,
            "seen_version": request.version,
            "call_outcome": "reached",
            "note": "Dialled the wrong digits; she answered on the second try",
            "call_back_at": "",
            "new_status": "contacted",
            "closing_outcome": "",
            "owner": "",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dialled the wrong digits; she answered on the second try</textarea>" in page
    assert re.search(r'<input type="radio" name="call_outcome" value="reached"[^>]*checked', page)
    assert '<option value="contacted" selected>Contacted</option>' in page
    # The form sends to the request's page, with the version the strike made.
    request.refresh_from_db()
    assert f'action="{change_url(request)}"' in page
    assert f'name="seen_version" value="{request.version}"' in page
    assert "What you typed is below, not saved yet." in page
    assert not StaffNote.objects.exists()
    assert request.call_attempts.get().struck_by == amina


def test_striking_out_with_nothing_typed_goes_back_to_the_request(amina):
    request = make_request()
    call = request.record_call("wrong_number", by=amina)
    response = sign_in(Client(), amina).post(
        strike_url(request),
        {"call": call.pk, "seen_version": request.version, "new_status": "new", "owner": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == change_url(request)


def test_strike_out_is_offered_on_ones_own_calls_only(amina):
    colleague = front_desk_user("bo")
    request = make_request()
    request.record_call("no_answer", by=colleague, note="Rang at nine")
    own = request.record_call("voicemail", by=amina, note="Left a message at ten")
    page = sign_in(Client(), amina).get(change_url(request)).content.decode()
    buttons = re.findall(r'<button type="submit" class="strike"[^>]*value="(\d+)"', page)
    assert buttons == [str(own.pk)]
