"""What the team did: the front desk sees the whole team's day, a page someone may not open
answers in the staff pages' own look, and every filter the list offers works from its URL."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.helpers import front_desk_user, make_request, sign_in
from tests.test_workspace import CHANGELIST

ACTIVITY = reverse("admin:appointments_team_activity")


def test_the_front_desk_sees_what_the_whole_team_did_today_without_patients_words(db, clinic_moment):
    amina, bo = front_desk_user("amina", "Amina Diallo"), front_desk_user("bo", "Bo Lindqvist")
    request = make_request(first_name="Marisol", last_name="Quintero")
    other = make_request()
    with time_machine.travel(timezone.now() - timedelta(days=1), tick=False):
        request.add_note("Yesterday's note", by=amina)
    request.record_call("reached", by=amina, note="Prefers Spanish")
    other.close(by=bo, outcome="duplicate")
    page = sign_in(Client(), front_desk_user("cy")).get(ACTIVITY)
    assert page.status_code == 200
    rows = page.context["rows"]
    assert [(row["who"], row["reference"], row["what"]) for row in rows] == [
        ("Bo Lindqvist", other.reference, "Status: Closed (Duplicate)"),
        ("Amina Diallo", request.reference, "Call logged: Reached"),
    ]
    html = page.content.decode()
    for patients_words in ("Marisol", "Quintero", "Prefers Spanish", "Yesterday's note"):
        assert patients_words not in html


def test_the_admin_home_links_to_the_teams_day(db):
    html = sign_in(Client(), front_desk_user()).get(reverse("admin:index")).content.decode()
    assert f'<a href="{ACTIVITY}">What the team did today</a>' in html


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:appointments_requests_report"),
        reverse("admin:appointments_requests_report") + "?format=csv",
        reverse("admin:appointments_requestaccess_changelist"),
        reverse("admin:analytics_pageview_changelist"),
    ],
)
def test_a_page_for_managers_answers_the_front_desk_with_a_staff_styled_refusal(db, url):
    response = sign_in(Client(), front_desk_user()).get(url)
    assert response.status_code == 403
    html = response.content.decode()
    assert "Your account cannot open this page" in html
    assert 'id="site-name"' in html  # the staff pages' header
    assert f'href="{reverse("admin:index")}"' in html
    assert "call us at" not in html


def test_every_filter_the_list_offers_works_from_its_url(db):
    amina = front_desk_user("amina", "Amina Diallo")
    handled = make_request()
    handled.record_call("no_answer", by=amina)
    make_request()
    desk = sign_in(Client(), front_desk_user())
    changelist = desk.get(CHANGELIST + "?status=all").context["cl"]
    urls = {choice["query_string"] for spec in changelist.filter_specs for choice in spec.choices(changelist)}
    assert len(urls) > 20
    for query in urls:
        assert desk.get(CHANGELIST + query).status_code == 200, query
    by_amina = desk.get(CHANGELIST, {"handled_by": amina.pk, "status": "all"}).context["cl"].result_list
    assert [row.reference for row in by_amina] == [handled.reference]
    assert desk.get(CHANGELIST + "?handled_by=").status_code == 200
