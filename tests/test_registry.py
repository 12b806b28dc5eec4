"""A new treatment is one template and one registry entry: everything else follows."""

import json
from datetime import date

import pytest
from django.conf import settings as django_settings

from pages import registry
from tests.helpers import PageParts
from tests.schema_vocabulary import Vocabulary

NINTH = registry.Service(
    slug="trial-treatment",
    title="Trial treatment for testing",
    description="A treatment that exists only while this test runs, to show that everything follows.",
    summary="Only here for the test.",
    schema_type="MedicalTherapy",
    procedure_type="NoninvasiveProcedure",
    articles=("failed-back-surgery-do-this-now",),
    serious_risks=("a trial risk",),
    updated=date(2026, 1, 15),
)


@pytest.fixture
def ninth_service(settings, tmp_path, monkeypatch):
    """The registry entry, and its template in a folder of its own ahead of the site's."""
    template = tmp_path / "pages" / "services" / f"{NINTH.slug}.html"
    template.parent.mkdir(parents=True)
    template.write_text(
        '{% extends "pages/service_detail.html" %}'
        "{% block service_body %}<h2>What it is</h2><p>Words of the trial treatment.</p><p>A trial risk.</p>"
        "{% endblock %}"
    )
    engine = {**django_settings.TEMPLATES[0]}
    settings.TEMPLATES = [{**engine, "DIRS": [tmp_path, *engine["DIRS"]]}]
    monkeypatch.setattr(registry, "SERVICES", (*registry.SERVICES, NINTH))
    return NINTH


@pytest.mark.django_db
def test_a_ninth_service_gets_its_page_index_entry_sitemap_entry_and_structured_data(client, ninth_service):
    url = ninth_service.get_absolute_url()
    absolute_url = django_settings.SITE_URL + url

    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<h1>Trial treatment for testing</h1>" in html
    assert "Words of the trial treatment." in html
    article = registry.get_article("failed-back-surgery-do-this-now")
    assert f'<a href="{article.get_absolute_url()}">{article.title}</a>' in html

    index = client.get("/services/").content.decode()
    assert f'<a href="{url}">Trial treatment for testing</a>' in index

    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"<loc>{absolute_url}</loc><lastmod>2026-01-15</lastmod>" in sitemap

    graph = json.loads(PageParts(html).jsonld[0])
    web_page = next(node for node in graph["@graph"] if node["@type"] == "MedicalWebPage")
    treatment = next(node for node in graph["@graph"] if node["@id"] == web_page["mainEntity"]["@id"])
    assert treatment["name"] == "Trial treatment for testing"
    assert Vocabulary().check_graph(graph) == []

    # The clinic offers it on the pages that list the treatments.
    for listing in ("/", "/services/"):
        graph = json.loads(PageParts(client.get(listing).content.decode()).jsonld[0])
        clinic = next(node for node in graph["@graph"] if node["@type"] == "MedicalClinic")
        assert absolute_url in {service["url"] for service in clinic["availableService"]}


@pytest.mark.django_db
def test_without_its_entry_the_same_template_is_no_page(client, settings, tmp_path):
    """The registry, not the presence of a template, decides which treatments exist."""
    template = tmp_path / "pages" / "services" / f"{NINTH.slug}.html"
    template.parent.mkdir(parents=True)
    template.write_text('{% extends "pages/service_detail.html" %}')
    engine = {**django_settings.TEMPLATES[0]}
    settings.TEMPLATES = [{**engine, "DIRS": [tmp_path, *engine["DIRS"]]}]
    assert client.get(NINTH.get_absolute_url()).status_code == 404


def test_every_registry_relation_names_an_entry_that_exists():
    for service in registry.SERVICES:
        assert all(registry.get_article(slug) for slug in service.articles), service.slug
    for condition in registry.CONDITIONS:
        assert all(registry.get_service(slug) for slug in condition.treatments), condition.slug
    for article in registry.ARTICLES:
        assert all(registry.get_condition(slug) for slug in article.conditions), article.slug
