"""What the browser tests share: watching a page, moving by keyboard, filling the request form,
signing staff in."""

from urllib.parse import urlsplit

from playwright.sync_api import expect

from appointments.models import AppointmentRequest
from tests.helpers import authenticator, authenticator_code

ARTICLE_URL = "/blog/failed-back-surgery-do-this-now/"
REQUEST_URL = "/request-appointment/"
WIDTHS = (375, 1280)
GOOD_PHONE = "(301) 555-0199"
GOOD_EMAIL = "maria@example.com"
BAD_PHONE = "301 555"
BAD_EMAIL = "maria.example.com"
STAFF_PASSWORD = "front-desk-test-password"


class PageWatch:
    """The hosts a page asked for, and the errors its console showed."""

    def __init__(self, page):
        self.hosts = set()
        self.errors = []
        page.on("request", lambda request: self.hosts.add(urlsplit(request.url).netloc))
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught error: {error}"))

    def _console(self, message):
        if message.type == "error":
            self.errors.append(f"console error: {message.text} at {message.location.get('url', '?')}")

    def reset(self):
        self.hosts.clear()
        self.errors.clear()

    def assert_only(self, live_server):
        own = urlsplit(live_server.url).netloc
        assert own in self.hosts, "the page's own requests were not seen"
        assert self.hosts <= {own}, f"requests left for {sorted(self.hosts - {own})}"
        assert not self.errors, "\n".join(self.errors)


_FOCUS = """selector => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    return {
        matches: el.matches(selector),
        visible: outline || style.boxShadow !== 'none',
        element: el.outerHTML.slice(0, 160),
    };
}"""


def assert_focus_visible(page, selector="*"):
    """The focused element shows an outline or a shadow; says whether it matches ``selector``."""
    focus = page.evaluate(_FOCUS, selector)
    assert focus["visible"], f"focus is not visible on {focus['element']}"
    return focus["matches"]


def tab_to(page, selector, *, backwards=False, limit=150):
    """Press Tab (or Shift+Tab) until ``selector`` has focus; focus must show at every stop."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        if assert_focus_visible(page, selector):
            return
    raise AssertionError(f"{selector} never received focus after {limit} presses of {key}")


def retype(page, text):
    """Replace what the focused field holds, as a person would: select all, type over it."""
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(text)


def fill_request_form(page, *, phone=GOOD_PHONE, email=GOOD_EMAIL):
    """Fill the form in with a pointer, as most patients will."""
    page.get_by_label("First name").fill("Maria")
    page.get_by_label("Last name").fill("Lopez")
    page.get_by_label("New patient").check()
    page.get_by_label("Phone number").fill(phone)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Pain after back surgery").check()
    page.get_by_label("Anything else we should know?").fill("Pain came back six months after my operation.")
    page.get_by_label("Monday").check()
    page.get_by_label("I agree to be contacted").check()


def send(page):
    page.get_by_role("button", name="Send request").click()


def expect_two_mistakes_shown(page):
    """The summary lists both mistakes; each field says what is wrong and keeps what was typed."""
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_have_text("Please correct 2 things below")
    expect(summary.get_by_role("link")).to_have_count(2)
    expect(page.locator("#id_phone_error")).to_be_visible()
    expect(page.locator("#id_phone_error")).to_contain_text("Enter a valid US phone number")
    expect(page.locator("#id_email_error")).to_be_visible()
    expect(page.locator("#id_email_error")).to_contain_text("Enter a valid email address")
    expect(page.locator("#id_phone")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_phone")).to_have_value(BAD_PHONE)
    expect(page.locator("#id_email")).to_have_value(BAD_EMAIL)
    expect(page.locator("#id_first_name")).to_have_value("Maria")
    expect(page.get_by_label("New patient")).to_be_checked()
    expect(page.get_by_label("I agree to be contacted")).to_be_checked()


def expect_thanks_with_the_stored_reference(page, live_server):
    expect(page).to_have_url(live_server.url + "/request-appointment/thanks/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you: we have your request")
    shown = page.locator(".reference").inner_text()
    stored = AppointmentRequest.objects.get()
    assert len(shown) == 8
    assert shown == stored.reference
    assert (stored.phone.as_e164, stored.email) == ("+13015550199", GOOD_EMAIL)
    assert not stored.is_suspected_spam
    return stored


def sign_in_to_admin(page, live_server, username, password, next_url="/admin/"):
    """The password step of the staff sign-in, through the real form."""
    page.goto(f"{live_server.url}/admin/login/?next={next_url}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def give_authenticator_code(page, device):
    """The second step: the code the staff member's app shows, computed from the device's key."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your sign-in code")
    page.get_by_label("Code").fill(authenticator_code(device))
    page.get_by_role("button", name="Continue").click()


def with_password(user, password=STAFF_PASSWORD):
    """A staff user who can sign in through the page (the view tests skip the page)."""
    user.set_password(password)
    user.save()
    return user


def sign_in_staff(page, live_server, user, *, password=STAFF_PASSWORD, next_url="/admin/"):
    """The whole staff sign-in, as staff go through it: password, then the app's code."""
    device = authenticator(user)
    sign_in_to_admin(page, live_server, user.get_username(), password, next_url)
    give_authenticator_code(page, device)
    expect(page).to_have_url(live_server.url + next_url)
    return page
