"""The public pages: every one renders with its own title, one h1 and no outside requests."""

import json
import re
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import OperationalError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from pages import registry
from tests.helpers import PUBLIC_URLS, PageParts, language_of
from tools.servers import run_python


def parts_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return PageParts(response.content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_page_renders_with_one_h1_title_and_description(client, url):
    parts = parts_of(client, url)
    assert parts.h1_count == 1
    assert parts.title
    assert len(parts.meta["description"]) >= 50
    assert parts.canonical == settings.SITE_URL + url


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_titles_and_descriptions_fit_in_a_search_result(client, url):
    parts = parts_of(client, url)
    assert len(parts.title) <= 60, parts.title
    assert len(parts.meta["description"]) <= 160, parts.meta["description"]


@pytest.mark.django_db
def test_a_short_title_carries_the_practice_name_and_a_long_one_stands_alone(client):
    assert parts_of(client, "/faq/").title == "Questions patients ask | Pain Management Associates LLC"
    assert parts_of(client, "/").title == "Pain management in Greenbelt, Maryland"


@pytest.mark.django_db
def test_every_public_page_has_its_own_title_and_description(client):
    pages = [parts_of(client, url) for url in PUBLIC_URLS]
    titles = [page.title for page in pages]
    descriptions = [page.meta["description"] for page in pages]
    assert len(set(titles)) == len(titles)
    assert len(set(descriptions)) == len(descriptions)


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_every_page_offers_a_call_and_an_appointment_request(client, url):
    html = client.get(url).content.decode()
    assert 'href="tel:+13015550142"' in html
    with translation.override(language_of(url)):
        assert f'href="{reverse("appointments:request")}"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_no_page_loads_anything_from_another_host(client, url):
    parts = parts_of(client, url)
    site_host = urlsplit(settings.SITE_URL).netloc
    for tag, attribute, link in parts.links:
        if tag == "a" or (tag == "link" and attribute == "href" and link.startswith(settings.SITE_URL)):
            continue  # plain links to other sites are fine; only loaded resources matter
        target = urlsplit(link)
        assert target.netloc in ("", site_host), f"{tag} {attribute}={link} on {url}"
    assert "<script src" not in client.get(url).content.decode()


def types_of(node):
    kinds = node["@type"]
    return set(kinds) if isinstance(kinds, list) else {kinds}


def node_of_type(graph, kind):
    return next(node for node in graph if kind in types_of(node))


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_every_page_carries_the_website_clinic_and_physician_graph(client, url):
    parts = parts_of(client, url)
    assert len(parts.jsonld) == 1
    graph = json.loads(parts.jsonld[0])["@graph"]
    clinic = node_of_type(graph, "MedicalClinic")
    physician = node_of_type(graph, "IndividualPhysician")
    website = node_of_type(graph, "WebSite")
    assert clinic["telephone"] == "+13015550142"
    assert clinic["address"]["addressLocality"] == "Greenbelt"
    # The treatments it offers where a page lists them, not on every page (a new one would
    # grow them all).
    with translation.override(language_of(url)):
        listings = {reverse(name) for name in ("pages:home", "pages:service_index", "pages:conditions")}
        lists = url in listings | {article.get_absolute_url() for article in registry.ARTICLES}
        services = {settings.SITE_URL + service.get_absolute_url() for service in registry.SERVICES}
    offered = {service["url"] for service in clinic.get("availableService", ())}
    assert offered == (services if lists else set())
    assert "Person" in types_of(physician)  # so that the clinic may name him its employee
    assert clinic["employee"] == {"@id": physician["@id"]}
    assert physician["name"] == "Haddis Hagos, MD"
    assert physician["practicesAt"] == {"@id": clinic["@id"]}
    assert website["publisher"] == {"@id": clinic["@id"]}
    # "Physician" alone now means a practice, not a person.
    assert not any(types_of(node) == {"Physician"} for node in graph)


def graph_of(client, url):
    return json.loads(parts_of(client, url).jsonld[0])["@graph"]


@pytest.mark.django_db
def test_article_is_a_medical_web_page_with_a_blog_posting_published_on_2_june_2025(client):
    graph = graph_of(client, "/blog/failed-back-surgery-do-this-now/")
    page = node_of_type(graph, "MedicalWebPage")
    physician = node_of_type(graph, "IndividualPhysician")
    posting = node_of_type(graph, "BlogPosting")
    assert page["datePublished"] == "2025-06-02"
    assert page["dateModified"]
    assert page["author"]["@id"]
    # No review is on record, so the page claims none (tests/test_medical_review.py).
    assert "reviewedBy" not in page
    assert physician["@id"]
    assert page["mainEntity"] == {"@id": posting["@id"]}
    assert posting["headline"] == "Failed Back Surgery? Do This Now"
    assert posting["datePublished"] == "2025-06-02"
    assert posting["image"].endswith(".png")
    condition = node_of_type(graph, "MedicalCondition")
    assert condition["name"] == "Failed back surgery syndrome"
    assert posting["about"] == [{"@id": condition["@id"]}]
    breadcrumbs = node_of_type(graph, "BreadcrumbList")
    assert [item["name"] for item in breadcrumbs["itemListElement"]] == [
        "Home",
        "Articles",
        "Failed Back Surgery? Do This Now",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("service", registry.SERVICES, ids=lambda service: service.slug)
def test_service_page_describes_its_treatment_as_procedure_or_therapy(client, service):
    graph = graph_of(client, service.get_absolute_url())
    page = node_of_type(graph, "MedicalWebPage")
    treatment = next(node for node in graph if node["@id"] == page["mainEntity"]["@id"])
    assert treatment["@type"] in {"MedicalProcedure", "MedicalTherapy", "PhysicalTherapy"}
    assert treatment["name"] == service.title
    assert node_of_type(graph, "BreadcrumbList")


@pytest.mark.django_db
@pytest.mark.parametrize("url", [url for url in PUBLIC_URLS if url not in ("/", "/es/")])
def test_inner_pages_show_breadcrumbs_ending_at_the_current_page(client, url):
    html = client.get(url).content.decode()
    with translation.override(language_of(url)):
        assert f'aria-label="{translation.gettext("Breadcrumb")}"' in html
    assert 'aria-current="page"' in html


@pytest.mark.django_db
def test_article_reproduces_both_lists_and_the_closing_sections(client):
    html = client.get("/blog/failed-back-surgery-do-this-now/").content.decode()
    causes = [
        "Fibrosis (the buildup of scar tissue in your back)",
        "Herniated discs (can happen before or after back surgery)",
        "New or increased pressure on a spinal nerve after surgery",
        "Inflammatory conditions, autoimmune diseases, or vascular diseases",
    ]
    treatments = [
        "Physical therapy and gentle exercise",
        "Nonsteroidal anti-inflammatory medications (NSAIDs)",
        "Nerve blocks",
        "Epidural steroid injections",
        "Electrical stimulation",
        "Radiofrequency ablation",
        "An implantable pump",
        "Behavioral modification (changing your lifestyle)",
    ]
    for item in causes:
        assert f"<li>{item}</li>" in html
    for item in treatments:
        assert f">{item}</a></li>" in html
    assert "<h2>When to consider surgery again</h2>" in html
    assert "you might need another surgery if your pain still doesn’t improve after months" in html
    assert "<h2>Learn about your options</h2>" in html
    assert "don’t wait to take action" in html
    assert "request an appointment online</a> today." in html
    assert '<time datetime="2025-06-02">Jun 02, 2025</time>' in html
    assert "about 10-40% of people who undergo surgery for back pain" in html


@pytest.mark.django_db
@pytest.mark.parametrize("article", registry.ARTICLES, ids=lambda article: article.slug)
def test_every_treatment_link_in_an_article_points_at_a_service_that_names_it(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    linked = re.findall(r'href="/services/([^"/]+)/"', html)
    assert linked, "the article links no treatment"
    for slug in linked:
        service = registry.get_service(slug)
        assert service is not None, f"{slug} is not a service in the registry"
        assert article.slug in service.articles, f"{slug} does not list {article.slug} among its articles"


@pytest.mark.django_db
@pytest.mark.parametrize("service", registry.SERVICES, ids=lambda service: service.slug)
def test_service_page_points_to_the_articles_that_name_it(client, service):
    html = client.get(service.get_absolute_url()).content.decode()
    for article in service.related_articles:
        assert f'<a href="{article.get_absolute_url()}">{article.title}</a>' in html


@pytest.mark.django_db
def test_services_index_lists_every_treatment(client):
    html = client.get(reverse("pages:service_index")).content.decode()
    for service in registry.SERVICES:
        assert f'href="{service.get_absolute_url()}"' in html


@pytest.mark.django_db
def test_sitemap_lists_every_public_page(client):
    xml = client.get("/sitemap.xml").content.decode()
    for url in PUBLIC_URLS:
        if url.rstrip("/").endswith(("/thanks", "/gracias")):
            assert f"<loc>{settings.SITE_URL}{url}</loc>" not in xml
        else:
            assert f"<loc>{settings.SITE_URL}{url}</loc>" in xml


def test_robots_txt_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in response.content.decode()


@pytest.mark.django_db
def test_unknown_url_shows_the_custom_404_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "tel:+13015550142" in response.content.decode()


@pytest.mark.django_db
def test_unknown_service_or_article_is_404(client):
    assert client.get("/services/not-a-treatment/").status_code == 404
    assert client.get("/blog/not-an-article/").status_code == 404


@pytest.mark.django_db
def test_unhandled_error_shows_the_custom_500_page(settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    with mock.patch("pages.views.SitePageView.get_context_data", side_effect=RuntimeError("boom")):
        response = client.get("/about/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert "tel:+13015550142" in html
    assert "boom" not in html


@pytest.mark.django_db
def test_health_check_is_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_health_check_is_503_when_the_database_is_unreachable(client):
    with mock.patch("pages.views.connection.cursor", side_effect=OperationalError("unreachable")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert "no-cache" in response["Cache-Control"]


def run_settings_check(env_overrides):
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "clinic_site.settings", **env_overrides}
    return run_python("-c", "import django; django.setup()", env=env, timeout=60)


def test_production_without_a_secret_key_refuses_to_start():
    result = run_settings_check({"DJANGO_HTTPS": "1"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_production_with_a_secret_key_and_a_mail_server_starts():
    result = run_settings_check(
        {"DJANGO_HTTPS": "1", "DJANGO_SECRET_KEY": "x" * 50, "EMAIL_HOST": "smtp.example.com"}
    )
    assert result.returncode == 0, result.stderr


def test_production_without_a_mail_server_refuses_to_start():
    result = run_settings_check({"DJANGO_HTTPS": "1", "DJANGO_SECRET_KEY": "x" * 50})
    assert result.returncode != 0
    assert "EMAIL_HOST is not set" in result.stderr
    assert "printed into the server log" in result.stderr


def test_without_https_the_console_still_takes_emails_for_a_local_run():
    code = "import django; django.setup(); from django.conf import settings; print(settings.EMAIL_BACKEND)"
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "clinic_site.settings"}
    result = run_python("-c", code, env=env, timeout=60)
    assert result.stdout.strip() == "django.core.mail.backends.console.EmailBackend", result.stderr


@pytest.mark.django_db
def test_privacy_notice_states_the_retention_periods_from_settings(client, settings):
    settings.APPOINTMENT_RETENTION_DAYS = 200
    settings.APPOINTMENT_SPAM_RETENTION_DAYS = 17
    settings.ANALYTICS_RETENTION_DAYS = 123
    html = client.get("/privacy/").content.decode()
    assert "once it is closed and 200 days have passed since you sent it" in html
    assert "we close it and delete it then, so a forgotten request is not kept" in html
    assert "spam is deleted after 17 days" in html
    assert "Counts are deleted after 123 days" in html
    with translation.override("es"):
        spanish = client.get(registry.get_site_page("privacy").get_absolute_url()).content.decode()
    assert "han pasado 200 días desde que la mandó" in spanish
    assert "la cerramos y la borramos entonces. Así no guardamos una solicitud olvidada" in spanish
    assert "la borramos a los 17 días" in spanish
    assert "Borramos los conteos después de 123 días" in spanish


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name", ["privacy", "accessibility", "notice_of_privacy_practices", "nondiscrimination"]
)
def test_legal_pages_say_when_they_were_last_updated(client, url_name):
    page = registry.get_site_page(url_name)
    html = client.get(page.get_absolute_url()).content.decode()
    assert f'Last updated <time datetime="{page.updated:%Y-%m-%d}">' in html
