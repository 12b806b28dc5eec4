"""Staff sign in with a password and a code from their phone, in a real browser, by keyboard."""

from base64 import b32decode

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from staff_access.devices import issue_set_up_code
from tests.browser.support import PageWatch, tab_to
from tests.helpers import authenticator, authenticator_code, front_desk_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "front-desk-test-password"


def staff_with_password():
    staff = front_desk_user()
    staff.set_password(PASSWORD)
    staff.save()
    return staff


def wrong_code(device):
    """Six digits the app shows at no step the server accepts now."""
    accepted = {f"{totp(device.bin_key, drift=drift):06d}" for drift in (-1, 0, 1)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in accepted)


def type_password_step(page, live_server):
    """Username and password typed, then Enter: the admin's form puts the cursor in Username."""
    page.goto(live_server.url + "/admin/login/?next=/admin/")
    expect(page.get_by_label("Username")).to_be_focused()
    page.keyboard.type("frontdesk")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")


def test_a_new_staff_member_sets_up_the_app_by_keyboard_and_reaches_the_requests(live_server, new_context):
    set_up_code = issue_set_up_code(staff_with_password(), issued_by="manager")
    page = new_context().new_page()  # with the site's Content-Security-Policy in force
    watch = PageWatch(page)
    type_password_step(page, live_server)

    # First the set-up code the practice manager handed over, then the app.
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your set-up code")
    expect(page.get_by_label("Set-up code")).to_be_focused()
    page.keyboard.type(set_up_code)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your sign-in codes")
    qr_code = page.get_by_role("img", name="QR code")
    expect(qr_code).to_be_visible()
    assert page.evaluate("document.querySelector('img.qr-code').naturalWidth") > 0
    secret = page.locator("code.secret").inner_text()
    code = f"{totp(b32decode(secret.replace(' ', ''))):06d}"

    expect(page.get_by_label("Code")).to_be_focused()
    page.keyboard.type(code)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    expect(page.locator("ol.recovery-codes li")).to_have_count(10)
    tab_to(page, "a.button")
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + "/admin/")
    expect(page.get_by_role("link", name="Appointment requests").first).to_be_visible()
    watch.assert_only(live_server)


def test_an_enrolled_staff_member_gives_the_code_by_keyboard(live_server, new_context):
    device = authenticator(staff_with_password())
    page = new_context().new_page()
    watch = PageWatch(page)
    type_password_step(page, live_server)

    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your sign-in code")
    expect(page.get_by_label("Code")).to_be_focused()
    page.keyboard.type(wrong_code(device))
    page.keyboard.press("Enter")
    expect(page.locator(".errorlist")).to_contain_text("That code was not accepted")
    expect(page).to_have_url(live_server.url + "/admin/second-factor/verify/?next=%2Fadmin%2F")

    # The cursor is back in the field. A person reads the code off the phone again;
    # the second django-otp makes a device wait after a wrong code passes meanwhile.
    expect(page.get_by_label("Code")).to_be_focused()
    page.wait_for_timeout(1100)
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(authenticator_code(device))
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + "/admin/")
    watch.assert_only(live_server)
