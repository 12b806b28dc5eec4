"""A save refused because a colleague saved first is a merge, not a dead end: the page comes
back with the colleague's change spelled out first, their values wherever the person left
a choice alone, what the person typed kept, and a version that lets sending it again
apply it on top. Every change in the history says what it changed."""

import html
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from appointments.models import AppointmentRequest, CallAttempt, StaffNote
from tests.helpers import an_appointment, front_desk_user, make_request, sign_in
from tests.test_workspace import change_url, local_moment, triage


@pytest.fixture
def people(db):
    """Amina saves first; Bo's page shows the request as it was before."""
    amina, bo = front_desk_user("amina", "Amina Diallo"), front_desk_user("bo", "Bo Lindqvist")
    return amina, bo, sign_in(Client(), amina), sign_in(Client(), bo)


def refused_for_bo(people, request, **bo_typed):
    """Amina closes the request as a duplicate with a note and a call; Bo, whose page is
    older, then sends ``bo_typed``: the page that comes back."""
    _amina, _bo, amina_client, bo_client = people
    seen_by_bo = request.version
    bo_client.get(change_url(request))
    closed = triage(
        amina_client,
        request,
        call_outcome="reached",
        note="Same patient as the request sent on Monday",
        new_status="closed",
        closing_outcome="duplicate",
    )
    assert closed.status_code == 302
    return triage(bo_client, request, version=seen_by_bo, **bo_typed)


def text_of(page):
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def test_a_refused_save_comes_first_spelling_out_the_colleagues_change_in_full(people):
    request = make_request()
    refused = refused_for_bo(people, request, call_outcome="voicemail", note="Left a message at 10")
    assert refused.status_code == 200
    page = refused.content.decode()
    content = page[page.index('id="content-main"') :]
    assert content.index("refused-save") < content.index("call-panel")
    assert "Please correct the error below" not in page
    panel = text_of(content[content.index('class="refused-save"') : content.index("</section>")])
    now = timezone.localtime()
    assert f"Amina Diallo , {now:%a %b} {now.day}, {now:%H:%M}: Call logged: Reached" in panel
    for part in (
        "Status: New → Closed",
        "Outcome: (empty) → Duplicate",
        "Handled by: (empty) → Amina Diallo",
        'Call, Reached: "Same patient as the request sent on Monday"',
    ):
        assert part in panel, part
    # Nothing of Bo's was saved.
    assert list(CallAttempt.objects.values_list("outcome", flat=True)) == ["reached"]
    assert not StaffNote.objects.exists()


def test_a_refused_save_shows_the_colleagues_values_where_nothing_was_touched_and_keeps_what_was_typed(
    people,
):
    _amina, bo, *_ = people
    request = make_request()
    refused = refused_for_bo(
        people, request, call_outcome="voicemail", note="Left a message at 10", owner=bo.pk
    )
    form = refused.context["adminform"].form
    request.refresh_from_db()
    # Untouched: the status and the outcome as Amina left them, not "New" under "Closed".
    assert form["new_status"].value() == "closed"
    assert form["closing_outcome"].value() == "duplicate"
    # Chosen or typed by Bo: kept.
    assert form["owner"].value() == str(bo.pk)
    assert form["call_outcome"].value() == "voicemail"
    assert form["note"].value() == "Left a message at 10"
    assert form["seen_version"].value() == str(request.version)
    page = refused.content.decode()
    assert '<option value="closed" selected>Closed</option>' in page
    assert f'name="seen_version" value="{request.version}"' in page


def test_a_refused_save_sent_again_from_the_page_it_came_back_on_is_applied_on_top(people):
    amina, bo, _, bo_client = people
    request = make_request()
    refused = refused_for_bo(
        people, request, call_outcome="voicemail", note="Left a message at 10", owner=bo.pk
    )
    again = bo_client.post(change_url(request), refused.context["adminform"].form.data)
    assert again.status_code == 302
    request.refresh_from_db()
    # Amina's close stands; Bo's call, note and owner are added on top.
    assert (request.status, request.outcome, request.assigned_to) == ("closed", "duplicate", bo)
    assert list(request.call_attempts.values_list("outcome", "made_by__username", "note")) == [
        ("reached", "amina", "Same patient as the request sent on Monday"),
        ("voicemail", "bo", "Left a message at 10"),
    ]
    assert amina != bo


def test_a_choice_the_person_changed_wins_when_sent_again(people):
    _amina, _bo, amina_client, bo_client = people
    request = make_request()
    seen_by_bo = request.version
    triage(amina_client, request, note="Patient asked for an afternoon")
    refused = triage(
        bo_client,
        request,
        version=seen_by_bo,
        new_status="scheduled",
        appointment_at=local_moment(an_appointment()),
    )
    assert refused.context["adminform"].form["new_status"].value() == "scheduled"
    assert bo_client.post(change_url(request), refused.context["adminform"].form.data).status_code == 302
    request.refresh_from_db()
    assert request.status == "scheduled"


def test_every_change_in_the_history_says_what_it_changed(db):
    desk, owner = front_desk_user("desk"), front_desk_user("amina", "Amina Diallo")
    request = make_request()
    request.add_note("Asked for the referral", by=desk)
    request.assign(owner, by=desk)
    request.record_call("no_answer", by=desk)
    request.set_next_action(timezone.now() + timedelta(days=1), by=desk)
    request.mark_contacted(by=desk)
    request.mark_scheduled(by=desk, appointment_at=an_appointment())
    request.close(by=desk, outcome="duplicate")
    request.reopen(by=desk)
    call = request.record_call("wrong_number", by=desk)
    request.strike_call(call, by=desk)
    request.assign(None, by=desk)
    changes = request.history.filter(history_type="~").order_by("version")
    reasons = list(changes.values_list("history_change_reason", flat=True))
    assert all(reasons), reasons
    assert reasons[1] == "Owner: Amina Diallo"
    assert [reason.split(" (appointment ")[0] for reason in reasons[4:8]] == [
        "Status: Contacted",
        "Status: Scheduled",
        "Status: Closed (Duplicate)",
        "Status: New",
    ]
    assert AppointmentRequest.objects.get().version == len(reasons) + 1
