"""The front desk at work in a real browser: a morning of calls, two people at once, a keyboard.

Screenshots of the staff pages go to screenshots/ (git-ignored) for people to look at.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from appointments.models import AppointmentRequest, CallAttempt, StaffNote
from tests.browser.support import sign_in_staff, tab_to, with_password
from tests.helpers import front_desk_user, make_request

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
LIST_URL = "/admin/appointments/appointmentrequest/"
Status = AppointmentRequest.Status


def next_week_at(hour):
    """A booking a week from now, as the page's date-and-time field takes it."""
    return f"{timezone.localdate() + timedelta(days=7):%Y-%m-%d}T{hour}"


def change_url(request):
    return f"{LIST_URL}{request.pk}/change/"


class PageLoads:
    """Counts the documents the tab loads (one per link followed or form sent)."""

    def __init__(self, page):
        self.count = 0
        self.page = page
        page.on("framenavigated", self._navigated)

    def _navigated(self, frame):
        if frame == self.page.main_frame:
            self.count += 1


def scrolls_sideways(page):
    """What is wider than its box: the page, or a part of it (the list's own scroll area)."""
    return page.evaluate(
        """() => [document.documentElement, ...document.querySelectorAll('.results, #content-main')]
            .filter(element => element.scrollWidth > element.clientWidth + 1)
            .map(element => `${element.tagName}#${element.id}.${element.className}: `
                + `${element.scrollWidth} > ${element.clientWidth}`)"""
    )


def within_first_screen(page, locator):
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]


def morning_queue():
    """Three requests waiting, the earliest due first, as the front desk finds them at 8:30."""
    return [
        make_request(first_name="Maria", last_name="Lopez", phone="+13015550101"),
        make_request(first_name="José", last_name="Núñez", phone="+13015550102", email=""),
        make_request(first_name="Dana", last_name="Brooks", phone="+13015550103"),
    ]


@pytest.mark.parametrize("width", [1280, 375])
def test_front_desk_morning_calls_three_patients_and_empties_the_queue(live_server, new_context, width):
    SCREENSHOTS.mkdir(exist_ok=True)
    first, second, third = morning_queue()
    staff = with_password(front_desk_user())
    page = new_context(viewport={"width": width, "height": 900 if width == 1280 else 667}).new_page()

    def capture(name):
        page.screenshot(path=SCREENSHOTS / f"staff-{name}-{width}.png", full_page=True)

    sign_in_staff(page, live_server, staff)
    summary = page.locator(".queue-summary")
    expect(summary.locator(".queue-count-not-reached")).to_contain_text("3 not reached yet")
    capture("index")
    # The queue: what needs action, the earliest due first.
    page.locator("tr.model-appointmentrequest").get_by_role("link", name="Appointment requests").click()

    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("(301) 555-0101")
    capture("queue")
    assert not scrolls_sideways(page), f"the queue is too wide at {width} px: {scrolls_sideways(page)}"
    if width == 1280:
        for header in ("Patient", "Phone", "Status", "Due", "Attempts", "Last call", "Owner", "Latest note"):
            expect(page.locator("#result_list thead").get_by_text(header, exact=True)).to_be_in_viewport()
    capture("queue")

    loads = PageLoads(page)
    rows.first.get_by_role("link", name=first.reference).click()
    expect(page.locator(".contact-line")).to_contain_text("Maria Lopez")
    if width == 1280:
        # Everything one call needs is on the first screen, without scrolling.
        for part in (
            page.locator(".contact-line"),
            page.get_by_role("group", name="Outcome"),
            page.get_by_role("button", name="Save and open the next request"),
        ):
            assert within_first_screen(page, part), f"{part} is below the first screen"
    assert not scrolls_sideways(page), f"the request page is too wide at {width} px: {scrolls_sideways(page)}"
    capture("request")

    calls = [
        (first, "Reached", "Booked for Tuesday 10:00, new-patient forms sent.", "Scheduled", ""),
        (second, "Reached", "Already seeing a doctor closer to home.", "Closed", "Booked elsewhere"),
        (third, "Reached", "Booked for Thursday 14:30.", "Scheduled", ""),
    ]
    loads_before = loads.count
    for request, outcome, note, status, closing in calls:
        expect(page.locator(".contact-line")).to_contain_text(request.patient_name)
        page.get_by_label(outcome, exact=True).check()
        page.get_by_label("Note", exact=True).fill(note)
        page.get_by_label("Status", exact=True).select_option(label=status)
        if closing:
            page.get_by_label("Outcome when closing").select_option(label=closing)
        if status == "Scheduled":
            page.get_by_label("Appointment on").fill(next_week_at("10:00"))
        page.get_by_role("button", name="Save and open the next request").click()
    expect(page.locator("ul.messagelist")).to_contain_text("Nothing else is due in the queue.")
    # One page load per triage: saving opens the next request (or, at the end, the list).
    assert loads.count - loads_before == len(calls)
    expect(page.locator("#result_list tbody tr")).to_have_count(0)
    capture("queue-empty")
    assert not AppointmentRequest.objects.needs_action().exists()
    assert [r.status for r in AppointmentRequest.objects.order_by("pk")] == [
        Status.SCHEDULED,
        Status.CLOSED,
        Status.SCHEDULED,
    ]
    assert CallAttempt.objects.filter(made_by=staff).count() == 3
    assert StaffNote.objects.count() == 0  # a call's note stays with the call

    page.goto(live_server.url + change_url(first))
    capture("request-done")


def test_a_refused_save_names_the_colleague_keeps_the_typing_and_is_accepted_sent_again(live_server, browser):
    request = make_request(first_name="Maria", last_name="Lopez")
    alice = with_password(front_desk_user("alice"))
    bob = with_password(front_desk_user("bob"))
    pages = {}
    for person in (alice, bob):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        pages[person] = context.new_page()
        sign_in_staff(pages[person], live_server, person, next_url=change_url(request))

    alice_page, bob_page = pages[alice], pages[bob]
    alice_page.get_by_label("Reached", exact=True).check()
    alice_page.get_by_label("Note", exact=True).fill("Booked for Tuesday 10:00.")
    alice_page.get_by_label("Status", exact=True).select_option(label="Scheduled")
    alice_page.get_by_label("Appointment on").fill(next_week_at("10:00"))
    alice_page.get_by_role("button", name="Save and stay here").click()
    expect(alice_page.locator("ul.messagelist")).to_contain_text(f"Request {request.reference} saved.")

    bob_note = "Left a message about the Tuesday slot."
    bob_page.get_by_label("Left voicemail", exact=True).check()
    bob_page.get_by_label("Note", exact=True).fill(bob_note)
    bob_page.get_by_role("button", name="Save and stay here").click()

    refusal = bob_page.locator(".refused-save")
    expect(refusal).to_be_visible()
    expect(refusal).to_contain_text("alice")
    expect(refusal).to_contain_text("Status: New → Scheduled")
    expect(bob_page.get_by_label("Note", exact=True)).to_have_value(bob_note)
    expect(bob_page.get_by_label("Left voicemail", exact=True)).to_be_checked()

    request.refresh_from_db()
    assert request.status == Status.SCHEDULED
    assert request.handled_by == alice
    assert [call.outcome for call in request.call_attempts.all()] == [CallAttempt.Outcome.REACHED]
    assert request.call_attempts.get().note == "Booked for Tuesday 10:00."
    # The page now shows Alice's status; sent again as it is, Bob's call goes on top of hers.
    expect(bob_page.get_by_label("Status", exact=True)).to_have_value(Status.SCHEDULED)
    bob_page.get_by_role("button", name="Save and stay here").click()
    expect(bob_page.locator("ul.messagelist")).to_contain_text(f"Request {request.reference} saved.")
    request.refresh_from_db()
    assert request.status == Status.SCHEDULED
    assert [(call.outcome, call.made_by) for call in request.call_attempts.all()] == [
        (CallAttempt.Outcome.REACHED, alice),
        (CallAttempt.Outcome.VOICEMAIL, bob),
    ]
    for person in pages:
        pages[person].context.close()


def test_front_desk_triages_one_request_with_the_keyboard_alone(live_server, new_context):
    request = make_request(first_name="Maria", last_name="Lopez")
    following = make_request(first_name="Dana", last_name="Brooks")
    staff = with_password(front_desk_user())
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in_staff(page, live_server, staff)
    page.goto(live_server.url + LIST_URL)

    # The filters come first; a link lets keyboard users skip them.
    tab_to(page, 'a[href="#changelist-form"]')
    page.keyboard.press("Enter")
    tab_to(page, f'#result_list .field-reference a[href*="/{request.pk}/change/"]', limit=15)
    page.keyboard.press("Enter")
    expect(page.locator(".contact-line")).to_contain_text("Maria Lopez")

    tab_to(page, "input[name=call_outcome]")
    # The outcomes are one radio group: arrows move within it, Space picks.
    for _ in range(5):
        if page.evaluate("document.activeElement.labels[0].textContent.trim()") == "Reached":
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    expect(page.get_by_label("Reached", exact=True)).to_be_checked()
    tab_to(page, "textarea[name=note]")
    page.keyboard.type("Reached on the second ring; booked for Tuesday 10:00.")
    tab_to(page, '[name="_next"]')
    page.keyboard.press("Enter")

    expect(page.locator(".contact-line")).to_contain_text("Dana Brooks")
    request.refresh_from_db()
    assert request.status == Status.CONTACTED
    call = request.call_attempts.get()
    assert (call.outcome, call.made_by, call.note) == (
        CallAttempt.Outcome.REACHED,
        staff,
        "Reached on the second ring; booked for Tuesday 10:00.",
    )
    assert following.call_attempts.count() == 0


def test_a_call_logged_by_mistake_is_struck_out_and_stays_in_the_timeline_struck(live_server, new_context):
    SCREENSHOTS.mkdir(exist_ok=True)
    request = make_request(first_name="Maria", last_name="Lopez")
    staff = with_password(front_desk_user())
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in_staff(page, live_server, staff, next_url=change_url(request))
    page.get_by_label("Wrong number", exact=True).check()
    page.get_by_role("button", name="Save and stay here").click()
    page.get_by_label("No answer", exact=True).check()
    page.get_by_label("Note", exact=True).fill("Rang at 9:10, no voicemail set up.")
    page.get_by_role("button", name="Save and stay here").click()

    mistaken = page.locator(".timeline li", has_text="Wrong number")
    page.get_by_label("Note", exact=True).fill("The first number was mistyped on the form.")
    mistaken.get_by_role("button", name="Strike out this call").click()
    expect(page.locator("ul.messagelist")).to_contain_text("struck out")
    # What was typed before pressing "Strike out" is still there, not saved yet.
    expect(page.get_by_label("Note", exact=True)).to_have_value("The first number was mistyped on the form.")
    assert not StaffNote.objects.exists()
    struck = page.locator(".timeline li.struck")
    expect(struck).to_contain_text("Wrong number")
    expect(struck).to_contain_text("struck out by frontdesk")
    assert "line-through" in struck.locator("del").evaluate("e => getComputedStyle(e).textDecorationLine")
    expect(page.locator(".timeline li:not(.struck)")).to_contain_text("No answer")
    page.screenshot(path=SCREENSHOTS / "staff-request-with-calls-1280.png", full_page=True)
    assert request.call_attempts.get(outcome=CallAttempt.Outcome.WRONG_NUMBER).struck_by == staff

    page.get_by_role("link", name="History").click()
    expect(page.locator("#change-history tbody tr").first).to_contain_text("Call struck out: Wrong number")
    page.screenshot(path=SCREENSHOTS / "staff-history-1280.png", full_page=True)


@pytest.mark.parametrize("width", [1280, 375])
def test_a_busy_queue_fits_the_window_with_every_column_filled(live_server, new_context, width):
    SCREENSHOTS.mkdir(exist_ok=True)
    colleague = front_desk_user("maria.fernandez-ochoa")
    for n in range(6):
        request = make_request(
            first_name="Guadalupe-Maria",
            last_name=f"Fernández-Castellanos {n}",
            phone="+13015550111" if n < 2 else f"+1301555020{n}",
            phone_extension="1234" if n == 0 else "",
        )
        request.assign(colleague, by=colleague)
        request.record_call(
            "voicemail",
            by=colleague,
            note="Left a message asking her to call back about an afternoon slot on Thursday or Friday.",
        )
        request.add_note("Her daughter answers the phone in the mornings and speaks for her.", by=colleague)
    overdue = AppointmentRequest.objects.order_by("pk").first()
    AppointmentRequest.objects.filter(pk=overdue.pk).update(next_action_at=timezone.now() - timedelta(days=2))
    staff = with_password(front_desk_user())
    page = new_context(viewport={"width": width, "height": 900}).new_page()
    sign_in_staff(page, live_server, staff, next_url=LIST_URL)

    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(6)
    expect(rows.first).to_contain_text("Overdue")
    expect(rows.first).to_contain_text("(301) 555-0111 ext. 1234")
    expect(rows.first.get_by_role("link", name="Other requests")).to_be_visible()
    page.screenshot(path=SCREENSHOTS / f"staff-queue-busy-{width}.png", full_page=True)
    assert not scrolls_sideways(page), f"the queue is too wide at {width} px: {scrolls_sideways(page)}"


# Each word of the list's column headings, and the lines it lies on: a word on two lines
# was broken inside ("REFERENC / E"). Headings hidden for the cards of a phone are left out.
BROKEN_HEADING_WORDS = """() => {
    const head = document.querySelector('#result_list thead');
    if (!head || head.getBoundingClientRect().width <= 1) return [];
    const broken = [];
    for (const th of head.querySelectorAll('th')) {
        const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const word of node.textContent.matchAll(/\\S+/g)) {
                const range = document.createRange();
                range.setStart(node, word.index);
                range.setEnd(node, word.index + word[0].length);
                const lines = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
                if (lines.size > 1) broken.push(word[0]);
            }
        }
    }
    return broken;
}"""


def test_the_queues_headings_never_break_inside_a_word_from_desktop_to_phone(live_server, new_context):
    colleague = front_desk_user("maria.fernandez-ochoa")
    for n in range(4):
        request = make_request(first_name="Guadalupe-Maria", last_name=f"Fernández-Castellanos {n}")
        request.record_call(
            "voicemail", by=colleague, note="Left a message about an afternoon slot on Thursday."
        )
        request.assign(colleague, by=colleague)
    AppointmentRequest.objects.first().hold(by=colleague)
    staff = with_password(front_desk_user())
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in_staff(page, live_server, staff, next_url=LIST_URL)
    found = []
    for width in (1280, 1180, 1100, 1024, 960, 900, 820, 768, 700, 600, 480, 375):
        page.set_viewport_size({"width": width, "height": 900})
        broken = page.evaluate(BROKEN_HEADING_WORDS)
        if broken:
            found.append(f"{width} px: {broken}")
        if scrolls_sideways(page):
            found.append(f"{width} px scrolls sideways: {scrolls_sideways(page)}")
    assert not found, "\n".join(found)


def test_on_a_phone_save_is_on_the_first_screen_of_a_request(live_server, new_context):
    request = make_request(
        first_name="Maria", last_name="Lopez", message="Pain came back six months after my operation. " * 8
    )
    staff = with_password(front_desk_user())
    page = new_context(viewport={"width": 375, "height": 667}).new_page()
    sign_in_staff(page, live_server, staff, next_url=change_url(request))
    save = page.get_by_role("button", name="Save and open the next request")
    assert within_first_screen(page, save), "Save is below the first screen"
    assert within_first_screen(page, page.get_by_role("button", name="Save and stay here"))
    page.get_by_label("Note", exact=True).fill("Typed on a phone.")
    save.click()
    expect(page.locator("ul.messagelist")).to_contain_text(f"Request {request.reference} saved.")
    assert request.notes.get().text == "Typed on a phone."


# What each person logs, in turn, as the morning goes: (outcome, note, status, closing
# outcome, call back in hours, how). Every kind of call a morning brings.
MORNING_CALLS = [
    ("Reached", "Booked for next week.", "Scheduled", "", None, "Call"),
    ("No answer", "", "", "", None, "Call"),
    ("Left voicemail", "Asked her to call back after lunch.", "", "", 2, "Call"),
    ("Reached", "Already seeing a doctor closer to home.", "Closed", "Booked elsewhere", None, "Call"),
    ("Message sent", "Sent the new-patient forms.", "", "", None, "E-mail"),
]


def test_two_people_work_a_morning_queue_of_twenty_at_once(live_server, browser):
    """Two people take the next request and save and open the next, turn about, until the
    queue has nothing due: nobody phones a patient the other phoned, nobody is sent back to
    a request they handled, and no save is refused."""
    now = timezone.now()
    queue = [
        make_request(
            first_name=f"Patient{n:02d}", last_name="Morning", received_at=now - timedelta(hours=30 - n)
        )
        for n in range(20)
    ]
    people = {
        "amina": (with_password(front_desk_user("amina")), 1280),
        "bo": (with_password(front_desk_user("bo")), 375),
    }
    pages, opened, done = {}, {name: [] for name in people}, set()
    for name, (user, width) in people.items():
        context = browser.new_context(viewport={"width": width, "height": 900})
        pages[name] = context.new_page()
        sign_in_staff(pages[name], live_server, user, next_url=LIST_URL)

    def now_open(name):
        """The request the person's page shows, or None when the queue had nothing due."""
        page = pages[name]
        if "Nothing else is due" in (page.locator("ul.messagelist").all_inner_texts() or [""])[0]:
            return None
        heading = page.get_by_role("heading", level=1).inner_text()
        assert heading.startswith("Request "), heading
        return heading.removeprefix("Request ")

    # Both press "Take the next request" at the start of the morning.
    for name in people:
        pages[name].get_by_role("button", name="Take the next request").click()
        opened[name].append(now_open(name))
    turn = 0
    while len(done) < len(people):
        for name in people:
            if name in done:
                continue
            page = pages[name]
            # A colleague never has this request open: no warning on the page.
            expect(page.locator(".hold-warning")).to_have_count(0)
            outcome, note, status, closing, call_back, how = MORNING_CALLS[turn % len(MORNING_CALLS)]
            turn += 1
            page.get_by_label(how, exact=True).check()
            page.get_by_label(outcome, exact=True).check()
            if note:
                page.get_by_label("Note", exact=True).fill(note)
            if status:
                page.get_by_label("Status", exact=True).select_option(label=status)
            if status == "Scheduled":
                page.get_by_label("Appointment on").fill(next_week_at("09:30"))
            if closing:
                page.get_by_label("Outcome when closing").select_option(label=closing)
            if call_back:
                later = timezone.localtime() + timedelta(hours=call_back)
                page.get_by_label("Call back at").fill(later.strftime("%Y-%m-%dT%H:%M"))
            page.get_by_role("button", name="Save and open the next request").click()
            expect(page.locator(".refused-save")).to_have_count(0)
            expect(page.locator("ul.messagelist")).to_contain_text("saved.")
            following = now_open(name)
            if following is None:
                done.add(name)
            else:
                opened[name].append(following)

    references = {r.reference for r in queue}
    handled = opened["amina"] + opened["bo"]
    # Every request was worked, each by one person, each once: nobody was sent in circles.
    assert sorted(handled) == sorted(references)
    assert len(set(opened["amina"])) == len(opened["amina"]) and len(set(opened["bo"])) == len(opened["bo"])
    assert opened["amina"] and opened["bo"]
    for request in AppointmentRequest.objects.all():
        calls = list(request.call_attempts.values_list("made_by__username", flat=True))
        assert len(calls) == 1, (request.reference, calls)  # nobody phoned a patient twice
    assert not AppointmentRequest.objects.ready_for(people["amina"][0]).exists()
    for page in pages.values():
        page.context.close()
