"""The figures behind the "Site analytics" admin page and its CSV download."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from analytics.models import PageView, RequestOrigin, TrafficSource

PERIODS = (7, 30, 90)


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

    def chart(self, width=720, height=160):
        """Bars for views per day, as numbers an inline SVG can draw."""
        peak = max((day.views for day in self.daily), default=0) or 1
        slot = width / max(len(self.daily), 1)
        return [
            {
                "x": round(index * slot + 1, 1),
                "width": round(max(slot - 2, 1), 1),
                "height": round(height * day.views / peak, 1),
                "y": round(height - height * day.views / peak, 1),
                "day": day,
            }
            for index, day in enumerate(self.daily)
        ]


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
    return Report(
        days=days,
        start=start,
        end=end,
        page=page,
        daily=list(daily.values()),
        top_pages=ranked(PageView.objects.filter(**in_period), "path", "views"),
        referrers=ranked(sources.filter(kind=TrafficSource.Kind.REFERRER), "name", "visits"),
        campaigns=ranked(sources.filter(kind=TrafficSource.Kind.CAMPAIGN), "name", "visits"),
        request_origins=ranked(RequestOrigin.objects.filter(**in_period), "path", "requests"),
    )
