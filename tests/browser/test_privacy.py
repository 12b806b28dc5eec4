"""No public page sends the visitor anywhere but this site, and none logs an error.

The page runs under the site's own Content-Security-Policy (no bypass), so a blocked
inline style or script shows up here as a console error.
"""

import pytest

from tests.browser.support import PageWatch
from tests.helpers import PUBLIC_URLS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def watched_page(browser):
    """A page of its own for each test: what one page asks for late (its favicon, once it
    settled) is never put down to the next."""
    context = browser.new_context()
    page = context.new_page()
    yield page, PageWatch(page)
    context.close()


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_page_talks_only_to_this_site_and_logs_no_error(live_server, watched_page, url):
    page, watch = watched_page
    response = page.goto(live_server.url + url)
    assert response.ok, f"{url} answered {response.status}"
    page.wait_for_load_state("networkidle")
    watch.assert_only(live_server)
