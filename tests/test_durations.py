"""Durations shown to people read as people say them."""

from datetime import timedelta

import pytest

from practice.templatetags.durations import duration


@pytest.mark.parametrize(
    ("delta", "words"),
    [
        (timedelta(minutes=30), "30\xa0minutes"),
        (timedelta(minutes=1), "1\xa0minute"),
        (timedelta(hours=1, minutes=30), "1\xa0hour, 30\xa0minutes"),
        (timedelta(days=1), "1\xa0day"),
    ],
)
def test_a_duration_reads_as_people_say_it(delta, words):
    assert duration(delta) == words
