"""Small, cacheable pages: size budgets and caching rules (sizes and headers, never times)."""

import functools
import gzip
import re

import brotli
import pytest
from django.contrib.staticfiles import finders
from django.template import engines
from django.test import Client
from django.urls import reverse

from tests.helpers import PUBLIC_URLS, valid_form_data

ARTICLE = "/blog/failed-back-surgery-do-this-now/"


@functools.cache
def brotli_size(static_name):
    """The size of a static file as served with brotli, measured once per file per run."""
    with open(finders.find(static_name), "rb") as asset:
        return len(brotli.compress(asset.read()))


def stylesheets(html):
    return re.findall(r'<link rel="stylesheet" href="/static/([^"]+)"', html)


@pytest.mark.django_db
def test_article_html_is_at_most_14_kb_gzipped(client):
    html = client.get(ARTICLE).content
    assert len(gzip.compress(html, compresslevel=6)) <= 14 * 1024


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_all_the_css_a_page_needs_is_at_most_30_kb_with_brotli(client, url):
    html = client.get(url).content.decode()
    total = sum(brotli_size(name) for name in stylesheets(html))
    assert 0 < total <= 30 * 1024


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_pages_have_no_javascript_and_at_most_four_requests(client, url):
    html = client.get(url).content.decode()
    assert re.search(r"<script(?![^>]*application/ld\+json)", html) is None
    assert re.search(r"\son[a-z]+=", html) is None  # no inline event handlers either
    loaded = re.findall(r'<link rel="(?:stylesheet|icon)" href="([^"]+)"', html) + re.findall(
        r'<img [^>]*src="', html
    )
    assert 1 + len(loaded) <= 4


def test_production_uses_the_cached_template_loader():
    loaders = engines["django"].engine.template_loaders
    assert type(loaders[0]).__module__ == "django.template.loaders.cached"


@pytest.mark.django_db
def test_content_pages_come_from_the_cache_with_an_explicit_cache_control(client):
    first = client.get(ARTICLE)
    assert "max-age=600" in first["Cache-Control"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("pages.views.ArticleView.get_context_data", lambda *a, **k: 1 / 0)
        second = client.get(ARTICLE)
    assert second.status_code == 200
    assert second.content == first.content


@pytest.mark.django_db
def test_cached_pages_vary_on_encoding_but_not_on_cookies(client):
    response = client.get(ARTICLE, HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    vary = {part.strip() for part in response["Vary"].split(",")}
    assert vary == {"Accept-Encoding"}


@pytest.mark.django_db
def test_content_pages_answer_conditional_requests_with_304(client):
    etag = client.get(ARTICLE)["ETag"]
    assert client.get(ARTICLE, HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.django_db
def test_form_page_is_never_served_from_the_cache(client):
    first = Client().get("/request-appointment/")
    second = Client().get("/request-appointment/")
    assert "no-store" in first["Cache-Control"]
    token = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
    assert token.search(first.content).group(1) != token.search(second.content).group(1)
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value


@pytest.mark.django_db
def test_a_visitors_session_cookie_never_reaches_the_cache():
    patient = Client()
    patient.post("/request-appointment/", valid_form_data())
    assert "sessionid" in patient.cookies
    for url in PUBLIC_URLS:
        patient.get(url)
    stranger = Client()
    for url in PUBLIC_URLS:
        response = stranger.get(url)
        assert "sessionid" not in response.cookies, url
        assert "Set-Cookie" not in response.headers or "sessionid" not in response.headers["Set-Cookie"]


@pytest.mark.django_db
def test_health_check_and_admin_are_never_cached(client):
    assert "no-store" in client.get("/healthz")["Cache-Control"]
    assert "no-store" in client.get(reverse("admin:login"))["Cache-Control"]


def test_cache_keys_change_when_templates_or_code_change(settings, tmp_path):
    from clinic_site import settings as site_settings

    assert "pages-" + site_settings._release_fingerprint() == settings.CACHE_MIDDLEWARE_KEY_PREFIX
    original = site_settings.BASE_DIR
    try:
        for folder in ("templates", "pages", "appointments", "practice"):
            (tmp_path / folder).mkdir()
        (tmp_path / "templates" / "base.html").write_text("one")
        (tmp_path / "appointments" / "forms.py").write_text("label = 'Phone'")
        site_settings.BASE_DIR = tmp_path
        first = site_settings._release_fingerprint()
        (tmp_path / "templates" / "base.html").write_text("two")
        second = site_settings._release_fingerprint()
        (tmp_path / "appointments" / "forms.py").write_text("label = 'Telephone'")
        third = site_settings._release_fingerprint()
    finally:
        site_settings.BASE_DIR = original
    assert len({first, second, third}) == 3


@pytest.mark.django_db
def test_blank_form_fragment_is_reused_but_each_visitor_gets_fresh_tokens():
    first, second = Client().get("/request-appointment/"), Client().get("/request-appointment/")
    form_token = re.compile(rb'name="form_token" value="([^"]+)"')
    assert form_token.search(first.content).group(1) != form_token.search(second.content).group(1)
    strip = re.compile(rb'value="[^"]*"')
    assert strip.sub(b"", first.content) == strip.sub(b"", second.content)


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_a_first_view_of_any_public_page_transfers_at_most_30_kb(url):
    response = Client().get(url, HTTP_ACCEPT_ENCODING="gzip, br")
    assert response["Content-Encoding"] == "gzip"
    total = len(response.content)
    html = gzip.decompress(response.content).decode()
    assets = stylesheets(html) + re.findall(r'<link rel="icon" href="/static/([^"]+)"', html)
    assert len(assets) == 3  # two stylesheets and the favicon: four requests in all
    total += sum(brotli_size(name) for name in assets)
    assert total <= 30 * 1024
