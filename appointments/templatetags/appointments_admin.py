from django import template
from django.utils import timezone

from appointments.admin.report_page import can_see_report
from appointments.clinic_time import end_of_day
from appointments.models import AppointmentRequest
from appointments.staff import staff_name, staff_time

register = template.Library()
register.filter("staff_time", staff_time)
register.filter("staff_name", staff_name)


@register.inclusion_tag("admin/appointments/new_requests_summary.html", takes_context=True)
def new_requests_summary(context):
    """The front desk's day at a glance: not reached yet, overdue, due today and mine, each a
    link to the list."""
    user = context["request"].user
    if not user.has_perm("appointments.view_appointmentrequest"):
        return {"show": False}
    now = timezone.now()
    queue = AppointmentRequest.objects.needs_action()
    return {
        "show": True,
        "can_take_next": user.has_perm("appointments.change_appointmentrequest"),
        "counts": [
            ("not-reached", "Not reached yet", queue.not_reached().count(), "status=not_reached"),
            ("overdue", "Overdue", queue.overdue(now).count(), "due=overdue"),
            ("today", "Due today", queue.due_by(end_of_day(now)).count(), "due=today"),
            ("mine", "In my queue", queue.assigned_to(user).count(), "owner=me"),
        ],
    }


@register.inclusion_tag("admin/appointments/manager_reports.html", takes_context=True)
def manager_reports(context):
    """Links to the managers' reports, for those allowed to see them."""
    user = context["request"].user
    return {
        "show_requests_report": can_see_report(user),
        "show_site_analytics": user.has_perm("analytics.view_site_analytics"),
    }
