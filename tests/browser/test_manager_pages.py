"""The practice manager's pages in a real browser: nothing for axe-core to fix, nothing the CSP blocks."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from analytics.models import PageView
from tests.browser.support import WIDTHS, PageWatch
from tests.browser.test_accessibility import staff_axe_violations
from tests.helpers import front_desk_user, make_request, practice_manager, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MANAGER_PAGES = ("/admin/", "/admin/appointments/appointmentrequest/report/", "/admin/analytics/pageview/")


@pytest.fixture
def manager_context(live_server, new_context):
    """A browser signed in as a practice manager, with some requests, calls and visits to show."""
    now = timezone.now()
    desk = front_desk_user("amina")
    for days in range(1, 6):
        r = make_request(received_at=now - timedelta(days=days), first_name="Zoë")
        if days % 2:
            r.record_call("reached", by=desk)
        PageView.objects.create(day=timezone.localdate() - timedelta(days=days), path="/", views=days * 3)
    client = sign_in(Client(), practice_manager())
    session = client.cookies["sessionid"].value

    def make(**options):
        context = new_context(**options)
        context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
        return context

    return make


@pytest.mark.parametrize("url", MANAGER_PAGES)
def test_manager_page_has_no_accessibility_violations_on_phone_or_desktop(live_server, manager_context, url):
    page = manager_context(bypass_csp=True).new_page()
    page.goto(live_server.url + url)
    assert "Log in" not in page.title()
    found = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        found += staff_axe_violations(page, width)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("url", MANAGER_PAGES[1:])
def test_manager_reports_break_no_content_security_rule_and_load_nothing_from_elsewhere(
    live_server, manager_context, url
):
    page = manager_context().new_page()
    watch = PageWatch(page)
    page.goto(live_server.url + url)
    assert page.locator('svg[role="img"] text.chart-axis-label').count() == 2
    watch.assert_only(live_server)
