"""Medical reviews the practice has recorded: who reviewed which version of a page's words, and when.

A review counts for the words it was given. The record keeps a fingerprint of them, and
a page claims the review (the "Medically reviewed by" line, and reviewedBy and
lastReviewed in its structured data) only while its words still match: editing them
ends the claim until someone reviews them again. ``manage.py record_medical_review``
writes the record, ``pages/medical_reviews.json``, which ships with the words it vouches for.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.template import loader

from pages import registry

RECORD = Path(__file__).resolve().parent / "medical_reviews.json"
# The registry's words that appear on a page, beside its template.
WORDS_FIELDS = ("title", "description", "summary", "teaser", "serious_risks")


@dataclass(frozen=True)
class Review:
    reviewer: str
    reviewed_on: date
    words: str  # the fingerprint of the words reviewed


def reviewable_pages():
    """The pages a physician reviews: the articles and the treatments, by their URL."""
    return {entry.get_absolute_url(): entry for entry in (*registry.ARTICLES, *registry.SERVICES)}


def _templates(entry):
    templates = [entry.template]
    if isinstance(entry, registry.Service):
        templates.append("pages/service_detail.html")  # every treatment page's closing words
    return templates


def fingerprint(entry):
    """A fingerprint of the page's own words: its templates' text and its registry entry's words."""
    digest = hashlib.sha256()
    for name in _templates(entry):
        digest.update(loader.get_template(name).template.source.encode())
    for field in WORDS_FIELDS:
        digest.update(repr(getattr(entry, field, None)).encode())
    return digest.hexdigest()


def recorded():
    """Every review on record, by page URL (the latest one of each page)."""
    if not RECORD.exists():
        return {}
    return {
        url: Review(item["reviewer"], date.fromisoformat(item["reviewed_on"]), item["words"])
        for url, item in json.loads(RECORD.read_text()).items()
    }


def current_review(entry):
    """The page's recorded review if it was of the words the page shows now, else None."""
    review = recorded().get(entry.get_absolute_url())
    if review is None or review.words != fingerprint(entry):
        return None
    return review


def record(entry, reviewer, reviewed_on):
    reviews = {
        url: {"reviewer": r.reviewer, "reviewed_on": r.reviewed_on.isoformat(), "words": r.words}
        for url, r in recorded().items()
    }
    reviews[entry.get_absolute_url()] = {
        "reviewer": reviewer,
        "reviewed_on": reviewed_on.isoformat(),
        "words": fingerprint(entry),
    }
    RECORD.write_text(json.dumps(reviews, indent=2, sort_keys=True) + "\n")
