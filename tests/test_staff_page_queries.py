"""Each staff page runs a fixed number of queries, however many requests, calls, notes,
history and access-log rows are stored: the same bound holds with a handful and with more
than a page of them; a list writes its access-log rows in one statement, however many it
shows. (Speed itself is measured by `make bench-admin`, never here.)"""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from analytics.models import PageView, RequestOrigin, TrafficSource
from appointments.models import AppointmentRequest, CallAttempt, RequestAccess
from tests.helpers import front_desk_user, make_request, practice_manager, sign_in

CHANGELIST = reverse("admin:appointments_appointmentrequest_changelist")
FEW, MANY = 3, 60  # MANY is more than a list page (50 rows)


def store_requests(count, desk_user, colleague):
    """``count`` requests worked on as the front desk does: calls, notes, owners, the same
    patient twice, a closed one, and the access-log rows reading them leaves."""
    now = timezone.now()
    stored = []
    for n in range(count):
        earlier = stored[-1] if stored and n % 2 else None
        contact = {"phone": str(earlier.phone), "email": earlier.email.upper()} if earlier else {}
        request = make_request(received_at=now - timedelta(days=3, minutes=n), **contact)
        request.record_call(CallAttempt.Outcome.NO_ANSWER, by=desk_user, note="Left a message")
        request.add_note("Asked for the referral letter", by=colleague)
        request.assign(desk_user if n % 3 else colleague, by=desk_user)
        if n % 2 == 0:
            request.set_next_action(now - timedelta(hours=1), by=desk_user)  # overdue
        if n % 5 == 4:
            request.close(by=desk_user, outcome=AppointmentRequest.Outcome.COULD_NOT_REACH)
        stored.append(request)
    RequestAccess.objects.bulk_create(
        RequestAccess(appointment_request=r, reference=r.reference, user=u)
        for r in stored
        for u in (desk_user, colleague)
    )
    return stored


def store_analytics(days):
    today = timezone.localdate()
    paths = ["/", "/request-appointment/", "/services/nerve-blocks/", "/blog/", "/about/"]
    for n in range(days):
        day = today - timedelta(days=n)
        PageView.objects.bulk_create(PageView(day=day, path=path, views=n + 1) for path in paths)
        TrafficSource.objects.bulk_create(
            TrafficSource(day=day, path=path, kind="referrer", name=f"site{n % 7}.example", visits=2)
            for path in paths
        )
        RequestOrigin.objects.bulk_create(RequestOrigin(day=day, path=path, requests=1) for path in paths[:2])


def change_url(request, view="change"):
    return reverse(f"admin:appointments_appointmentrequest_{view}", args=[request.pk])


# page: (who opens it, its address given the requests stored, the most queries it may run)
PAGES = {
    "admin index": ("desk", lambda rows: reverse("admin:index"), 13),
    "list: needs action": ("desk", lambda rows: CHANGELIST, 15),
    "list: all": ("desk", lambda rows: CHANGELIST + "?status=all", 15),
    "list: overdue": ("desk", lambda rows: CHANGELIST + "?due=overdue", 15),
    "list: my queue": ("desk", lambda rows: CHANGELIST + "?owner=me", 15),
    "list: search by name": ("desk", lambda rows: CHANGELIST + "?q=patient", 15),
    "list: search by phone digits": ("desk", lambda rows: CHANGELIST + "?q=555", 15),
    "list: same phone or email": (
        "desk",
        lambda rows: CHANGELIST + f"?same_contact_as={rows[0].pk}&status=all",
        17,
    ),
    # Opening the page holds the request: two updates (let go of another, hold this one).
    "request page": ("desk", lambda rows: change_url(rows[1]), 17),
    "history page": ("desk", lambda rows: change_url(rows[1], "history"), 15),
    "what the team did today": ("desk", lambda rows: reverse("admin:appointments_team_activity"), 10),
    "list: not reached yet": ("desk", lambda rows: CHANGELIST + "?status=not_reached", 15),
    "access log": ("manager", lambda rows: reverse("admin:appointments_requestaccess_changelist"), 11),
    "requests report": ("manager", lambda rows: reverse("admin:appointments_requests_report"), 14),
    "site analytics": (
        "manager",
        lambda rows: reverse("admin:analytics_pageview_changelist") + "?days=90",
        15,
    ),
}


@pytest.mark.parametrize("count", [FEW, MANY], ids=["few rows", "many rows"])
@pytest.mark.parametrize("page", PAGES)
def test_a_staff_pages_queries_do_not_grow_with_the_rows_stored(
    db, django_assert_max_num_queries, page, count
):
    desk_user, manager = front_desk_user(), practice_manager()
    rows = store_requests(count, desk_user, manager)
    # The request shown on its own page gets as much history as the rows count.
    for n in range(count):
        rows[1].add_note(f"Follow-up {n}", by=desk_user)
    store_analytics(count)
    who, url, bound = PAGES[page]
    client = sign_in(Client(), desk_user if who == "desk" else manager)
    url = url(rows)
    assert client.get(url).status_code == 200  # warm: content types and permissions cached
    with django_assert_max_num_queries(bound):
        response = client.get(url)
    assert response.status_code == 200
