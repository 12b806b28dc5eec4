"""The server the browser tests talk to answers whatever arrives, whenever it arrives."""

import urllib.request

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("path", ["/static/img/favicon.svg", "/", "/healthz"])
def test_a_late_request_is_served_while_the_database_is_blocked_between_tests(
    live_server, django_db_blocker, path
):
    # As between two tests: a favicon, a prefetch, a page still loading.
    with django_db_blocker.block(), urllib.request.urlopen(live_server.url + path, timeout=30) as response:  # noqa: S310
        assert response.status == 200
