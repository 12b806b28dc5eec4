"""The states staff think in: reopening starts afresh, "not reached yet" means no call that
reached the patient stands, e-mails and texts are logged like calls, a scheduled request
carries its appointment, and spam or a wrong number leads somewhere clear."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from appointments.models import AppointmentRequest
from tests.helpers import front_desk_user, make_request, sign_in
from tests.test_workspace import CHANGELIST, triage


@pytest.fixture
def desk_user(db):
    return front_desk_user()


@pytest.fixture
def desk(desk_user):
    return sign_in(Client(), desk_user)


def listed(client, query):
    return {row.reference for row in client.get(CHANGELIST + query).context["cl"].result_list}


def test_reopening_a_closed_request_from_its_page_clears_the_old_outcome(desk):
    request = make_request(status="closed", outcome="duplicate", next_action_at=None)
    # The page still shows the old outcome chosen; the person only changes the status.
    response = triage(desk, request, new_status="new", closing_outcome="duplicate")
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.outcome) == ("new", "")
    assert request.next_action_at is not None


def test_not_reached_yet_counts_a_patient_reached_only_by_a_reached_call_that_stands(desk, desk_user):
    untouched = make_request()
    voicemail_only = make_request()
    voicemail_only.record_call("voicemail", by=desk_user)
    reached = make_request()
    reached.record_call("reached", by=desk_user)
    reached_then_struck = make_request()
    reached_then_struck.strike_call(reached_then_struck.record_call("reached", by=desk_user), by=desk_user)
    reached_and_reopened = make_request()
    reached_and_reopened.record_call("reached", by=desk_user, status="closed", close_outcome="other")
    reached_and_reopened.reopen(by=desk_user)
    assert reached_and_reopened.status == "new"
    contacted_by_hand = make_request()
    contacted_by_hand.mark_contacted(by=desk_user)

    expected = {untouched, voicemail_only, reached_then_struck, contacted_by_hand}
    assert listed(desk, "?status=not_reached") == {r.reference for r in expected}
    assert set(AppointmentRequest.objects.not_reached()) == expected
    assert f"<strong>{len(expected)}</strong> not reached yet" in desk.get("/admin/").content.decode()


def test_not_reached_yet_lists_the_earliest_due_first(desk):
    now = timezone.now()
    later = make_request(received_at=now - timedelta(hours=1))
    sooner = make_request(received_at=now - timedelta(days=2))
    rows = desk.get(CHANGELIST + "?status=not_reached").context["cl"].result_list
    assert [row.reference for row in rows] == [sooner.reference, later.reference]
