"""The front desk's workspace: one page per request, one submit per call, nobody's work lost."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from appointments.clinic_time import business_time_between
from appointments.models import AppointmentRequest, CallAttempt, RequestAccess, StaffNote
from tests.helpers import an_appointment, front_desk_user, make_request, practice_manager, sign_in

CHANGELIST = reverse("admin:appointments_appointmentrequest_changelist")


def change_url(appointment_request):
    return reverse("admin:appointments_appointmentrequest_change", args=[appointment_request.pk])


def local_moment(moment):
    """A moment as the page's date-and-time fields send it, in the clinic's time."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def triage(client, appointment_request, *, version=None, **fields):
    """Post the request page's form as a person fills it in; ``version`` is what their page showed.

    A field given as None is left out (another button than "Save and stay here", say).
    """
    data = {
        "seen_version": appointment_request.version if version is None else version,
        "call_outcome": "",
        "note": "",
        "call_back_at": "",
        "new_status": appointment_request.status,
        "closing_outcome": appointment_request.outcome,
        "owner": appointment_request.assigned_to_id or "",
        "_continue": "Save and stay here",
    }
    data.update(fields)
    return client.post(change_url(appointment_request), {k: v for k, v in data.items() if v is not None})


@pytest.fixture
def desk(db):
    return sign_in(Client(), front_desk_user())


def test_the_call_panel_comes_first_with_dialable_phone_and_email_links(desk):
    appointment_request = make_request(phone="+13015550111", email="ada@example.com", first_name="Ada")
    html = desk.get(change_url(appointment_request)).content.decode()
    assert '<a class="phone" href="tel:+1-301-555-0111">(301) 555-0111</a>' in html
    assert '<a href="mailto:ada@example.com">ada@example.com</a>' in html
    panel = html.index("Call the patient")
    assert panel < html.index('name="call_outcome"') < html.index("What the patient sent")
    assert html.index('name="_next"') < html.index("What the patient sent")


def test_one_submit_logs_the_call_the_note_the_call_back_time_and_the_status(desk):
    appointment_request = make_request()
    call_back = timezone.localtime() + timedelta(days=2)
    response = triage(
        desk,
        appointment_request,
        call_outcome="reached",
        note="Wants an afternoon slot",
        call_back_at=call_back.strftime("%Y-%m-%dT%H:%M"),
    )
    assert response.status_code == 302
    appointment_request.refresh_from_db()
    call = CallAttempt.objects.get()
    assert (call.outcome, call.note, call.made_by.username) == (
        "reached",
        "Wants an afternoon slot",
        "frontdesk",
    )
    assert appointment_request.status == "contacted"
    assert appointment_request.handled_by.username == "frontdesk"
    assert timezone.localtime(appointment_request.next_action_at).strftime(
        "%Y-%m-%d %H:%M"
    ) == call_back.strftime("%Y-%m-%d %H:%M")
    reasons = list(appointment_request.history.values_list("history_change_reason", flat=True))
    assert "Call logged: Reached" in reasons


def test_a_call_with_no_answer_is_progress_and_moves_the_due_time(desk, clinic_moment):
    appointment_request = make_request(received_at=timezone.now() - timedelta(days=5))
    assert appointment_request.is_overdue()
    triage(desk, appointment_request, call_outcome="no_answer")
    appointment_request.refresh_from_db()
    assert appointment_request.status == "new"
    assert appointment_request.handled_by.username == "frontdesk"
    assert not appointment_request.is_overdue()
    # Due again once the clinic has been open one more business day.
    waiting = business_time_between(timezone.now(), appointment_request.next_action_at)
    assert waiting == timedelta(hours=8)


def test_a_reached_call_moves_a_new_request_to_contacted(desk):
    appointment_request = make_request()
    triage(desk, appointment_request, call_outcome="reached")
    appointment_request.refresh_from_db()
    assert appointment_request.status == "contacted"


def test_a_stale_save_is_refused_naming_who_changed_what_and_keeps_the_persons_input(db):
    appointment_request = make_request()
    first, second = Client(), Client()
    sign_in(first, front_desk_user("amina"))
    sign_in(second, front_desk_user("bo"))
    seen_by_second = appointment_request.version
    triage(
        first,
        appointment_request,
        call_outcome="reached",
        new_status="scheduled",
        appointment_at=local_moment(an_appointment()),
        note="Booked for Tuesday",
    )
    stale = triage(
        second,
        appointment_request,
        version=seen_by_second,
        call_outcome="voicemail",
        note="Left a message at 10",
    )
    assert stale.status_code == 200
    html = stale.content.decode()
    assert "a colleague changed this request while you had it open" in html
    assert "<strong>amina</strong>" in html
    assert "Call logged: Reached" in html
    assert "Left a message at 10" in html  # what bo typed is still on the page
    appointment_request.refresh_from_db()
    assert appointment_request.status == "scheduled"
    assert appointment_request.handled_by.username == "amina"
    assert list(CallAttempt.objects.values_list("outcome", flat=True)) == ["reached"]
    assert list(StaffNote.objects.values_list("text", flat=True)) == []
    assert CallAttempt.objects.get().note == "Booked for Tuesday"


def test_closing_needs_an_outcome_and_an_outcome_needs_closing(desk):
    appointment_request = make_request()
    no_reason = triage(desk, appointment_request, new_status="closed", closing_outcome="")
    assert no_reason.status_code == 200
    assert "Choose why the request is being closed." in no_reason.content.decode()
    not_closing = triage(desk, appointment_request, new_status="contacted", closing_outcome="duplicate")
    assert not_closing.status_code == 200
    assert "An outcome is only for closing a request" in not_closing.content.decode()
    appointment_request.refresh_from_db()
    assert (appointment_request.status, appointment_request.outcome) == ("new", "")
    closed = triage(desk, appointment_request, new_status="closed", closing_outcome="not_a_candidate")
    assert closed.status_code == 302
    appointment_request.refresh_from_db()
    assert (appointment_request.status, appointment_request.outcome) == ("closed", "not_a_candidate")
    assert appointment_request.next_action_at is None


def test_save_and_open_next_walks_the_queue_skipping_colleagues_requests(desk):
    now = timezone.now()
    current = make_request(received_at=now - timedelta(hours=9))
    make_request(received_at=now - timedelta(hours=8), assigned_to=practice_manager("colleague"))
    following = make_request(received_at=now - timedelta(hours=7))
    response = triage(desk, current, call_outcome="no_answer", _next="1")
    assert response.status_code == 302
    assert response["Location"] == change_url(following)


def test_notes_are_appended_never_overwritten(desk):
    appointment_request = make_request()
    triage(desk, appointment_request, note="First note")
    appointment_request.refresh_from_db()
    triage(desk, appointment_request, note="Second note")
    assert list(StaffNote.objects.order_by("written_at").values_list("text", "author__username")) == [
        ("First note", "frontdesk"),
        ("Second note", "frontdesk"),
    ]
    html = desk.get(change_url(appointment_request)).content.decode()
    assert html.index("First note") < html.index("Second note")


def test_past_calls_read_as_text_and_only_their_author_can_strike_one_out(db):
    appointment_request = make_request()
    author, colleague = front_desk_user("amina"), front_desk_user("bo")
    call = appointment_request.record_call("wrong_number", by=author)
    strike_url = reverse("admin:appointments_appointmentrequest_strike_call", args=[appointment_request.pk])
    refused = sign_in(Client(), colleague).post(strike_url, {"call": call.pk}, follow=True)
    assert "Only the person who logged a call can strike it out." in refused.content.decode()
    call.refresh_from_db()
    assert call.struck_at is None
    client = sign_in(Client(), author)
    page = client.get(change_url(appointment_request)).content.decode()
    assert 'name="call_attempts-0-outcome"' not in page  # no editable past calls
    client.post(strike_url, {"call": call.pk})
    call.refresh_from_db()
    assert call.struck_by == author
    page = client.get(change_url(appointment_request)).content.decode()
    assert re.search(r"<del>.*Wrong number.*</del>", page, re.S)
    reasons = appointment_request.history.values_list("history_change_reason", flat=True)
    assert any((reason or "").startswith("Call struck out: Wrong number") for reason in reasons)


def test_owner_choices_are_active_staff_of_the_two_groups_only(desk, django_user_model):
    django_user_model.objects.create_superuser("root", password="x" * 20)
    gone = front_desk_user("gone")
    gone.is_active = False
    gone.save()
    practice_manager("manager")
    form = desk.get(change_url(make_request())).context["adminform"].form
    names = {user.username for user in form.fields["owner"].queryset}
    assert names == {"frontdesk", "manager"}


def test_assign_to_me_and_my_queue(desk):
    mine, other = make_request(), make_request()
    desk.post(
        CHANGELIST,
        {"action": "assign_to_me", "_selected_action": [mine.pk], f"seen_version_{mine.pk}": mine.version},
    )
    listed = [row.reference for row in desk.get(CHANGELIST + "?owner=me").context["cl"].result_list]
    assert listed == [mine.reference]
    assert other.reference not in listed


@pytest.mark.parametrize(
    ("term", "found"),
    [
        ("555-0177", True),
        ("0177", True),
        ("(301) 555-0177", True),
        ("Jose", True),
        ("nunez", True),
        ("Núñez", True),
    ],
)
def test_search_finds_partial_phone_digits_and_names_without_accents(desk, term, found):
    wanted = make_request(first_name="José", last_name="Núñez", phone="+13015550177")
    make_request(first_name="Ann", last_name="Lee", phone="+13015559999")
    listed = [row.reference for row in desk.get(CHANGELIST, {"q": term}).context["cl"].result_list]
    assert (listed == [wanted.reference]) is found


def test_a_closed_requests_reference_is_found_from_the_default_view(desk):
    closed = make_request(status="closed", outcome="duplicate")
    listed = [
        row.reference for row in desk.get(CHANGELIST, {"q": closed.reference}).context["cl"].result_list
    ]
    assert listed == [closed.reference]


@pytest.mark.parametrize("query", ["?email__regex=(", "?first_name__startswith=A", "?handled_by__password=x"])
def test_a_lookup_the_page_does_not_offer_is_a_400(desk, query):
    assert desk.get(CHANGELIST + query).status_code == 400


def test_history_reads_empty_as_empty_and_keeps_whole_notes(desk):
    appointment_request = make_request()
    long_note = "Patient asked about parking. " * 12
    triage(desk, appointment_request, call_outcome="reached", note=long_note)
    history = desk.get(
        reverse("admin:appointments_appointmentrequest_history", args=[appointment_request.pk])
    )
    html = history.content.decode()
    assert "Deleted user" not in html
    assert "(empty)" in html
    assert "Call logged: Reached" in html


def test_history_names_who_changed_what_without_links_the_front_desk_cannot_open(desk):
    appointment_request = make_request()
    triage(desk, appointment_request, call_outcome="voicemail")
    html = desk.get(
        reverse("admin:appointments_appointmentrequest_history", args=[appointment_request.pk])
    ).content.decode()
    assert "/admin/auth/user/" not in html
    assert "frontdesk" in html
    assert "the request form" in html
    assert ">None<" not in html.replace(" ", "").replace("\n", "")


def test_every_view_of_patient_fields_writes_one_access_row(db):
    appointment_request = make_request()
    manager = practice_manager()
    client = sign_in(Client(), manager)
    pk = appointment_request.pk
    record = appointment_request.history.first()
    for url in (
        change_url(appointment_request),
        reverse("admin:appointments_appointmentrequest_history", args=[pk]),
        reverse("admin:appointments_appointmentrequest_simple_history", args=[pk, record.history_id]),
    ):
        before = RequestAccess.objects.count()
        assert client.get(url).status_code == 200
        assert RequestAccess.objects.count() == before + 1, url
    before = RequestAccess.objects.count()
    invalid = triage(client, appointment_request, new_status="closed", closing_outcome="")
    assert invalid.status_code == 200
    assert RequestAccess.objects.count() == before + 1
    client.post(CHANGELIST, {"action": "export_csv", "_selected_action": [pk]})
    export = RequestAccess.objects.filter(kind="export").get()
    assert (export.reference, export.user) == (appointment_request.reference, manager)


def test_revert_is_refused_and_a_deleted_requests_history_is_gone(db):
    appointment_request = make_request()
    appointment_request.mark_contacted(by=front_desk_user("amina"))
    record = appointment_request.history.last()
    version_url = reverse(
        "admin:appointments_appointmentrequest_simple_history",
        args=[appointment_request.pk, record.history_id],
    )
    desk = sign_in(Client(), front_desk_user())
    assert desk.post(version_url, {"seen_version": 1}).status_code == 403
    manager = sign_in(Client(), practice_manager())
    delete_url = reverse("admin:appointments_appointmentrequest_delete", args=[appointment_request.pk])
    assert manager.post(delete_url, {"post": "yes"}).status_code == 302
    history_url = reverse("admin:appointments_appointmentrequest_history", args=[appointment_request.pk])
    assert desk.get(history_url).status_code == 404
    assert desk.get(version_url).status_code == 404


def test_a_request_stored_by_the_form_falls_due_one_business_day_later(db):
    appointment_request = make_request()
    assert appointment_request.next_action_at is not None
    assert AppointmentRequest.objects.needs_action().get() == appointment_request


def test_every_admin_url_of_a_request_is_either_logged_or_shows_no_patient_field():
    """A new admin URL for requests must be added to one of these lists on purpose."""
    from django.contrib import admin

    model_admin = admin.site._registry[AppointmentRequest]
    names = {pattern.name for pattern in model_admin.get_urls() if pattern.name}
    logged = {  # each covered by test_every_view_of_patient_fields_writes_one_access_row
        "appointments_appointmentrequest_change",
        "appointments_appointmentrequest_history",
        "appointments_appointmentrequest_simple_history",
        "appointments_appointmentrequest_changelist",  # its CSV export action is logged
    }
    without_patient_fields = {
        "appointments_appointmentrequest_add",  # refused: no add permission
        "appointments_appointmentrequest_delete",  # shows the reference only
        "appointments_appointmentrequest_strike_call",  # POST, redirects to the logged page
        "appointments_take_next",  # POST, redirects to the logged page
        "appointments_team_activity",  # references, staff names and change reasons only
        "appointments_requests_report",  # counts and staff names only
    }
    assert names <= logged | without_patient_fields, names - logged - without_patient_fields
