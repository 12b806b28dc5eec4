"""The "Site analytics" page in admin: for practice managers, not for the front desk."""

import csv

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse

from analytics.models import PageView
from analytics.report import PERIODS, build_report
from practice.admin_mixins import ReadOnlyAdminMixin


@admin.register(PageView)
class SiteAnalyticsAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Shows the report in place of a list of rows; the counts cannot be edited."""

    def has_module_permission(self, request):
        return request.user.has_perm("analytics.view_site_analytics")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("analytics.view_site_analytics")

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        days = int(request.GET["days"]) if request.GET.get("days") in {str(p) for p in PERIODS} else 30
        page = request.GET.get("page", "")[:200]
        report = build_report(days=days, page=page)
        if request.GET.get("format") == "csv":
            return report_csv(report)
        context = {
            **self.admin_site.each_context(request),
            "title": "Site analytics",
            "opts": self.model._meta,
            "report": report,
            "periods": PERIODS,
            "chart": report.chart(),
        }
        return TemplateResponse(request, "admin/analytics/report.html", context)


def report_csv(report):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="site-analytics-{report.start}-{report.end}.csv"'
    writer = csv.writer(response)
    writer.writerow(["day", "page views", "form views", "requests"])
    for day in report.daily:
        writer.writerow([day.day.isoformat(), day.views, day.form_views, day.requests])
    return response
