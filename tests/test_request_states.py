"""The states staff think in: reopening starts afresh, "not reached yet" means no call that
reached the patient stands, e-mails and texts are logged like calls, a scheduled request
carries its appointment, and spam or a wrong number leads somewhere clear."""

import csv
import io
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from appointments.models import AppointmentRequest
from appointments.staff import staff_time
from tests.helpers import an_appointment, front_desk_user, make_request, practice_manager, sign_in
from tests.test_workspace import CHANGELIST, change_url, local_moment, triage


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


def test_an_email_or_a_text_is_logged_like_a_call_and_counts_as_an_attempt(desk, desk_user):
    request = make_request(received_at=timezone.now() - timedelta(days=2))
    response = triage(desk, request, channel="email", call_outcome="sent", note="Sent the new-patient forms")
    assert response.status_code == 302
    request.refresh_from_db()
    email = request.call_attempts.get()
    assert (email.channel, email.outcome, email.note) == ("email", "sent", "Sent the new-patient forms")
    assert request.history.first().history_change_reason == "E-mail logged: Message sent"
    assert request.call_count == 1 and request.first_call_wait is not None  # the report: tried
    assert request.first_reached_wait is None  # but not reached
    assert not request.is_overdue()
    page = desk.get(change_url(request)).content.decode()
    assert "<strong>E-mail: Message sent</strong>" in page
    assert "E-mail: Message sent" in desk.get(CHANGELIST).content.decode()


def test_a_call_cannot_be_sent_and_an_email_cannot_go_to_voicemail(desk):
    request = make_request()
    for channel, outcome in (("phone", "sent"), ("text", "voicemail")):
        response = triage(desk, request, channel=channel, call_outcome=outcome, note="Typed note")
        assert response.status_code == 200
        assert response.context["adminform"].form.errors["call_outcome"]
        assert "Typed note</textarea>" in response.content.decode()
    assert not request.call_attempts.exists()


def test_scheduling_asks_for_the_appointment_and_shows_it_everywhere(desk, db):
    request = make_request()
    refused = triage(desk, request, call_outcome="reached", new_status="scheduled", note="Booked")
    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors["appointment_at"] == [
        "Give the date and time of the appointment the patient is booked for."
    ]
    assert "Booked</textarea>" in refused.content.decode()
    booked = timezone.localtime(an_appointment(days=5)).replace(hour=14, minute=30, second=0, microsecond=0)
    done = triage(
        desk, request, call_outcome="reached", new_status="scheduled", appointment_at=local_moment(booked)
    )
    assert done.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.appointment_at) == ("scheduled", booked)
    shown = staff_time(booked)
    assert f"Appointment: <strong>{shown}</strong>" in desk.get(change_url(request)).content.decode()
    assert f"Appointment<br>{shown}" in desk.get(CHANGELIST + "?status=scheduled").content.decode()
    manager = sign_in(Client(), practice_manager())
    export = manager.post(
        CHANGELIST + "?status=all", {"action": "export_csv", "_selected_action": [request.pk]}
    )
    rows = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[0]["appointment_at"] == booked.isoformat(timespec="seconds")
    report = manager.get(reverse("admin:appointments_requests_report"))
    assert dict(report.context["report"].appointments)["Within a week"] == 1


def test_an_appointment_in_the_past_is_refused_next_to_its_field(desk):
    request = make_request()
    yesterday = local_moment(timezone.now() - timedelta(days=1))
    response = triage(desk, request, new_status="scheduled", appointment_at=yesterday)
    assert response.context["adminform"].form.errors["appointment_at"] == ["Choose a time from now on."]


def test_marking_a_request_as_spam_takes_it_out_of_the_queue_and_the_report_until_the_spam_purge(
    desk, desk_user, settings
):
    advert = make_request(first_name="Best", last_name="SEO Services")
    kept = make_request()
    response = triage(desk, advert, _continue=None, _spam="Mark as spam and open the next")
    assert response["Location"] == change_url(kept)
    advert.refresh_from_db()
    assert (advert.is_suspected_spam, advert.next_action_at) == (True, None)
    assert advert.history.first().history_change_reason == "Marked as spam"
    assert listed(desk, "") == {kept.reference}
    assert listed(desk, "?spam=yes") == {advert.reference}
    manager = sign_in(Client(), practice_manager())
    assert manager.get(reverse("admin:appointments_requests_report")).context["report"].received == 1
    # Purged with the suspected spam, once it is older than the spam's retention.
    settings.APPOINTMENT_SPAM_RETENTION_DAYS = 30
    with time_machine.travel(timezone.now() + timedelta(days=31), tick=False):
        call_command("purge_appointment_requests", stdout=io.StringIO())
    assert list(AppointmentRequest.objects.all()) == [kept]


def test_spam_marked_by_mistake_goes_back_to_the_queue(desk, desk_user):
    request = make_request()
    request.mark_as_spam(by=desk_user)
    assert triage(desk, request, _continue=None, _genuine="Not spam").status_code == 302
    request.refresh_from_db()
    assert (request.is_suspected_spam, request.needs_action) == (False, True)
    assert listed(desk, "") == {request.reference}


def test_requests_are_marked_as_spam_in_bulk_from_the_list(desk):
    first, second = make_request(), make_request()
    desk.post(
        CHANGELIST,
        {
            "action": "mark_as_spam",
            "_selected_action": [first.pk, second.pk],
            **{f"seen_version_{r.pk}": r.version for r in (first, second)},
        },
    )
    assert AppointmentRequest.objects.filter(is_suspected_spam=True).count() == 2


def test_a_wrong_number_with_no_email_asks_to_close_the_request(desk):
    request = make_request(email="")
    response = triage(desk, request, call_outcome="wrong_number")
    assert response.status_code == 200
    assert "close the request" in response.context["adminform"].form.errors["new_status"][0]
    closed = triage(
        desk, request, call_outcome="wrong_number", new_status="closed", closing_outcome="could_not_reach"
    )
    assert closed.status_code == 302


def test_a_wrong_number_with_an_email_is_due_now_with_the_next_step_said(desk, clinic_moment):
    request = make_request(email="pat@example.com")
    assert triage(desk, request, call_outcome="wrong_number").status_code == 302
    request.refresh_from_db()
    assert request.next_action_at <= timezone.now()
    page = desk.get(change_url(request)).content.decode()
    assert "the phone number is wrong, so e-mail the patient at pat@example.com" in page
    triage(desk, request, channel="email", call_outcome="sent")
    request.refresh_from_db()
    assert request.next_action_at > timezone.now()
    assert "the phone number is wrong" not in desk.get(change_url(request)).content.decode()


def test_a_note_typed_with_a_call_shows_in_the_queues_latest_note(desk, desk_user):
    request = make_request()
    request.add_note("Asked for the referral letter", by=desk_user)
    request.record_call("voicemail", by=desk_user, note="Needs a Spanish speaker")
    listed_page = desk.get(CHANGELIST + "?status=all").content.decode()
    assert "Needs a Spanish speaker" in listed_page
    assert "Asked for the referral letter" not in listed_page
    request.add_note("Daughter will interpret", by=desk_user)
    assert "Daughter will interpret" in desk.get(CHANGELIST + "?status=all").content.decode()


def test_the_patients_own_message_is_in_the_call_panel(desk):
    request = make_request(message="Pain came back six months after my operation.")
    page = desk.get(change_url(request)).content.decode()
    panel = page[page.index("call-panel") : page.index("call-form")]
    assert "Their message: “Pain came back six months after my operation.”" in panel
