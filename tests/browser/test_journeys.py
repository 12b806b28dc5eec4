"""Patients and staff, in a real browser: from the article to a reference, and on to triage."""

import pytest
from playwright.sync_api import expect

from appointments.models import AppointmentRequest, CallAttempt
from tests.browser.support import (
    ARTICLE_URL,
    BAD_EMAIL,
    BAD_PHONE,
    GOOD_EMAIL,
    GOOD_PHONE,
    REQUEST_URL,
    PageWatch,
    assert_focus_visible,
    expect_thanks_with_the_stored_reference,
    expect_two_mistakes_shown,
    fill_request_form,
    retype,
    send,
    sign_in_staff,
    tab_to,
    with_password,
)
from tests.helpers import PUBLIC_URLS, front_desk_user, make_request

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

JAVASCRIPT = pytest.mark.parametrize("javascript", [True, False], ids=["javascript-on", "javascript-off"])


@JAVASCRIPT
def test_patient_corrects_two_mistakes_and_gets_a_reference(
    live_server, journey_settings, new_context, javascript
):
    page = new_context(java_script_enabled=javascript).new_page()
    watch = PageWatch(page)
    page.goto(live_server.url + ARTICLE_URL)
    page.get_by_role("banner").get_by_role("link", name="Request an appointment", exact=True).click()
    expect(page).to_have_url(live_server.url + REQUEST_URL)

    fill_request_form(page, phone=BAD_PHONE, email=BAD_EMAIL)
    send(page)
    expect_two_mistakes_shown(page)
    assert not AppointmentRequest.objects.exists()

    page.locator("#error-summary").get_by_role("link", name="Phone number").click()
    expect(page).to_have_url(live_server.url + REQUEST_URL + "#id_phone")
    expect(page.locator("#id_phone")).to_be_focused()
    page.locator("#id_phone").fill(GOOD_PHONE)
    page.get_by_label("Email address").fill(GOOD_EMAIL)
    send(page)

    expect_thanks_with_the_stored_reference(page, live_server)
    watch.assert_only(live_server)


@JAVASCRIPT
def test_patient_using_only_the_keyboard_sees_focus_and_gets_a_reference(
    live_server, journey_settings, new_context, javascript
):
    page = new_context(java_script_enabled=javascript).new_page()
    watch = PageWatch(page)
    page.goto(live_server.url + ARTICLE_URL)
    tab_to(page, 'header a[href="/request-appointment/"]')
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + REQUEST_URL)

    for selector, text in (
        ("#id_first_name", "Maria"),
        ("#id_last_name", "Lopez"),
        ("#id_patient_type_0", None),  # New patient
        ("#id_phone", BAD_PHONE),
        ("#id_email", BAD_EMAIL),
        ("#id_reason_0", None),  # Pain after back surgery
        ("#id_message", "Pain came back six months after my operation."),
        ("#id_preferred_days_0", None),  # Monday
        ("#id_consent_to_contact", None),
    ):
        tab_to(page, selector)
        if text is None:
            page.keyboard.press("Space")
        else:
            page.keyboard.type(text)
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    expect_two_mistakes_shown(page)

    # From the top of the page to the summary, then along its link to the email field.
    tab_to(page, '#error-summary a[href="#id_email"]')
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + REQUEST_URL + "#id_email")
    expect(page.locator("#id_email")).to_be_focused()
    assert_focus_visible(page)
    retype(page, GOOD_EMAIL)
    tab_to(page, "#id_phone", backwards=True)
    retype(page, GOOD_PHONE)
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Space")

    expect_thanks_with_the_stored_reference(page, live_server)
    watch.assert_only(live_server)


def test_front_desk_finds_the_request_logs_a_call_and_sees_it_in_history(live_server, page):
    staff = with_password(front_desk_user())
    request = make_request(first_name="Maria", last_name="Lopez")
    make_request()  # someone else, who the search must leave out

    sign_in_staff(page, live_server, staff)
    page.locator("tr.model-appointmentrequest").get_by_role("link", name="Appointment requests").click()

    page.locator("#searchbar").fill(request.reference)
    page.locator("#searchbar").press("Enter")
    results = page.locator("#result_list tbody tr")
    expect(results).to_have_count(1)
    results.get_by_role("link", name=request.reference).click()

    page.get_by_label("Reached", exact=True).check()
    page.get_by_label("Note", exact=True).fill("Prefers mornings; sending new-patient forms.")
    page.get_by_role("button", name="Save and stay here").click()
    expect(page.locator("ul.messagelist")).to_contain_text(f"Request {request.reference} saved.")
    expect(page.locator(".timeline")).to_contain_text("Prefers mornings")

    request.refresh_from_db()
    assert request.status == AppointmentRequest.Status.CONTACTED
    assert request.handled_by == staff
    call = CallAttempt.objects.get(appointment_request=request)
    assert (call.outcome, call.made_by) == (CallAttempt.Outcome.REACHED, staff)

    page.goto(live_server.url + f"/admin/appointments/appointmentrequest/{request.pk}/change/")
    page.get_by_role("link", name="History").click()
    latest = page.locator("#change-history tbody tr").first
    expect(latest).to_contain_text("frontdesk")
    expect(latest).to_contain_text("Contacted")
    expect(latest).to_contain_text("Call logged: Reached")


def test_no_public_page_scrolls_sideways_on_a_phone(live_server, new_context):
    page = new_context(viewport={"width": 375, "height": 667}).new_page()
    too_wide = []
    for url in PUBLIC_URLS:
        page.goto(live_server.url + url)
        widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if widths[0] > widths[1]:
            too_wide.append(f"{url}: content {widths[0]} px wide in a {widths[1]} px window")
    assert not too_wide, "\n".join(too_wide)


def test_home_page_on_a_phone_shows_call_and_request_without_scrolling(live_server, new_context):
    page = new_context(viewport={"width": 375, "height": 667}).new_page()
    page.goto(live_server.url + "/")
    expect(page.locator('a[href^="tel:"]').first).to_be_in_viewport(ratio=1)
    expect(page.get_by_role("link", name="Request an appointment", exact=True).first).to_be_in_viewport(
        ratio=1
    )
