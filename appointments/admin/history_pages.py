"""What happened to requests: a request's history and its past versions, and what the team
did today. Read-only: revert is off, since staff change a request through the triage,
never by rewinding it; a deleted request has no history to show.
"""

from collections import Counter
from datetime import datetime, time

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone

from appointments.changes import readable_changes
from appointments.models import AppointmentRequest
from appointments.staff import staff_name, staff_names, staff_time

# The most changes the team's day lists (a busy day at a practice is far fewer).
TEAM_ACTIVITY_ROWS = 500


def start_of_today():
    """Midnight at the clinic, today."""
    return timezone.make_aware(datetime.combine(timezone.localdate(), time.min))


class HistoryPagesMixin:
    """For the requests' ModelAdmin: its history pages and the team's day."""

    def history_view(self, request, object_id, extra_context=None):
        if self.get_object(request, unquote(object_id)) is None:
            # Deleted means gone: its history is not shown to anyone (nor is an id that is
            # no request's, "abc" included).
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            # No revert: staff change a request through the triage, never by rewinding it.
            raise PermissionDenied
        if self.get_object(request, unquote(object_id)) is None or not str(version_id).isdigit():
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return True

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        # What staff change: the library's own diff covers only fields a plain form edits.
        records = list(historical_records)
        names = staff_names([r.handled_by_id for r in records] + [r.assigned_to_id for r in records])
        for newer, older in zip(records, records[1:], strict=False):
            newer.history_delta_changes = readable_changes(newer, older, names)

    def team_activity_view(self, request):
        """What the team did today: who changed which request, and how, newest first.

        References and the history's change reasons only: no patient's name or words,
        so reading it is no read of patient data.
        """
        if not self.has_view_permission(request):
            raise PermissionDenied
        changes = (
            AppointmentRequest.history.filter(history_date__gte=start_of_today(), history_user__isnull=False)
            .select_related("history_user")
            .order_by("-history_date", "-history_id")[:TEAM_ACTIVITY_ROWS]
        )
        rows = [
            {
                "when": staff_time(change.history_date),
                "who": staff_name(change.history_user),
                "reference": change.reference,
                "request_id": change.id,
                "what": change.history_change_reason or "Details of the request",
            }
            for change in changes
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": "What the team did today",
            "opts": self.model._meta,
            "rows": rows,
            "by_person": Counter(row["who"] for row in rows).most_common(),
            "capped": len(rows) == TEAM_ACTIVITY_ROWS,
        }
        return TemplateResponse(request, "admin/appointments/appointmentrequest/team_activity.html", context)
