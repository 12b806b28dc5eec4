"""The "Requests report" page in admin, and its CSV: for practice managers only."""

import csv

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone

from appointments.export import csv_response, csv_safe
from appointments.report import PERIODS, build_report, period_from, recent_months
from practice.charts import bar_chart
from practice.clinic import Clinic

REPORT_PERMISSION = "appointments.view_requests_report"


def can_see_report(user):
    return user.is_active and user.is_staff and user.has_perm(REPORT_PERMISSION)


def requests_report_view(model_admin, request):
    if not can_see_report(request.user):
        raise PermissionDenied
    now = timezone.now()
    period = period_from(request.GET.get("period"), now)
    report = build_report(period, now)
    if request.GET.get("format") == "csv":
        response = csv_response(f"requests-report-{period.key}.csv")
        writer = csv.writer(response)
        writer.writerow(["section", "figure", "value"])
        for row in report.rows():
            writer.writerow([csv_safe(value) for value in row])
        return response
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Requests report",
        "opts": model_admin.model._meta,
        "report": report,
        "periods": PERIODS,
        "months": recent_months(now),
        "opening_hours": Clinic.from_settings().opening_hours,
        "timings": (
            ("First call attempt", report.first_call),
            ("First reached call", report.first_reached),
        ),
        "wait_chart": bar_chart(
            "wait-chart",
            f"Time to the first call attempt: {period.label}",
            report.wait_buckets,
            x_label="Business hours until the first call attempt",
            y_label="Requests",
        ),
    }
    return TemplateResponse(request, "admin/appointments/requests_report.html", context)
