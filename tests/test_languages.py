"""Every page in English and in Spanish, each naming the other; the catalogue complete."""

import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from pages import registry
from tests.helpers import ENGLISH_URLS, SPANISH_URLS, PageParts
from tests.readability import main_text, spanish_ease

pytestmark = pytest.mark.django_db

SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"
# The practice's own article, translated faithfully: its reading level is the practice's.
ARTICLES_IN_SPANISH = set(
    SPANISH_URLS[len(registry.SITE_PAGES) : len(registry.SITE_PAGES) + len(registry.ARTICLES)]
)


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def alternates(html):
    return dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', html))


def sitemap_pages(client):
    """{page: {language: alternate}} for every <url> of the sitemap."""
    root = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 - our own sitemap
    return {
        url.findtext("s:loc", namespaces=SITEMAP): {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", SITEMAP)
        }
        for url in root.findall("s:url", SITEMAP)
    }


def test_the_sitemap_lists_every_page_in_both_languages_each_naming_the_other(client):
    pages = sitemap_pages(client)
    site = settings.SITE_URL
    assert set(pages) == {site + url for url in ENGLISH_URLS + SPANISH_URLS if "thanks" not in url} - {
        site + url for url in (ENGLISH_URLS[-1], SPANISH_URLS[-1])
    }
    for english, spanish in zip(ENGLISH_URLS[:-1], SPANISH_URLS[:-1], strict=True):
        for page in (site + english, site + spanish):
            assert pages[page] == {"en": site + english, "es": site + spanish, "x-default": site + english}


@pytest.mark.parametrize(
    ("english", "spanish"), list(zip(ENGLISH_URLS, SPANISH_URLS, strict=True)), ids=ENGLISH_URLS
)
def test_every_page_names_its_twin_in_the_other_language_and_links_it(client, english, spanish):
    site = settings.SITE_URL
    english_html, spanish_html = html_of(client, english), html_of(client, spanish)
    twins = {"en": site + english, "es": site + spanish, "x-default": site + english}
    assert alternates(english_html) == twins
    assert alternates(spanish_html) == twins
    assert '<html lang="en">' in english_html and '<html lang="es">' in spanish_html
    # The switch is a link, in the language it leads to.
    assert f'<a href="{spanish}" hreflang="es" lang="es">Español</a>' in english_html
    assert f'<a href="{english}" hreflang="en" lang="en">English</a>' in spanish_html
    english_parts, spanish_parts = PageParts(english_html), PageParts(spanish_html)
    assert spanish_parts.title != english_parts.title
    assert spanish_parts.meta["description"] != english_parts.meta["description"]


def test_titles_and_descriptions_are_unique_among_the_spanish_pages(client):
    parts = [PageParts(html_of(client, url)) for url in SPANISH_URLS]
    assert len({part.title for part in parts}) == len(parts)
    assert len({part.meta["description"] for part in parts}) == len(parts)


@pytest.mark.parametrize("service", registry.SERVICES, ids=lambda service: service.slug)
def test_a_spanish_treatment_page_names_its_serious_risks_as_plainly(client, service):
    with translation.override("es"):
        url, risks = service.get_absolute_url(), [str(risk) for risk in service.serious_risks]
    text = " ".join(main_text(html_of(client, url)).split())
    for risk in risks:
        assert risk in text, f"{url} does not say {risk!r}"


@pytest.mark.parametrize("url", [url for url in SPANISH_URLS if url not in ARTICLES_IN_SPANISH])
def test_a_spanish_page_reads_as_easily_as_grade_eight(client, url):
    text = main_text(html_of(client, url), language="es")
    assert len(text.split()) > 20, "no main text found"
    assert spanish_ease(text) >= 60, f"{url} reads at Fernández-Huerta {spanish_ease(text):.1f}"


def test_an_english_slug_under_es_leads_to_the_spanish_address(client):
    response = client.get("/es/tratamientos/nerve-blocks/")
    assert response.status_code == 301
    with translation.override("es"):
        assert response["Location"] == registry.get_service("nerve-blocks").get_absolute_url()


def test_a_missing_page_under_es_says_so_in_spanish(client):
    response = client.get("/es/no-existe/")
    assert response.status_code == 404
    assert "No encontramos la página" in response.content.decode()
    assert '<html lang="es">' in response.content.decode()


def test_every_message_in_the_spanish_catalogue_is_translated():
    result = subprocess.run(  # noqa: S603
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(CATALOGUE)],  # noqa: S607
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


def test_staff_pages_stay_in_english(client):
    assert '<html lang="en"' in client.get("/admin/login/").content.decode()
    assert client.get("/es/admin/").status_code == 404
