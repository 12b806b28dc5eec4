from django import template

from appointments.models import AppointmentRequest

register = template.Library()


@register.inclusion_tag("admin/appointments/new_requests_summary.html", takes_context=True)
def new_requests_summary(context):
    """How many new requests wait, for staff allowed to see them."""
    user = context["request"].user
    if not user.has_perm("appointments.view_appointmentrequest"):
        return {"show": False}
    return {"show": True, "count": AppointmentRequest.objects.new().count()}
