"""Cookie-free analytics: what is counted, what never is, and what practice managers see."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.utils import timezone

from analytics import counter
from analytics.models import PageView, RequestOrigin, TrafficSource
from pages import registry
from tests.helpers import front_desk_user, practice_manager, sign_in, valid_form_data

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/156.0 Safari/537.36"
ARTICLE = "/blog/failed-back-surgery-do-this-now/"
FORM = "/request-appointment/"
REPORT = "/admin/analytics/pageview/"


@pytest.fixture
def visitor():
    return Client(HTTP_USER_AGENT=BROWSER)


def views_of(path):
    counter.flush()
    return sum(PageView.objects.filter(path=path).values_list("views", flat=True))


@pytest.mark.django_db
def test_a_page_view_counts_once(visitor):
    visitor.get(ARTICLE)
    assert views_of(ARTICLE) == 1
    visitor.get(ARTICLE)
    assert views_of(ARTICLE) == 2


@pytest.mark.django_db
def test_pages_served_from_the_cache_are_counted(visitor):
    for _ in range(3):
        visitor.get(ARTICLE)
    assert views_of(ARTICLE) == 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path", "headers"),
    [
        ("get", "/admin/login/", {}),
        ("get", "/static/css/site.css", {}),
        ("get", "/healthz", {}),
        ("head", ARTICLE, {}),
        ("get", "/no-such-page/", {}),
        ("get", ARTICLE, {"HTTP_USER_AGENT": "Googlebot/2.1 (+http://www.google.com/bot.html)"}),
        ("get", ARTICLE, {"HTTP_USER_AGENT": "python-requests/2.32"}),
        ("get", ARTICLE, {"HTTP_USER_AGENT": ""}),
        ("get", ARTICLE, {"HTTP_SEC_GPC": "1"}),
        ("get", ARTICLE, {"HTTP_DNT": "1"}),
        ("get", "/sitemap.xml", {}),
    ],
    ids=["admin", "static", "health", "head", "404", "bot", "script", "no-agent", "gpc", "dnt", "xml"],
)
def test_what_is_never_counted(visitor, method, path, headers):
    getattr(visitor, method)(path, **headers)
    counter.flush()
    assert PageView.objects.count() == 0
    assert TrafficSource.objects.count() == 0


@pytest.mark.django_db
def test_a_forwarded_script_name_neither_names_the_page_counted_nor_counts_admin(visitor):
    """SCRIPT_NAME lengthens the request's path with whatever a forwarding peer typed; the
    page counted is the one the site served, and admin stays uncounted however it is reached."""
    visitor.get(ARTICLE, SCRIPT_NAME="/maria-lopez-oxycodone")
    visitor.get("/admin/login/", SCRIPT_NAME="/x")
    counter.flush()
    assert list(PageView.objects.values_list("path", "views")) == [(ARTICLE, 1)]


@pytest.mark.django_db
def test_a_do_not_track_visit_leaves_no_referrer_either(visitor):
    visitor.get(ARTICLE, HTTP_REFERER="https://www.google.com/search?q=back+pain", HTTP_SEC_GPC="1")
    counter.flush()
    assert TrafficSource.objects.count() == 0


@pytest.mark.django_db
def test_referrers_are_stored_as_host_names_only(visitor):
    visitor.get(ARTICLE, HTTP_REFERER="https://www.Google.com/search?q=failed+back+surgery&client=x")
    visitor.get(ARTICLE + "?utm_source=Newsletter")
    counter.flush()
    sources = {(s.kind, s.name, s.path, s.visits) for s in TrafficSource.objects.all()}
    assert sources == {("referrer", "www.google.com", ARTICLE, 1), ("campaign", "newsletter", ARTICLE, 1)}
    for source in TrafficSource.objects.all():
        assert "q=" not in source.name and "/" not in source.name


@pytest.mark.django_db
def test_internal_referrers_are_not_stored_as_hosts(visitor, settings):
    visitor.get(ARTICLE, HTTP_REFERER="http://testserver/services/")
    visitor.get(ARTICLE, HTTP_REFERER=settings.SITE_URL + "/")
    counter.flush()
    assert TrafficSource.objects.count() == 0
    assert views_of(ARTICLE) == 2


@pytest.mark.django_db
def test_a_stored_request_credits_the_page_it_came_from(visitor):
    form_page = visitor.get(FORM, HTTP_REFERER="http://testserver" + ARTICLE).content.decode()
    assert f'name="came_from" value="{ARTICLE}"' in form_page
    visitor.post(FORM, valid_form_data(came_from=ARTICLE))
    counter.flush()
    assert list(RequestOrigin.objects.values_list("path", "requests")) == [(ARTICLE, 1)]
    assert views_of(FORM) == 1


@pytest.mark.django_db
def test_a_suspected_spam_request_credits_nothing(visitor):
    visitor.post(FORM, valid_form_data(came_from=ARTICLE, website="http://spam.example"))
    counter.flush()
    assert RequestOrigin.objects.count() == 0


@pytest.mark.django_db
def test_a_double_submission_is_credited_once(visitor):
    data = valid_form_data(came_from=ARTICLE)
    visitor.post(FORM, data)
    visitor.post(FORM, data)
    counter.flush()
    assert RequestOrigin.objects.get().requests == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "came_from",
    [
        "https://evil.example/x",
        "//evil.example/x",
        # Free text typed into the hidden field: kept 400 days, it must never be a name or a drug.
        "/Maria Lopez oxycodone",
        "/services/oxycodone/",
        "/admin/appointments/appointmentrequest/",
    ],
)
def test_only_a_page_this_site_serves_is_credited_with_a_request(visitor, came_from):
    visitor.post(FORM, valid_form_data(came_from=came_from))
    counter.flush()
    assert list(RequestOrigin.objects.values_list("path", "requests")) == [("(direct or unknown)", 1)]


def test_no_analytics_table_can_hold_an_address_a_browser_or_a_cookie():
    forbidden = (
        "ip",
        "address",
        "agent",
        "browser",
        "cookie",
        "session",
        "user",
        "visitor",
        "referer",
        "url",
    )
    for model in (PageView, TrafficSource, RequestOrigin):
        for field in model._meta.get_fields():
            assert not any(word in field.name.lower() for word in forbidden), (model, field.name)
            assert not isinstance(field, models.GenericIPAddressField | models.ForeignKey | models.URLField)


def seed_counts():
    today = timezone.localdate()
    PageView.objects.create(day=today, path=ARTICLE, views=40)
    PageView.objects.create(day=today - timedelta(days=3), path=ARTICLE, views=20)
    PageView.objects.create(day=today, path=FORM, views=10)
    PageView.objects.create(day=today - timedelta(days=45), path=ARTICLE, views=999)
    TrafficSource.objects.create(day=today, path=ARTICLE, kind="referrer", name="www.google.com", visits=25)
    RequestOrigin.objects.create(day=today, path=ARTICLE, requests=3)
    RequestOrigin.objects.create(day=today - timedelta(days=3), path="/", requests=1)


@pytest.mark.django_db
def test_analytics_page_is_forbidden_to_the_front_desk(client):
    sign_in(client, front_desk_user())
    assert client.get(REPORT).status_code == 403
    assert "Site analytics" not in client.get("/admin/").content.decode()


@pytest.mark.django_db
def test_practice_manager_sees_the_right_figures(client):
    seed_counts()
    sign_in(client, practice_manager())
    response = client.get(REPORT + "?days=30")
    assert response.status_code == 200
    report = response.context["report"]
    assert report.total_views == 70
    assert report.form_views == 10
    assert report.requests == 4
    assert report.conversion_rate == 40.0
    assert report.top_pages[0] == (ARTICLE, registry.ARTICLES[0].title, 60)
    assert report.referrers == [("www.google.com", 25)]
    assert [(path, views) for path, _, views in report.request_origins] == [(ARTICLE, 3), ("/", 1)]
    html = response.content.decode()
    assert "<svg" in html and "<script" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]
    article_only = client.get(REPORT, {"days": 30, "page": ARTICLE}).context["report"]
    assert (article_only.total_views, article_only.requests) == (60, 3)
    assert client.get(REPORT + "?days=90").context["report"].total_views == 70 + 999


@pytest.mark.django_db
def test_csv_download_matches_the_page(client):
    seed_counts()
    sign_in(client, practice_manager())
    report = client.get(REPORT + "?days=7").context["report"]
    response = client.get(REPORT + "?days=7&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["day", "page views", "form views", "requests"]
    assert len(rows) == 1 + 7
    assert sum(int(row[1]) for row in rows[1:]) == report.total_views
    assert sum(int(row[3]) for row in rows[1:]) == report.requests


@pytest.mark.django_db
def test_old_counts_are_purged_by_their_own_command(settings, capsys):
    seed_counts()
    settings.ANALYTICS_RETENTION_DAYS = 30
    call_command("purge_analytics_counts", "--dry-run")
    assert PageView.objects.count() == 4
    call_command("purge_appointment_requests")
    assert PageView.objects.count() == 4
    call_command("purge_analytics_counts")
    assert PageView.objects.count() == 3
    assert "Deleted 1 analytics count(s) older than 30 days." in capsys.readouterr().out


@pytest.mark.django_db
def test_privacy_notice_says_what_is_counted(client):
    html = client.get("/privacy/").content.decode()
    assert "Global Privacy Control" in html
    assert "referring site" in html


def test_the_counting_day_turns_over_at_local_midnight(settings):
    from datetime import datetime
    from unittest import mock
    from zoneinfo import ZoneInfo

    eastern = ZoneInfo(settings.TIME_ZONE)
    before = datetime(2026, 11, 25, 23, 59, 59, tzinfo=eastern)
    after = datetime(2026, 11, 26, 0, 0, 1, tzinfo=eastern)
    counter._today = (None, 0.0)
    with (
        mock.patch("analytics.counter.timezone.localtime", return_value=before),
        mock.patch("analytics.counter.time.time", return_value=before.timestamp()),
    ):
        assert str(counter.today()) == "2026-11-25"
    with (
        mock.patch("analytics.counter.timezone.localtime", return_value=after),
        mock.patch("analytics.counter.time.time", return_value=after.timestamp()),
    ):
        assert str(counter.today()) == "2026-11-26"
    counter._today = (None, 0.0)


@pytest.mark.django_db
def test_top_pages_read_as_page_titles_and_leave_out_the_thank_you_page(client):
    today = timezone.localdate()
    PageView.objects.create(day=today, path=ARTICLE, views=9)
    PageView.objects.create(day=today, path="/request-appointment/thanks/", views=50)
    PageView.objects.create(day=today, path="/services/nerve-blocks/", views=4)
    PageView.objects.create(day=today, path="/retired-page/", views=2)
    sign_in(client, practice_manager())
    response = client.get(REPORT + "?days=7")
    report = response.context["report"]
    assert [(title, views) for _, title, views in report.top_pages] == [
        (registry.ARTICLES[0].title, 9),
        (registry.get_service("nerve-blocks").title, 4),
        ("/retired-page/", 2),  # a path the site no longer knows reads as itself
    ]
    html = response.content.decode()
    tables = html[html.index("Top pages") :]
    assert f">{registry.get_service('nerve-blocks').title}</a>" in tables
    assert "/request-appointment/thanks/" not in tables


@pytest.mark.django_db
def test_the_views_chart_has_labelled_axes_and_its_values_as_text(client):
    today = timezone.localdate()
    PageView.objects.create(day=today, path=ARTICLE, views=17)
    PageView.objects.create(day=today - timedelta(days=2), path="/", views=5)
    sign_in(client, practice_manager())
    html = client.get(REPORT + "?days=7").content.decode()
    svg = html[html.index('<svg role="img"') :]
    svg = svg[: svg.index("</svg>")]
    assert 'aria-labelledby="views-chart-title views-chart-desc"' in svg
    assert '<text class="chart-axis-label"' in svg and ">Day</text>" in svg and ">Page views</text>" in svg
    values = re.findall(r'<text class="chart-value"[^>]*>(\d+)</text>', svg)
    assert values == ["0", "0", "0", "0", "5", "0", "17"]
    assert f"{today:%b} {today.day}: 17" in svg  # the description, for screen readers
    assert "style=" not in svg and "<script" not in svg


def sources_of(path, kind):
    return dict(TrafficSource.objects.filter(path=path, kind=kind).values_list("name", "visits"))


def flood(visitor, first, last):
    for n in range(first, last):
        visitor.get(f"{ARTICLE}?utm_source=campaign-{n}", HTTP_REFERER=f"https://site-{n}.example/page")


@pytest.mark.django_db
def test_a_flood_of_distinct_names_stays_within_the_daily_cap(visitor, settings):
    settings.ANALYTICS_DAILY_NAMES_PER_PAGE = 10
    flood(visitor, 0, 25)
    counter.flush()
    flood(visitor, 25, 60)
    counter.flush()
    for kind in ("campaign", "referrer"):
        names = sources_of(ARTICLE, kind)
        assert len(names) == 10 + 1
        assert names["(other)"] == 50
        assert sum(names.values()) == 60
    assert TrafficSource.objects.count() == 2 * 11


@pytest.mark.django_db
def test_names_kept_before_the_cap_was_reached_keep_counting(visitor, settings):
    settings.ANALYTICS_DAILY_NAMES_PER_PAGE = 2
    flood(visitor, 0, 3)
    counter.flush()
    flood(visitor, 0, 3)
    counter.flush()
    assert sources_of(ARTICLE, "campaign") == {"campaign-0": 2, "campaign-1": 2, "(other)": 2}


@pytest.mark.django_db
def test_the_cap_is_per_page(visitor, settings):
    settings.ANALYTICS_DAILY_NAMES_PER_PAGE = 1
    visitor.get(ARTICLE + "?utm_source=newsletter")
    visitor.get("/?utm_source=leaflet")
    counter.flush()
    assert sources_of(ARTICLE, "campaign") == {"newsletter": 1}
    assert sources_of("/", "campaign") == {"leaflet": 1}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "campaign",
    [
        "newsletter-alice@example.com",
        "alice%40example.com",
        "Alice Smith",
        "call me on 301-555-0199 please",
        "x" * 41,
        "ünïcode",
    ],
)
def test_campaign_names_that_are_not_plain_tags_are_not_stored(visitor, campaign):
    visitor.get(ARTICLE, {"utm_source": campaign})
    counter.flush()
    assert sources_of(ARTICLE, "campaign") == {"(other)": 1}


@pytest.mark.django_db
def test_e_mail_like_referrers_are_not_stored(visitor):
    visitor.get(ARTICLE, HTTP_REFERER="https://alice%40example.com@mail.example/")
    visitor.get(ARTICLE, HTTP_REFERER="https://" + "a" * 45 + ".example/")
    counter.flush()
    assert sources_of(ARTICLE, "referrer") == {"mail.example": 1, "(other)": 1}
    assert not TrafficSource.objects.filter(name__contains="alice").exists()


@pytest.mark.django_db
def test_a_flush_is_one_statement_per_table(visitor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(30):
        visitor.get(f"{ARTICLE}?utm_source=campaign-{n}", HTTP_REFERER=f"https://site-{n}.example/")
        visitor.get(f"/services/nerve-blocks/?utm_source=campaign-{n}")
    counter.count_request(ARTICLE)
    counter.count_request("/")
    with CaptureQueriesContext(connection) as queries:
        counter.flush()
    writes = [
        q["sql"] for q in queries.captured_queries if not q["sql"].lstrip().upper().startswith("SELECT")
    ]
    writes = [sql for sql in writes if "SAVEPOINT" not in sql.upper()]
    tables = sorted(sql.split()[2].strip('"') for sql in writes)
    assert tables == ["analytics_pageview", "analytics_requestorigin", "analytics_trafficsource"]
    assert TrafficSource.objects.count() == 90
    assert sum(PageView.objects.values_list("views", flat=True)) == 60


@pytest.mark.django_db
def test_counts_are_added_to_rows_already_stored(visitor):
    visitor.get(ARTICLE, HTTP_REFERER="https://www.google.com/")
    counter.flush()
    visitor.get(ARTICLE, HTTP_REFERER="https://www.google.com/")
    visitor.get(ARTICLE, HTTP_REFERER="https://www.google.com/")
    counter.flush()
    assert views_of(ARTICLE) == 3
    assert sources_of(ARTICLE, "referrer") == {"www.google.com": 3}


@pytest.mark.django_db
def test_no_page_view_waits_on_a_write_even_when_one_is_due(visitor, settings):
    settings.ANALYTICS_FLUSH_SECONDS = 0
    for _ in range(3):
        visitor.get(ARTICLE)
    assert PageView.objects.count() == 0
    assert views_of(ARTICLE) == 3


# The thread has its own connection, so the counts must really be committed. The
# serialized rollback puts back what the migrations created, as the browser tests expect.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_thread_of_each_process_writes_the_counts(settings):
    import time

    # No pause between writes: a timed wait never ends under a stopped system clock (as
    # faketime gives), and the thread must be seen to write whatever the clock does.
    settings.ANALYTICS_FLUSH_SECONDS = 0
    counter.count_view(ARTICLE)
    counter.start_flushing()
    try:
        for _ in range(200):  # up to 10 seconds
            if PageView.objects.exists():
                break
            time.sleep(0.05)
        assert PageView.objects.get().views == 1
        counter.count_view(ARTICLE)
    finally:
        counter.stop_flushing()
    # Stopping (a worker exiting) writes what was left.
    assert PageView.objects.get().views == 2
