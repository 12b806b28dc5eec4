"""axe-core finds nothing to fix on any public page, the form with errors, the thank-you page,
the staff sign-in steps, nor on any admin page the front desk and the practice manager use.

axe's script is injected into the page, so these contexts bypass the site's
Content-Security-Policy; the console checks elsewhere run with the policy in force.
"""

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from appointments.models import AppointmentRequest
from staff_access.devices import issue_set_up_code
from tests.browser.support import (
    BAD_EMAIL,
    BAD_PHONE,
    GOOD_EMAIL,
    GOOD_PHONE,
    REQUEST_URL,
    WIDTHS,
    fill_request_form,
    give_authenticator_code,
    send,
    sign_in_staff,
    sign_in_to_admin,
    with_password,
)
from tests.helpers import (
    PUBLIC_URLS,
    authenticator_code,
    front_desk_user,
    make_request,
    practice_manager,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

AXE = Axe()
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG}, "resultTypes": ["violations"]}
# Staff pages are held to axe's best practices too (a search box labelled by its title
# alone, a heading level skipped, a landmark missing).
STAFF_AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": [*WCAG, "best-practice"]},
    "resultTypes": ["violations"],
}


def axe_violations(page, width, options=AXE_OPTIONS):
    """One line per rule broken: the rule, the elements, the page and the window width."""
    found = []
    for violation in AXE.run(page, options=options).response["violations"]:
        targets = "; ".join(" >> ".join(map(str, node["target"])) for node in violation["nodes"])
        found.append(f"{violation['id']} ({violation['impact']}) on {page.url} at {width} px: {targets}")
    return found


@pytest.fixture(scope="module")
def axe_page(browser):
    context = browser.new_context(bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_page_has_no_accessibility_violations_on_phone_or_desktop(live_server, axe_page, url):
    axe_page.goto(live_server.url + url)
    found = []
    for width in WIDTHS:  # No script on the page: resizing re-lays it out, no reload needed.
        axe_page.set_viewport_size({"width": width, "height": 800})
        found += axe_violations(axe_page, width)
    assert not found, "\n".join(found)


def test_form_with_errors_and_thank_you_page_have_no_accessibility_violations(
    live_server, journey_settings, new_context
):
    page = new_context(bypass_csp=True).new_page()
    page.goto(live_server.url + REQUEST_URL)
    fill_request_form(page, phone=BAD_PHONE, email=BAD_EMAIL)
    send(page)
    expect(page.locator("#error-summary")).to_be_visible()
    found = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        found += axe_violations(page, width)

    page.get_by_label("Phone number").fill(GOOD_PHONE)
    page.get_by_label("Email address").fill(GOOD_EMAIL)
    send(page)
    expect(page.locator(".reference")).to_have_count(1)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        found += axe_violations(page, width)
    assert not found, "\n".join(found)


ADMIN = "/admin/appointments/appointmentrequest/"


def request_with_a_past():
    """A request with calls (one struck out), notes and a sister request from the same phone."""
    staff = front_desk_user("colleague")
    request = make_request(first_name="José", last_name="Núñez", phone="+13015550111")
    request.record_call("no_answer", by=staff, note="Rang twice, no voicemail set up.")
    request.add_note("Patient's daughter may answer; she speaks English and Spanish.", by=staff)
    mistaken = request.record_call("wrong_number", by=staff)
    request.strike_call(mistaken, by=staff)
    request.record_call("reached", by=staff, note="Wants a morning visit next week.")
    make_request(phone="+13015550111")
    return request


def axe_at_both_widths(page, url):
    """axe's findings (best practices included) on the staff page ``url`` at each width, the
    page loaded afresh at each (admin has scripts)."""
    found = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        if url is not None:
            page.goto(url)
        found += axe_violations(page, width, STAFF_AXE_OPTIONS)
    return found


def staff_axe_violations(page, width):
    return axe_violations(page, width, STAFF_AXE_OPTIONS)


def test_admin_pages_the_front_desk_uses_have_no_accessibility_violations(live_server, new_context):
    request = request_with_a_past()
    overdue = make_request(first_name="Ana", last_name="Overdue")
    AppointmentRequest.objects.filter(pk=overdue.pk).update(next_action_at=timezone.now() - timedelta(days=2))
    staff = with_password(front_desk_user())
    page = new_context(bypass_csp=True).new_page()
    site = live_server.url

    found = axe_at_both_widths(page, site + "/admin/login/")
    sign_in_staff(page, live_server, staff)
    version = request.history.order_by("history_date").first()
    for url in (
        "/admin/",
        ADMIN,
        ADMIN + "?due=overdue",
        f"{ADMIN}{overdue.pk}/change/",
        ADMIN + "?status=all&owner=nobody",
        ADMIN + "?q=nunez",
        f"{ADMIN}{request.pk}/change/",
        f"{ADMIN}{request.pk}/history/",
        f"{ADMIN}{request.pk}/history/{version.history_id}/",
        "/admin/password_change/",
    ):
        found += axe_at_both_widths(page, site + url)

    # The request page with a mistake to correct: an outcome chosen without closing.
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"{site}{ADMIN}{request.pk}/change/")
        page.get_by_label("Outcome when closing").select_option(label="Booked elsewhere")
        page.get_by_role("button", name="Save and stay here").click()
        expect(page.locator(".field-closing_outcome .errorlist")).to_be_visible()
        found += staff_axe_violations(page, width)

    # The page bulk "close" shows first, asking why.
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(site + ADMIN)
        page.locator("#result_list tbody input.action-select").first.check()
        page.locator("select[name=action]").select_option("close_requests")
        page.get_by_role("button", name="Go").click()
        expect(page.get_by_label("Why are these requests closed?")).to_be_visible()
        found += staff_axe_violations(page, width)
    assert not found, "\n".join(found)


def test_admin_pages_the_practice_manager_uses_have_no_accessibility_violations(live_server, new_context):
    request = request_with_a_past()
    manager = with_password(practice_manager())
    page = new_context(bypass_csp=True).new_page()
    site = live_server.url
    sign_in_staff(page, live_server, manager)
    # Opening the request puts a row in the access log.
    page.goto(f"{site}{ADMIN}{request.pk}/change/")
    found = []
    for url in (
        "/admin/",
        "/admin/appointments/requestaccess/",
        f"/admin/appointments/requestaccess/?q={request.reference.lower()}",
        "/admin/analytics/pageview/",
        f"{ADMIN}{request.pk}/change/",
        "/admin/password_change/",
        "/admin/staff_access/secondfactorreset/add/",
    ):
        found += axe_at_both_widths(page, site + url)
    # A colleague's second factor reset: the set-up code to hand over.
    colleague = front_desk_user()
    page.goto(site + "/admin/staff_access/secondfactorreset/add/")
    page.get_by_label("Colleague").select_option(label=colleague.username)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".set-up-code code")).to_be_visible()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        found += staff_axe_violations(page, width)
    assert not found, "\n".join(found)


def test_staff_sign_in_steps_have_no_accessibility_violations(live_server, new_context):
    """The password page, the set-up code, setting up the app, the code step (with a mistake
    too), the recovery codes, and the code step locked after wrong codes."""
    staff = front_desk_user()
    staff.set_password("front-desk-test-password")
    staff.save()
    set_up_code = issue_set_up_code(staff, issued_by="manager")
    page = new_context(bypass_csp=True).new_page()
    found = []

    def check(heading=None):
        if heading:
            expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            found.extend(staff_axe_violations(page, width))

    page.goto(live_server.url + "/admin/login/")
    check()
    sign_in_to_admin(page, live_server, "frontdesk", "front-desk-test-password")
    check("Enter your set-up code")
    page.get_by_label("Set-up code").fill("not the code")
    page.get_by_role("button", name="Continue").click()
    check("Enter your set-up code")
    page.get_by_label("Set-up code").fill(set_up_code)
    page.get_by_role("button", name="Continue").click()
    check("Set up your sign-in codes")
    page.get_by_label("Code").fill("not a code")
    page.get_by_role("button", name="Confirm").click()
    check("Set up your sign-in codes")
    device = TOTPDevice.objects.get(user=staff)
    page.get_by_label("Code").fill(authenticator_code(device))
    page.get_by_role("button", name="Confirm").click()
    check("Your recovery codes")
    page.get_by_role("button", name="Sign out").click()

    sign_in_to_admin(page, live_server, "frontdesk", "front-desk-test-password")
    check("Enter your sign-in code")
    page.get_by_label("Code").fill("not a code")
    page.get_by_role("button", name="Continue").click()
    check("Enter your sign-in code")
    give_authenticator_code(page, device)
    page.goto(live_server.url + "/admin/second-factor/recovery-codes/")
    check("Your recovery codes")
    page.get_by_role("button", name="Sign out").click()

    # Wrong codes, until the code step closes and says for how long.
    sign_in_to_admin(page, live_server, "frontdesk", "front-desk-test-password")
    for _ in range(5):
        page.get_by_label("Code").fill("000000")
        page.get_by_role("button", name="Continue").click()
    check("Sign-in temporarily locked")
    assert not found, "\n".join(found)


def test_the_pages_of_a_queue_worked_by_several_people_have_no_accessibility_violations(
    live_server, new_context
):
    """A colleague's request open, a save refused and sent back merged, a strike-out that
    kept what was typed, the next step after a wrong number, the team's day, a refusal."""
    held = request_with_a_past()
    colleague = front_desk_user("amina", "Amina Diallo")
    held.hold(by=colleague)
    wrong = make_request(first_name="Ana", last_name="Wrong", email="ana@example.com")
    wrong.record_call("wrong_number", by=colleague)
    booked = make_request(first_name="Ben", last_name="Booked")
    booked.mark_scheduled(by=colleague, appointment_at=timezone.now() + timedelta(days=3))
    staff = with_password(front_desk_user())
    mine = make_request(first_name="Cleo", last_name="Mine")
    for _ in WIDTHS:
        mine.record_call("no_answer", by=staff)
    page = new_context(bypass_csp=True).new_page()
    site = live_server.url
    sign_in_staff(page, live_server, staff)
    found = []
    for url in (
        f"{ADMIN}{held.pk}/change/",
        f"{ADMIN}{wrong.pk}/change/",
        f"{ADMIN}?status=not_reached",
        f"{ADMIN}?status=scheduled",
        f"{ADMIN}?status=all&handled_by={colleague.pk}",
        f"{ADMIN}activity/",
        f"{ADMIN}report/",  # refused: a manager's page
    ):
        found += axe_at_both_widths(page, site + url)

    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        # A save refused: a colleague saved after this page was opened.
        page.goto(f"{site}{ADMIN}{held.pk}/change/")
        held.add_note(f"Colleague's note at {width}", by=colleague)
        page.get_by_label("Note", exact=True).fill("Mine")
        page.get_by_role("button", name="Save and stay here").click()
        expect(page.locator(".refused-save")).to_be_visible()
        found += staff_axe_violations(page, width)
        # Striking out a call with a note typed: the page comes back with the note.
        page.goto(f"{site}{ADMIN}{mine.pk}/change/")
        page.get_by_label("Note", exact=True).fill("Typed before striking out")
        page.get_by_role("button", name="Strike out this call").first.click()
        expect(page.get_by_label("Note", exact=True)).to_have_value("Typed before striking out")
        found += staff_axe_violations(page, width)
    assert not found, "\n".join(found)
