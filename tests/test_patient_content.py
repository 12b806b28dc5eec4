"""What patients need to read: treatment risks, the notices the law asks for, the pages they look for."""

import os
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

from pages import registry
from tests.helpers import PUBLIC_URLS, PageParts, valid_form_data

PROJECT_DIR = Path(__file__).resolve().parent.parent
NOTICES = {
    "/notice-of-privacy-practices/": "Notice of Privacy Practices",
    "/nondiscrimination/": "Nondiscrimination and language help",
    "/insurance/#good-faith-estimate": "Your right to a Good Faith Estimate",
}


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def text_of(html):
    """The page's words as a reader sees them: tags out, entities and spaces normalised."""
    text = re.sub(r"<[^>]+>", " ", html).replace("&#x27;", "'").replace("&amp;", "&").replace("&quot;", '"')
    return re.sub(r"\s+", " ", text)


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_every_page_links_the_three_notices_from_its_footer(client, url):
    footer = html_of(client, url).split('<footer class="site-footer">')[1]
    for href, label in NOTICES.items():
        assert f'<a href="{href}">{label}</a>' in footer


# The treatments: each page names its serious risks and cites where they come from.


def test_every_service_names_serious_risks_in_the_registry():
    for service in registry.SERVICES:
        assert service.serious_risks, f"{service.slug} lists no serious risks in pages/registry.py"


@pytest.mark.django_db
@pytest.mark.parametrize("service", registry.SERVICES, ids=lambda service: service.slug)
def test_treatment_page_names_its_serious_risks_plainly(client, service):
    text = text_of(html_of(client, service.get_absolute_url()))
    for risk in service.serious_risks:
        assert risk in text, f"{service.slug} does not say {risk!r}"
    assert "gentle heat" not in text


@pytest.mark.parametrize("service", registry.SERVICES, ids=lambda service: service.slug)
def test_treatment_copy_cites_a_dated_source_in_a_template_comment(service):
    source = (PROJECT_DIR / "templates" / service.template).read_text()
    comment = re.search(r"\{% comment %\}(.*?)\{% endcomment %\}", source, re.S)
    assert comment, f"{service.template} has no sources comment"
    assert re.search(r"(FDA|Guideline|guideline|Society|Consensus|College|NICE|SAMHSA)", comment[1])
    assert re.search(r"\((?:[^()]*?\s)?(19|20)\d{2}\)", comment[1]), "each source gives its year"


@pytest.mark.django_db
@pytest.mark.parametrize("service", registry.SERVICES, ids=lambda service: service.slug)
def test_treatment_page_says_when_its_words_last_changed(client, service):
    html = html_of(client, service.get_absolute_url())
    assert f'Last updated <time datetime="{service.updated:%Y-%m-%d}">' in html


# The red-flag box: the same words above the form and on the article.

RED_FLAGS = [
    "new loss of bladder or bowel control",
    "numbness in the groin or inner thighs",
    "leg weakness that is quickly getting worse",
    "a fever with back pain",
    "Call 911",
]


@pytest.mark.django_db
def test_form_names_the_emergency_symptoms_above_the_form(client):
    html = html_of(client, "/request-appointment/")
    box = html.index('class="red-flags"')
    assert box < html.index("<form")
    for symptom in RED_FLAGS:
        assert symptom in html[box : html.index("<form")]


@pytest.mark.django_db
def test_article_names_the_same_emergency_symptoms(client):
    html = html_of(client, registry.ARTICLES[0].get_absolute_url())
    for symptom in RED_FLAGS:
        assert symptom in html


# The notices.


@pytest.mark.django_db
def test_notice_of_privacy_practices_says_it_awaits_the_practice_until_confirmed(client, settings):
    html = html_of(client, "/notice-of-privacy-practices/")
    assert "To be confirmed by the practice." in html
    for heading in ("Your rights", "Your choices", "Our uses and disclosures", "Our responsibilities"):
        assert f"<h2>{heading}</h2>" in html
    assert "1-877-696-6775" in html  # the HHS Office for Civil Rights, for complaints

    settings.CLINIC = {
        **settings.CLINIC,
        "privacy_notice_confirmed": True,
        "privacy_notice_effective": "January 1, 2027",
    }
    cache.clear()
    html = html_of(client, "/notice-of-privacy-practices/")
    assert "To be confirmed by the practice." not in html
    assert "Effective date: January 1, 2027." in html


@pytest.mark.django_db
def test_nondiscrimination_page_has_taglines_in_fifteen_languages(client):
    html = html_of(client, "/nondiscrimination/")
    taglines = html.split('<ul class="taglines list-unstyled">')[1].split("</ul>")[0]
    languages = re.findall(r'<li lang="([a-zA-Z-]+)"', taglines)
    assert len(set(languages)) == len(languages) == 15
    assert "es" in languages
    assert taglines.count('href="tel:+13015550142"') == 15
    for rtl in ("ar", "ur", "fa"):
        assert f'<li lang="{rtl}" dir="rtl">' in taglines
    assert (
        "does not discriminate on the basis of race, color, national origin, age, disability, or sex" in html
    )


@pytest.mark.django_db
def test_insurance_page_asks_people_to_call_when_no_plans_are_set(client):
    html = html_of(client, "/insurance/")
    assert "to check whether we accept your plan" in html
    assert 'id="good-faith-estimate"' in html
    assert "at least $400 more than your Good Faith Estimate" in html
    assert "www.cms.gov/nosurprises" in html


@pytest.mark.django_db
def test_insurance_page_lists_the_plans_the_practice_sets(client, settings):
    settings.CLINIC = {**settings.CLINIC, "insurance_plans": ("Medicare", "Example Health PPO")}
    html = html_of(client, "/insurance/")
    assert "<li>Medicare</li><li>Example Health PPO</li>" in html
    assert "to check whether we accept your plan" not in html


@pytest.mark.django_db
def test_conditions_page_links_each_condition_to_the_treatments_that_fit(client):
    html = html_of(client, "/conditions/")
    for condition in registry.CONDITIONS:
        section = html.split(f'<section id="{condition.slug}"')[1].split("</section>")[0]
        assert f">{condition.name}</h2>" in section
        assert re.findall(r'href="(/services/[^"]+)"', section) == [
            service.get_absolute_url() for service in condition.services
        ]
    names = {condition.name for condition in registry.CONDITIONS}
    assert {
        "Failed back surgery syndrome",
        "Sciatica",
        "Spinal stenosis",
        "Herniated disc",
        "Neck pain",
    } <= names


@pytest.mark.django_db
def test_new_patients_page_lists_what_to_bring(client):
    text = text_of(html_of(client, "/new-patients/"))
    for item in (
        "photo ID",
        "insurance card",
        "imaging",
        "operative notes",
        "every medicine you take",
        "referral",
    ):
        assert item in text


@pytest.mark.django_db
def test_contact_page_gives_directions_with_placeholders_marked_until_set(client, settings):
    html = html_of(client, "/contact/")
    assert "Parking details to be confirmed by the practice." in html
    settings.CLINIC = {**settings.CLINIC, "parking": "Free parking behind the building."}
    cache.clear()
    html = html_of(client, "/contact/")
    assert "Free parking behind the building." in html
    assert "Parking details to be confirmed" not in html


# Small things that matter when a link is shared or a page is found.


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_shared_links_show_the_practices_own_card(client, url):
    parts = PageParts(html_of(client, url))
    assert parts.meta["og:image"] == settings.SITE_URL + "/static/img/social-card.png"
    assert parts.meta["twitter:card"] == "summary_large_image"


@pytest.mark.django_db
def test_thank_you_page_asks_search_engines_not_to_list_it_and_others_do_not(client):
    assert PageParts(html_of(client, "/request-appointment/thanks/")).meta["robots"] == "noindex"
    for url in PUBLIC_URLS:
        if url != "/request-appointment/thanks/":
            assert "robots" not in PageParts(html_of(client, url)).meta, url


def test_robots_txt_lets_crawlers_reach_the_noindex_of_the_thank_you_page(client):
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /request-appointment/thanks/" not in robots
    assert "\nDisallow:\n" in robots


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, content_type", [("/favicon.ico", "image/x-icon"), ("/apple-touch-icon.png", "image/png")]
)
def test_icons_browsers_ask_for_at_the_root_answer(client, url, content_type):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    signature = b"\x00\x00\x01\x00" if url.endswith(".ico") else b"\x89PNG"
    assert response.content.startswith(signature)


@pytest.mark.django_db
def test_error_summary_never_doubles_punctuation_after_a_question_or_sentence(client):
    response = client.post("/request-appointment/", valid_form_data(patient_type="", consent_to_contact=None))
    summary = response.content.decode().split('id="error-summary"')[1].split("</div>")[0]
    assert re.search(r"[?.!]:", summary) is None
    assert "?</a>" not in summary  # the label's own mark, then the error
    assert re.search(r"\? \w", summary) or re.search(r"\. \w", summary)


@pytest.mark.django_db
def test_each_sitemap_entry_carries_its_own_pages_date(client):
    xml = client.get("/sitemap.xml").content.decode()
    entries = dict(re.findall(r"<loc>([^<]+)</loc><lastmod>([^<]+)</lastmod>", xml))
    expected = {settings.SITE_URL + page.get_absolute_url(): page.updated for page in registry.SITE_PAGES}
    expected |= {settings.SITE_URL + a.get_absolute_url(): a.updated for a in registry.ARTICLES}
    expected |= {settings.SITE_URL + s.get_absolute_url(): s.updated for s in registry.SERVICES}
    assert {url: entries.get(url) for url in expected} == {
        url: f"{day:%Y-%m-%d}" for url, day in expected.items()
    }


def make_dry_run(**env):
    return subprocess.run(
        ["make", "-n", "run", "PORT=8123"],
        cwd=PROJECT_DIR,
        env={
            key: value
            for key, value in {**os.environ, **env}.items()
            if key != "SITE_URL" or "SITE_URL" in env
        },
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout


def test_make_run_points_links_at_its_own_port_unless_site_url_is_set():
    assert "SITE_URL='http://127.0.0.1:8123' " in make_dry_run()
    assert "SITE_URL='https://www.example.org' " in make_dry_run(SITE_URL="https://www.example.org")
