"""The practice's phone number never breaks across two lines on a phone ("555-" / "0142")."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# How many lines the text of each visible tel: link takes, as the browser laid it out.
_LINES_PER_PHONE_LINK = """() => [...document.querySelectorAll('a[href^="tel:"]')]
    .filter(link => link.offsetParent !== null)
    .map(link => {
        const range = document.createRange();
        range.selectNodeContents(link);
        const tops = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
        return {text: link.textContent.trim(), lines: tops.size};
    })"""


@pytest.mark.parametrize("width", [360, 375, 390, 414])
@pytest.mark.parametrize("url", ["/", "/contact/", "/nondiscrimination/", "/request-appointment/"])
def test_phone_number_stays_on_one_line_at_phone_widths(live_server, new_context, url, width):
    page = new_context(viewport={"width": width, "height": 800}).new_page()
    page.goto(live_server.url + url)
    links = page.evaluate(_LINES_PER_PHONE_LINK)
    assert links, "no phone link on the page"
    broken = [link["text"] for link in links if link["lines"] != 1]
    assert not broken, f"split across lines at {width} px: {broken}"
