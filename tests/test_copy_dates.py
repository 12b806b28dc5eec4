"""A page's "last reviewed" date (and its sitemap lastmod) changes when, and only when, its words do.

tests/data/copy_dates.json records, for each page in the registry, a fingerprint of its
template and the date the registry gives it. Changing a template without changing its
date fails here; so does changing a date without changing the words. After a real
review: set the new date in pages/registry.py, then record it with
``.venv/bin/python -m tests.test_copy_dates``.
"""

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest

from pages import registry

PROJECT_DIR = Path(__file__).resolve().parent.parent
RECORD = Path(__file__).resolve().parent / "data" / "copy_dates.json"


def dated_pages():
    """(template, date) for every page the registry dates."""
    pages = [(page.template, page.updated) for page in registry.SITE_PAGES]
    pages += [(article.template, article.updated) for article in registry.ARTICLES]
    pages += [(service.template, service.updated) for service in registry.SERVICES]
    return pages


def fingerprint(template):
    return hashlib.sha256((PROJECT_DIR / "templates" / template).read_bytes()).hexdigest()


def current():
    return {
        template: {"sha256": fingerprint(template), "date": updated.isoformat()}
        for template, updated in dated_pages()
    }


def mismatch(recorded, words, date, today):
    """What is wrong between the record and a page's current words and date ("" if nothing).

    Words edited again on the day of their review keep that day's date.
    """
    if not recorded:
        return "it has no recorded date: review it"
    words_changed = recorded["sha256"] != words
    date_changed = recorded["date"] != date
    if words_changed and not date_changed and date != today:
        return "its words changed but its date did not: set the review date in pages/registry.py"
    if date_changed and not words_changed:
        return "its date changed but its words did not"
    return ""


@pytest.mark.parametrize("template, updated", dated_pages(), ids=[page[0] for page in dated_pages()])
def test_a_pages_date_moves_exactly_when_its_words_change(template, updated):
    recorded = json.loads(RECORD.read_text()).get(template)
    problem = mismatch(recorded, fingerprint(template), updated.isoformat(), date.today().isoformat())
    assert not problem, f"{template}: {problem}, then run python -m tests.test_copy_dates"


def test_edited_words_without_a_new_date_are_caught_and_a_new_date_alone_too():
    recorded = {"sha256": "old", "date": "2026-01-01"}
    today = "2026-03-01"
    assert mismatch(recorded, "new", "2026-01-01", today)
    assert mismatch(recorded, "old", "2026-02-01", today)
    assert mismatch(None, "old", "2026-01-01", today)
    assert not mismatch(recorded, "new", "2026-02-01", today)
    assert not mismatch(recorded, "old", "2026-01-01", today)


def test_words_edited_again_on_their_review_day_keep_that_day():
    recorded = {"sha256": "morning", "date": "2026-03-01"}
    assert not mismatch(recorded, "afternoon", "2026-03-01", today="2026-03-01")
    assert mismatch(recorded, "afternoon", "2026-03-01", today="2026-03-02")


if __name__ == "__main__":
    RECORD.write_text(json.dumps(current(), indent=2, sort_keys=True) + "\n")
