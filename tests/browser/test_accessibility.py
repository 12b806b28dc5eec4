"""axe-core finds nothing to fix on any public page, the form with errors, the thank-you page
or the staff sign-in steps.

axe's script is injected into the page, so these contexts bypass the site's
Content-Security-Policy; the console checks elsewhere run with the policy in force.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

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
    sign_in_to_admin,
)
from tests.helpers import PUBLIC_URLS, authenticator_code, front_desk_user, pause_passes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

AXE = Axe()
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}


def axe_violations(page, width):
    """One line per rule broken: the rule, the elements, the page and the window width."""
    found = []
    for violation in AXE.run(page, options=AXE_OPTIONS).response["violations"]:
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


def test_staff_sign_in_steps_have_no_accessibility_violations(live_server, new_context):
    """The password page, setting up the app, the code step (with a mistake too), the recovery codes."""
    staff = front_desk_user()
    staff.set_password("front-desk-test-password")
    staff.save()
    page = new_context(bypass_csp=True).new_page()
    found = []

    def check(heading=None):
        if heading:
            expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            found.extend(axe_violations(page, width))

    page.goto(live_server.url + "/admin/login/")
    check()
    sign_in_to_admin(page, live_server, "frontdesk", "front-desk-test-password")
    check("Set up your sign-in codes")
    page.get_by_label("Code").fill("not a code")
    page.get_by_role("button", name="Confirm").click()
    check("Set up your sign-in codes")
    pause_passes(staff)
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
    pause_passes(staff)
    give_authenticator_code(page, device)
    page.goto(live_server.url + "/admin/second-factor/recovery-codes/")
    check("Your recovery codes")
    assert not found, "\n".join(found)
