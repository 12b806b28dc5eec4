"""A page claims a medical review only when the practice has recorded one for the words it shows."""

import dataclasses
import json
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from pages import registry, reviews
from tests.helpers import PageParts

NSAIDS = "/services/nsaids/"
ARTICLE = "/blog/failed-back-surgery-do-this-now/"


@pytest.fixture(autouse=True)
def review_record(tmp_path, monkeypatch):
    """Each test keeps its own record of reviews, starting empty."""
    record = tmp_path / "medical_reviews.json"
    monkeypatch.setattr(reviews, "RECORD", record)
    return record


def page_node(client, url):
    graph = json.loads(PageParts(client.get(url).content.decode()).jsonld[0])["@graph"]
    return next(node for node in graph if node["@id"].endswith("#webpage"))


def record_review(url, *args):
    out = StringIO()
    call_command("record_medical_review", url, *args, stdout=out)
    return out.getvalue()


def test_the_shipped_record_holds_only_reviews_of_pages_that_exist():
    shipped = json.loads((reviews.Path(reviews.__file__).parent / "medical_reviews.json").read_text())
    assert set(shipped) <= set(reviews.reviewable_pages())


@pytest.mark.django_db
@pytest.mark.parametrize("url", list(reviews.reviewable_pages()))
def test_no_page_claims_a_medical_review_that_nobody_recorded(client, url):
    html = client.get(url).content.decode()
    assert "Medically reviewed" not in html
    node = page_node(client, url)
    assert "reviewedBy" not in node and "lastReviewed" not in node


@pytest.mark.django_db
def test_a_recorded_review_of_the_words_on_the_page_is_claimed_on_it(client):
    assert "Recorded" in record_review(NSAIDS, "--reviewer", "Haddis Hagos, MD", "--on", "2026-12-07")
    html = client.get(NSAIDS).content.decode()
    claim = 'Medically reviewed by Haddis Hagos, MD on <time datetime="2026-12-07">Dec 07, 2026</time>.'
    assert claim in html
    node = page_node(client, NSAIDS)
    assert node["lastReviewed"] == "2026-12-07"
    assert node["reviewedBy"] == {"@id": settings.SITE_URL + "/#physician"}


@pytest.mark.django_db
def test_a_review_is_dated_today_at_the_clinic_unless_told_otherwise(client, clinic_moment):
    record_review(ARTICLE, "--reviewer", "Haddis Hagos, MD")
    html = client.get(ARTICLE).content.decode()
    day = clinic_moment.date()
    assert f'Medically reviewed by Haddis Hagos, MD on <time datetime="{day}">{day:%b %d, %Y}</time>' in html
    assert page_node(client, ARTICLE)["lastReviewed"] == day.isoformat()


@pytest.mark.django_db
@pytest.mark.clock_at("2026-12-08 10:00")
def test_the_claim_disappears_when_the_words_change_after_the_review(client, monkeypatch):
    record_review(NSAIDS, "--reviewer", "Haddis Hagos, MD")
    assert "Medically reviewed" in client.get(NSAIDS).content.decode()

    edited = [
        dataclasses.replace(service, summary="Medication for pain, in new words.")
        if service.get_absolute_url() == NSAIDS
        else service
        for service in registry.SERVICES
    ]
    monkeypatch.setattr(registry, "SERVICES", tuple(edited))
    from django.core.cache import cache

    cache.clear()
    html = client.get(NSAIDS).content.decode()
    assert "Medication for pain, in new words." in html
    assert "Medically reviewed" not in html
    assert "reviewedBy" not in page_node(client, NSAIDS)
    out = StringIO()
    call_command("record_medical_review", "--list", stdout=out)
    assert f"{NSAIDS}  words changed since Haddis Hagos, MD reviewed them on 2026-12-08" in out.getvalue()


@pytest.mark.django_db
def test_a_reviewer_who_is_not_the_practices_physician_is_named_as_a_person(client):
    record_review(NSAIDS, "--reviewer", "Jane Roe, PharmD")
    assert page_node(client, NSAIDS)["reviewedBy"] == {"@type": "Person", "name": "Jane Roe, PharmD"}


def test_recording_needs_a_known_page_and_a_reviewer(review_record):
    with pytest.raises(CommandError, match="Name a page"):
        record_review("/services/no-such-treatment/", "--reviewer", "Haddis Hagos, MD")
    with pytest.raises(CommandError, match="Say who reviewed it"):
        record_review(NSAIDS)
    assert not review_record.exists()


def test_the_list_says_which_pages_were_never_reviewed():
    out = StringIO()
    call_command("record_medical_review", "--list", stdout=out)
    assert f"{NSAIDS}  not reviewed" in out.getvalue()


@pytest.mark.django_db
def test_a_claimed_review_is_valid_schema_org(client):
    from tests.schema_vocabulary import Vocabulary

    record_review(NSAIDS, "--reviewer", "Jane Roe, PharmD")
    record_review(ARTICLE, "--reviewer", "Haddis Hagos, MD")
    vocabulary = Vocabulary()
    for url in (NSAIDS, ARTICLE):
        document = json.loads(PageParts(client.get(url).content.decode()).jsonld[0])
        assert vocabulary.check_graph(document) == [], url
