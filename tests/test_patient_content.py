"""What patients need to read: treatment risks, the notices the law asks for, the pages they look for."""

import os
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from pages import registry, seo
from tests.helpers import ENGLISH_URLS, PUBLIC_URLS, PageParts, language_of, valid_form_data

PROJECT_DIR = Path(__file__).resolve().parent.parent
NOTICES = {
    "notice_of_privacy_practices": "Notice of Privacy Practices",
    "nondiscrimination": "Nondiscrimination and language help",
    "insurance#good-faith-estimate": "Your right to a Good Faith Estimate",
}


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def text_of(html):
    """The page's words as a reader sees them: tags out, entities and spaces normalised."""
    text = re.sub(r"<[^>]+>", " ", html).replace("&#x27;", "'").replace("&amp;", "&").replace("&quot;", '"')
    return re.sub(r"\s+([.,;:!?)])", r"\1", re.sub(r"\s+", " ", text))


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_every_page_links_the_three_notices_from_its_footer(client, url):
    footer = html_of(client, url).split('<footer class="site-footer">')[1]
    with translation.override(language_of(url)):
        for name, label in NOTICES.items():
            path, _, anchor = name.partition("#")
            href = reverse(f"pages:{path}") + (f"#{anchor}" if anchor else "")
            assert f'<a href="{href}">{translation.gettext(label)}</a>' in footer


# The treatments: each page names its serious risks and cites where they come from.


def test_every_service_names_serious_risks_in_the_registry():
    for service in registry.SERVICES:
        assert service.serious_risks, f"{service.slug} lists no serious risks in pages/registry.py"


@pytest.mark.django_db
@pytest.mark.parametrize("service", registry.SERVICES, ids=lambda service: service.slug)
def test_treatment_page_names_its_serious_risks_plainly(client, service):
    text = text_of(html_of(client, service.get_absolute_url()))
    for risk in service.serious_risks:
        assert str(risk) in text, f"{service.slug} does not say {risk!r}"
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
def test_notice_of_privacy_practices_gives_marylands_time_limit_for_records(client):
    text = text_of(html_of(client, "/notice-of-privacy-practices/"))
    assert "within 21 working days, as Maryland law requires" in text
    assert "We will not refuse because of an unpaid bill." in text
    assert "usually within 30 days" not in text


@pytest.mark.django_db
def test_privacy_notice_keeps_its_banner_until_confirmed_with_a_date(client, settings):
    settings.CLINIC = {**settings.CLINIC, "privacy_notice_confirmed": True, "privacy_notice_effective": ""}
    html = html_of(client, "/notice-of-privacy-practices/")
    assert "To be confirmed by the practice." in html
    assert "Effective date" not in html


@pytest.mark.django_db
def test_privacy_notice_adds_the_part_2_statement_only_where_such_records_are_held(client, settings):
    assert "42 CFR Part 2" not in html_of(client, "/notice-of-privacy-practices/")
    settings.CLINIC = {**settings.CLINIC, "holds_part2_records": True}
    cache.clear()
    text = text_of(html_of(client, "/notice-of-privacy-practices/"))
    assert "(42 CFR Part 2)" in text
    assert "in a civil, criminal, administrative or legislative case against you" in text
    assert "your written consent, or a court order" in text


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
    text = text_of(html)
    assert "We do not discriminate because of race, color, national origin, sex, age or disability." in text
    assert "Sex includes pregnancy, sexual orientation and sex characteristics." in text
    assert "complies with applicable Federal civil rights laws" not in text  # the 2016 sample wording
    attention = text.split("ATTENTION:")[1].split("ATENCIÓN")[0]
    assert "Free language help, and free aids for people with disabilities, are available" in attention


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, part",
    [
        ("/request-appointment/", None),
        ("/notice-of-privacy-practices/", None),
        ("/insurance/", "good-faith-estimate"),
    ],
)
def test_taglines_are_reachable_from_the_form_the_privacy_notice_and_the_estimate(client, url, part):
    html = html_of(client, url)
    if part:
        html = html.split(f'<section id="{part}"')[1].split("</section>")[0]
    assert '<a href="/nondiscrimination/#language-assistance">Language help</a>' in html
    assert '#language-assistance" hreflang="es" lang="es">Ayuda en español</a>' in html


@pytest.mark.django_db
def test_about_page_names_the_board_once_set_and_never_shows_a_doubt_beside_the_claim(client, settings):
    text = text_of(html_of(client, "/about/"))
    assert "board-certified" in text  # the practice's own words, as in its article
    assert "to be confirmed" not in text and "Certifying board" not in text
    settings.CLINIC = {**settings.CLINIC, "physician_board": "American Board of Anesthesiology"}
    cache.clear()
    assert "Board certification American Board of Anesthesiology" in text_of(html_of(client, "/about/"))


@pytest.mark.django_db
def test_insurance_page_asks_people_to_call_when_no_plans_are_set(client):
    html = html_of(client, "/insurance/")
    assert "to check whether we accept your plan" in html
    assert 'id="good-faith-estimate"' in html
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
def test_the_shared_card_says_the_size_the_image_has(client):
    # A PNG gives its width and height in its first chunk, at bytes 16 to 24.
    header = (Path(settings.BASE_DIR) / "static" / seo.SOCIAL_CARD).read_bytes()[:24]
    assert header.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
    parts = PageParts(html_of(client, "/"))
    assert (parts.meta["og:image:width"], parts.meta["og:image:height"]) == (str(width), str(height))


@pytest.mark.django_db
def test_thank_you_page_asks_search_engines_not_to_list_it_and_others_do_not(client):
    thanks = ("/request-appointment/thanks/", "/es/solicitar-cita/gracias/")
    for url in thanks:
        assert PageParts(html_of(client, url)).meta["robots"] == "noindex"
    for url in PUBLIC_URLS:
        if url not in thanks:
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


# Safety: the after-hours route, the form's emergency notice, opioids, devices, driving.

AFTER_HOURS_PAGES = [
    "/contact/",
    "/request-appointment/",
    "/procedures/before-and-after/",
    "/prescription-refills/",
    "/services/implantable-pain-pump/",
    "/services/electrical-stimulation/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", AFTER_HOURS_PAGES)
def test_pages_for_devices_and_medicines_say_what_to_do_when_the_office_is_closed(client, url):
    text = text_of(html_of(client, url))
    general = "When we are closed: if a problem cannot wait until we open, go to the nearest emergency room."
    assert general in text
    assert "call 911" in text and "call or text 988" in text


@pytest.mark.django_db
@pytest.mark.parametrize("url", AFTER_HOURS_PAGES)
def test_the_practices_own_after_hours_route_replaces_the_general_advice_once_set(client, settings, url):
    route = "Call (301) 474-0000 and choose 1 for the doctor on call."
    settings.CLINIC = {**settings.CLINIC, "after_hours": route}
    text = text_of(html_of(client, url))
    assert f"When we are closed: {route}" in text
    assert "if a problem cannot wait until we open" not in text


@pytest.mark.django_db
def test_every_page_leads_to_the_after_hours_route_from_its_footer(client):
    for url in PUBLIC_URLS:
        footer = html_of(client, url).split('<footer class="site-footer">')[1]
        with translation.override(language_of(url)):
            contact, words = reverse("pages:contact"), translation.gettext("When we are closed")
        assert f'<a href="{contact}#after-hours">{words}</a>' in footer, url
    assert 'id="after-hours"' in html_of(client, "/contact/")


@pytest.mark.django_db
def test_form_says_what_to_do_in_any_emergency_an_overdose_a_crisis_or_a_pump_alarm_above_the_form(client):
    html = html_of(client, "/request-appointment/")
    above = text_of(html[: html.index("<form")])
    assert "For any emergency, call 911." in above
    assert "taken too much of an opioid" in above and "Give naloxone if you have it." in above
    assert "call or text 988" in above
    assert "If your pain pump alarm sounds" in above
    assert "When we are closed:" in above


@pytest.mark.django_db
def test_opioid_answer_offers_naloxone_warns_against_mixing_and_says_how_to_store_and_dispose(client):
    text = text_of(html_of(client, "/faq/"))
    answer = text.split("Do you prescribe opioid pain medicine?")[1].split("Prescription refills")[0]
    for words in (
        "We offer you naloxone",
        "alcohol, sleeping pills or anxiety medicines called benzodiazepines",
        "locked up",
        "drug take-back site",
    ):
        assert words in answer
    assert 'href="/prescription-refills/"' in html_of(client, "/faq/")


@pytest.mark.django_db
def test_refills_page_gives_the_practices_policy_once_set_and_general_truths_until_then(client, settings):
    text = text_of(html_of(client, "/prescription-refills/"))
    assert "Call us during office hours, well before you run out." in text
    assert "cannot be refilled: each one needs a new prescription" in text
    settings.CLINIC = {**settings.CLINIC, "refill_policy": "Ask for a refill three business days ahead."}
    cache.clear()
    text = text_of(html_of(client, "/prescription-refills/"))
    assert "Ask for a refill three business days ahead." in text
    assert "well before you run out" not in text


RIDE_HOME = "Plan for an adult to drive you home after an injection or procedure."
AFTER_SEDATION = (
    "If you had sedation, do not drive, use machines or sign important papers for the rest of the day."
)


@pytest.mark.django_db
def test_every_page_says_the_same_thing_about_driving_home_after_a_procedure(client):
    from tests.readability import main_text

    said = set()
    for url in ENGLISH_URLS:
        if url.startswith("/blog/failed"):
            continue  # the practice's own article, reproduced as written
        for sentence in re.split(r"(?<=[.!?])\s+", main_text(html_of(client, url))):
            if re.search(r"\bdriv", sentence, re.IGNORECASE):
                said.add(sentence)
    assert said == {RIDE_HOME, AFTER_SEDATION, "Can I drive myself home after a procedure?"}
    for url in (
        "/faq/",
        "/procedures/before-and-after/",
        "/services/nerve-blocks/",
        "/services/epidural-steroid-injections/",
        "/services/radiofrequency-ablation/",
    ):
        assert RIDE_HOME in text_of(html_of(client, url)), url


@pytest.mark.django_db
def test_spinal_stenosis_says_steroid_injections_helped_little_more_than_numbing_medicine(client):
    section = html_of(client, "/conditions/").split('<section id="spinal-stenosis"')[1].split("</section>")[0]
    assert "helped little or no more than an injection of numbing medicine alone" in section


# Truth: coinsurance, the board, coverage.


@pytest.mark.django_db
def test_insurance_page_says_coinsurance_is_owed_after_the_deductible(client):
    text = text_of(html_of(client, "/insurance/"))
    assert "coinsurance, your share of the cost (20%, for example) after you have paid your deductible" in (
        text
    )
    assert "until you reach your deductible" not in text


@pytest.mark.django_db
def test_insurance_page_says_which_coverage_is_taken_once_the_practice_says(client, settings):
    text = text_of(html_of(client, "/insurance/"))
    for what in ("Medicare", "Maryland Medicaid", "Workers' compensation", "Auto accident claims"):
        assert f"{what}: call us to check." in text
    settings.CLINIC = {**settings.CLINIC, "takes_medicare": True, "takes_medicaid": False}
    cache.clear()
    text = text_of(html_of(client, "/insurance/"))
    assert "Medicare: we take it." in text
    assert "Maryland Medicaid: we do not take it." in text


@pytest.mark.django_db
def test_good_faith_estimate_notice_uses_the_current_model_wording(client):
    text = text_of(html_of(client, "/insurance/"))
    for words in (
        "who don't have certain types of health care coverage or who are not using certain types",
        "within 1 business day after scheduling",
        "within 3 business days after you ask",
        "at least $400 more for any provider or facility than your Good Faith Estimate",
        "save a copy or picture of your Good Faith Estimate and the bill",
        "www.cms.gov/ nosurprises/ consumers",
        "FederalPPDRQuestions",
        "1-800-985-3059",
    ):
        assert words in text, words
    assert "at least 1 business day before your medical service" not in text


@pytest.mark.django_db
def test_surprise_billing_protections_show_only_where_the_practice_treats_in_facilities(client, settings):
    assert "protections against surprise medical bills" not in html_of(client, "/insurance/")
    settings.CLINIC = {**settings.CLINIC, "treats_in_facilities": True}
    cache.clear()
    text = text_of(html_of(client, "/insurance/"))
    assert "Your rights and protections against surprise medical bills" in text
    assert "the most you can be billed is your plan's in-network share" in text
    assert "You are never required to give up your protections." in text


# What patients look for: each guide is a page the FAQ and the sitemap lead to.

GUIDES = {
    "/new-patients/#forms": "new_patient_forms",
    "/procedures/before-and-after/": "",
    "/prescription-refills/": "refill_policy",
    "/financial-policy/": "self_pay_prices",
    "/insurance/#other-coverage": "",
    "/telehealth/": "telehealth",
    "/medical-records/": "records_requests",
}


@pytest.mark.django_db
def test_the_questions_page_and_the_sitemap_lead_to_every_guide(client):
    faq = html_of(client, "/faq/")
    sitemap = client.get("/sitemap.xml").content.decode()
    for url in GUIDES:
        assert f'href="{url}"' in faq, url
        assert f"<loc>{settings.SITE_URL}{url.split('#')[0]}</loc>" in sitemap, url


@pytest.mark.django_db
@pytest.mark.parametrize("url, fact", [(url, fact) for url, fact in GUIDES.items() if fact])
def test_each_guide_shows_the_practices_own_words_once_set(client, settings, url, fact):
    words = f"The practice's own words about {fact}."
    assert words not in html_of(client, url.split("#")[0])
    settings.CLINIC = {**settings.CLINIC, fact: words}
    cache.clear()
    assert words in text_of(html_of(client, url.split("#")[0]))


@pytest.mark.django_db
def test_financial_policy_shows_payment_plans_and_missed_visits_as_the_practice_states_them(client, settings):
    text = text_of(html_of(client, "/financial-policy/"))
    assert "Ask us whether a payment plan is possible for you." in text
    assert "fee" not in text.split("If you cannot come")[1].split("With insurance")[0]
    settings.CLINIC = {
        **settings.CLINIC,
        "payment_plans": "Plans of up to six months, without interest.",
        "missed_appointment_policy": "A visit missed without a day's notice costs $25.",
    }
    cache.clear()
    text = text_of(html_of(client, "/financial-policy/"))
    assert "Plans of up to six months, without interest." in text
    assert "A visit missed without a day's notice costs $25." in text


@pytest.mark.django_db
def test_records_page_gives_marylands_21_working_days_and_no_hold_for_unpaid_bills(client):
    text = text_of(html_of(client, "/medical-records/"))
    assert "no more than 21 working days" in text
    assert "We will not hold back your records because of an unpaid bill." in text
