"""Front-desk triage in admin, as the Front desk and Practice manager groups see it."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from appointments.models import AppointmentRequest, RequestAccess
from tests.helpers import front_desk_user, make_request, practice_manager, sign_in

CHANGELIST = reverse("admin:appointments_appointmentrequest_changelist")


def change_url(appointment_request):
    return reverse("admin:appointments_appointmentrequest_change", args=[appointment_request.pk])


def seen(*appointment_requests):
    """The versions the list page showed, as it posts them with a bulk action."""
    return {f"seen_version_{r.pk}": r.version for r in appointment_requests}


def listed_references(response):
    return [row.reference for row in response.context["cl"].result_list]


@pytest.fixture
def front_desk(client, db):
    sign_in(client, front_desk_user())
    return client


@pytest.fixture
def manager(client, db):
    sign_in(client, practice_manager())
    return client


def test_list_is_the_queue_earliest_due_first_with_closed_and_scheduled_hidden(front_desk):
    now = timezone.now()
    due_later = make_request(received_at=now - timedelta(hours=1))
    due_sooner = make_request(received_at=now - timedelta(hours=5))
    contacted = make_request(received_at=now - timedelta(hours=9), status="contacted")
    closed = make_request(received_at=now - timedelta(hours=2), status="closed", outcome="duplicate")
    scheduled = make_request(received_at=now - timedelta(hours=3), status="scheduled")
    response = front_desk.get(CHANGELIST)
    assert response.status_code == 200
    assert listed_references(response) == [contacted.reference, due_sooner.reference, due_later.reference]
    everything = listed_references(front_desk.get(CHANGELIST + "?status=all"))
    assert {closed.reference, scheduled.reference} <= set(everything)
    assert scheduled.reference in listed_references(front_desk.get(CHANGELIST + "?status=open"))


def test_suspected_spam_is_hidden_from_the_default_list_but_can_be_found(front_desk):
    genuine = make_request()
    spam = make_request(is_suspected_spam=True, spam_signal="honeypot")
    assert listed_references(front_desk.get(CHANGELIST)) == [genuine.reference]
    assert listed_references(front_desk.get(CHANGELIST + "?spam=yes")) == [spam.reference]


def test_filters_by_reason_and_notification(front_desk):
    neck = make_request(reason="neck_pain", staff_notified_at=timezone.now())
    make_request(reason="back_pain")
    assert listed_references(front_desk.get(CHANGELIST + "?reason=neck_pain")) == [neck.reference]
    assert listed_references(front_desk.get(CHANGELIST + "?notified=yes")) == [neck.reference]
    assert neck.reference not in listed_references(front_desk.get(CHANGELIST + "?notified=no"))


@pytest.mark.parametrize(
    "term", ["reference", "Zebedee", "zebedee@example.org", "(301) 555-7788", "3015557788"]
)
def test_search_finds_a_request_by_reference_name_email_or_phone(front_desk, term):
    wanted = make_request(last_name="Zebedee", email="zebedee@example.org", phone="+13015557788")
    make_request()
    term = wanted.reference if term == "reference" else term
    assert listed_references(front_desk.get(CHANGELIST, {"q": term})) == [wanted.reference]


def test_a_request_past_its_due_time_stands_out_as_overdue(front_desk):
    overdue = make_request(received_at=timezone.now() - timedelta(days=4))
    make_request()
    html = front_desk.get(CHANGELIST).content.decode()
    assert html.count(">Overdue</strong>") == 1
    assert overdue.is_overdue()


def test_the_admin_index_counts_not_reached_overdue_due_today_and_mine(front_desk):
    me = User.objects.get(username="frontdesk")
    make_request()
    make_request(received_at=timezone.now() - timedelta(days=5))
    make_request(status="contacted", assigned_to=me)
    make_request(is_suspected_spam=True)
    html = front_desk.get(reverse("admin:index")).content.decode()
    assert re.search(r"<strong>3</strong> not reached yet</a>", html)
    assert re.search(r"<strong>1</strong> overdue</a>", html)
    assert re.search(r"<strong>1</strong> in my queue</a>", html)
    assert "Pain Management Associates LLC: staff" in html


def test_bulk_actions_set_status_and_handled_by(front_desk):
    first, second = make_request(), make_request()
    response = front_desk.post(
        CHANGELIST,
        {"action": "mark_contacted", "_selected_action": [first.pk, second.pk], **seen(first, second)},
    )
    assert response.status_code == 302
    for appointment_request in (first, second):
        appointment_request.refresh_from_db()
        assert appointment_request.status == "contacted"
        assert appointment_request.handled_by.username == "frontdesk"
        assert appointment_request.history.first().history_user.username == "frontdesk"


def test_bulk_close_asks_for_the_outcome_and_closes_nothing_without_one(front_desk):
    first, second = make_request(), make_request()
    chosen = {"action": "close_requests", "_selected_action": [first.pk, second.pk], **seen(first, second)}
    page = front_desk.post(CHANGELIST, chosen)
    assert page.status_code == 200
    assert "Why are these requests closed?" in page.content.decode()
    refused = front_desk.post(CHANGELIST, {**chosen, "outcome": ""})
    assert refused.status_code == 200
    assert AppointmentRequest.objects.filter(status="closed").count() == 0
    done = front_desk.post(CHANGELIST, {**chosen, "outcome": "booked_elsewhere"})
    assert done.status_code == 302
    for appointment_request in (first, second):
        appointment_request.refresh_from_db()
        assert (appointment_request.status, appointment_request.outcome) == ("closed", "booked_elsewhere")
        latest = appointment_request.history.first()
        assert (latest.status, latest.history_user.username) == ("closed", "frontdesk")


def test_a_bulk_action_refuses_a_row_a_colleague_changed_since_the_list_was_shown(front_desk):
    fresh, changed = make_request(), make_request()
    seen_versions = seen(fresh, changed)
    changed.record_call("reached", by=practice_manager("colleague"), note="Booking Tuesday")
    response = front_desk.post(
        CHANGELIST,
        {
            "action": "close_requests",
            "_selected_action": [fresh.pk, changed.pk],
            "outcome": "other",
            **seen_versions,
        },
        follow=True,
    )
    fresh.refresh_from_db()
    changed.refresh_from_db()
    assert fresh.status == "closed"
    assert changed.status == "contacted"
    html = response.content.decode()
    assert f"{changed.reference}: colleague changed this request" in html


def test_front_desk_cannot_delete_or_export(front_desk):
    appointment_request = make_request()
    actions = front_desk.get(CHANGELIST).context["action_form"].fields["action"].choices
    names = [name for name, _label in actions]
    assert "export_csv" not in names
    assert "delete_selected" not in names
    response = front_desk.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": [appointment_request.pk]}
    )
    assert response.get("Content-Type", "").startswith("text/html")
    delete_url = reverse("admin:appointments_appointmentrequest_delete", args=[appointment_request.pk])
    assert front_desk.get(delete_url).status_code == 403
    assert front_desk.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert front_desk.get(reverse("admin:appointments_requestaccess_changelist")).status_code == 403


def test_practice_manager_exports_the_selected_rows_as_csv(manager):
    chosen = make_request(first_name="=HYPERLINK(1)", message="Line 1\nLine 2")
    make_request()
    response = manager.post(CHANGELIST, {"action": "export_csv", "_selected_action": [chosen.pk]})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[:6] == ["reference", "received_at", "first_name", "last_name", "phone", "email"]
    assert len(body) == 1
    record = dict(zip(header, body[0], strict=True))
    assert record["reference"] == chosen.reference
    assert record["first_name"] == "'=HYPERLINK(1)"
    assert record["message"] == "Line 1\nLine 2"
    assert record["phone"] == chosen.phone.as_national


def test_opening_a_request_is_recorded_and_the_manager_can_read_the_log(client, db):
    appointment_request = make_request()
    desk = front_desk_user()
    sign_in(client, desk)
    client.get(change_url(appointment_request))
    access = RequestAccess.objects.get()
    assert access.user == desk
    assert access.reference == appointment_request.reference
    sign_in(client, practice_manager())
    log = client.get(reverse("admin:appointments_requestaccess_changelist"))
    assert log.status_code == 200
    html = log.content.decode()
    assert appointment_request.reference in html
    assert "frontdesk" in html


def test_requests_sharing_a_phone_or_email_are_flagged_and_linked(front_desk):
    first = make_request(phone="+13015551111", received_at=timezone.now() - timedelta(days=10))
    second = make_request(phone="+13015551111")
    by_email = make_request(email="Same@Example.com")
    also_by_email = make_request(email="same@example.com")
    unrelated = make_request()
    long_ago = make_request(phone="+13015552222", received_at=timezone.now() - timedelta(days=200))
    make_request(phone="+13015552222")
    response = front_desk.get(CHANGELIST + "?status=all")
    flagged = {row.reference for row in response.context["cl"].result_list if row.has_same_contact}
    assert flagged == {first.reference, second.reference, by_email.reference, also_by_email.reference}
    assert unrelated.reference not in flagged and long_ago.reference not in flagged
    linked = front_desk.get(CHANGELIST, {"same_contact_as": first.pk, "status": "all"})
    assert sorted(listed_references(linked)) == sorted([first.reference, second.reference])
    detail = front_desk.get(change_url(first)).content.decode()
    assert second.reference in detail


def test_anonymous_visitors_cannot_see_requests(client, db):
    appointment_request = make_request()
    response = client.get(change_url(appointment_request))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_staff_without_a_group_see_no_requests(client, db):
    from django.contrib.auth.models import User

    user = User.objects.create_user("intern", is_staff=True)
    sign_in(client, user)
    assert client.get(CHANGELIST).status_code == 403
    assert AppointmentRequest.objects.count() == 0


def test_phone_extension_shows_with_the_number_in_the_list_the_page_the_link_and_the_export(front_desk):
    appointment_request = make_request(phone="+13015550111", phone_extension="12")
    link = '<a href="tel:+1-301-555-0111;ext=12">(301) 555-0111 ext. 12</a>'
    assert link in front_desk.get(CHANGELIST).content.decode()
    page = front_desk.get(change_url(appointment_request)).content.decode()
    assert '<a class="phone" href="tel:+1-301-555-0111;ext=12">(301) 555-0111 ext. 12</a>' in page

    manager = sign_in(Client(), practice_manager())
    response = manager.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": [appointment_request.pk]}
    )
    header, row = list(csv.reader(io.StringIO(response.content.decode())))
    assert dict(zip(header, row, strict=True))["phone"] == "(301) 555-0111 ext. 12"
