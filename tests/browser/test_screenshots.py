"""Full-page screenshots of the pages patients see most, on a phone and on a desktop.

Written to screenshots/ (git-ignored) for people to look at; the test only checks that
each was taken.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from pages import registry
from tests.browser.support import (
    ARTICLE_URL,
    BAD_EMAIL,
    BAD_PHONE,
    GOOD_EMAIL,
    GOOD_PHONE,
    REQUEST_URL,
    fill_request_form,
    send,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
WINDOWS = {375: 667, 1280: 800}


@pytest.mark.parametrize("width", WINDOWS)
def test_key_pages_are_captured_full_length(live_server, journey_settings, new_context, width):
    SCREENSHOTS.mkdir(exist_ok=True)
    page = new_context(viewport={"width": width, "height": WINDOWS[width]}).new_page()
    taken = []

    def capture(name):
        path = SCREENSHOTS / f"{name}-{width}.png"
        page.screenshot(path=path, full_page=True)
        taken.append(path)

    service = registry.SERVICES[0]
    for name, url in (
        ("home", "/"),
        ("article", ARTICLE_URL),
        (f"service-{service.slug}", service.get_absolute_url()),
    ):
        page.goto(live_server.url + url)
        capture(name)

    page.goto(live_server.url + REQUEST_URL)
    fill_request_form(page, phone=BAD_PHONE, email=BAD_EMAIL)
    send(page)
    expect(page.locator("#error-summary")).to_be_visible()
    capture("form-with-errors")

    page.get_by_label("Phone number").fill(GOOD_PHONE)
    page.get_by_label("Email address").fill(GOOD_EMAIL)
    send(page)
    expect(page.locator(".reference")).to_have_count(1)
    capture("thank-you")

    assert all(path.stat().st_size > 10_000 for path in taken), taken
