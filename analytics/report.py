"""The figures behind the "Site analytics" admin page and its CSV download."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from analytics.models import PageView, RequestOrigin, TrafficSource
from pages import registry
from practice.charts import bar_chart

PERIODS = (7, 30, 90)


class RankedPage(NamedTuple):
    path: str
    title: str
    count: int


def page_titles():
    """{path: title} of the site's pages, so managers read "Nerve blocks", not a path."""
    titles = {page.get_absolute_url(): page.title for page in registry.SITE_PAGES}
    titles.update({article.get_absolute_url(): article.title for article in registry.ARTICLES})
    titles.update({service.get_absolute_url(): service.title for service in registry.SERVICES})
    titles[reverse("appointments:request")] = "Request an appointment"
    return titles


def with_titles(ranked):
    titles = page_titles()
    return [RankedPage(path, titles.get(path, path), count) for path, count in ranked]


@dataclass
class Day:
    day: date
    views: int = 0
    form_views: int = 0
    requests: int = 0


@dataclass
class Report:
    days: int
    start: date
    end: date
    page: str = ""
    daily: list = field(default_factory=list)
    top_pages: list = field(default_factory=list)
    referrers: list = field(default_factory=list)
    campaigns: list = field(default_factory=list)
    request_origins: list = field(default_factory=list)

    @property
    def total_views(self):
        return sum(day.views for day in self.daily)

    @property
    def form_views(self):
        return sum(day.form_views for day in self.daily)

    @property
    def requests(self):
        return sum(day.requests for day in self.daily)

    @property
    def conversion_rate(self):
        """Stored requests per view of the request form, as a percentage."""
        return round(100 * self.requests / self.form_views, 1) if self.form_views else None

    def chart(self):
        """Views per day as a bar chart with labelled axes (see practice.charts)."""
        where = f" of {self.page_title}" if self.page else ""
        return bar_chart(
            "views-chart",
            f"Page views{where} per day, {self.start:%b} {self.start.day} to {self.end:%b} {self.end.day}",
            [(f"{day.day:%b} {day.day.day}", day.views) for day in self.daily],
            x_label="Day",
            y_label="Page views",
        )

    @property
    def page_title(self):
        return page_titles().get(self.page, self.page)


def build_report(days=30, page="", today=None):
    """Counts for the last ``days`` days up to today, for one page or the whole site."""
    end = today or timezone.localdate()
    start = end - timedelta(days=days - 1)
    form_path = reverse("appointments:request")
    in_period = {"day__gte": start, "day__lte": end}
    on_page = {"path": page} if page else {}

    daily = {start + timedelta(days=n): Day(start + timedelta(days=n)) for n in range(days)}
    views = PageView.objects.filter(**in_period, **on_page)
    for row in views.values("day").annotate(total=Sum("views")):
        daily[row["day"]].views = row["total"]
    for row in (
        PageView.objects.filter(**in_period, path=form_path).values("day").annotate(total=Sum("views"))
    ):
        daily[row["day"]].form_views = row["total"]
    origins = RequestOrigin.objects.filter(**in_period, **on_page)
    for row in origins.values("day").annotate(total=Sum("requests")):
        daily[row["day"]].requests = row["total"]

    def ranked(queryset, key, count_field, limit=20):
        rows = queryset.values(key).annotate(total=Sum(count_field)).order_by("-total", key)[:limit]
        return [(row[key], row["total"]) for row in rows]

    sources = TrafficSource.objects.filter(**in_period, **on_page)
    # The thank-you page is seen only after a request: its views are requests, not interest.
    viewed_pages = PageView.objects.filter(**in_period).exclude(path=reverse("appointments:thanks"))
    return Report(
        days=days,
        start=start,
        end=end,
        page=page,
        daily=list(daily.values()),
        top_pages=with_titles(ranked(viewed_pages, "path", "views")),
        referrers=ranked(sources.filter(kind=TrafficSource.Kind.REFERRER), "name", "visits"),
        campaigns=ranked(sources.filter(kind=TrafficSource.Kind.CAMPAIGN), "name", "visits"),
        request_origins=with_titles(ranked(RequestOrigin.objects.filter(**in_period), "path", "requests")),
    )
