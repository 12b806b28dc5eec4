"""The requests' admin: the front desk's workspace, assembled from one module per page.

The list is the queue: requests that need action, the earliest due first, with what staff
need to work from it (changelist.py, its filters in filters.py). A request's page starts
with a call panel: record a call, a note, a call-back time, the status and the owner in
one submit, then open the next request (request_page.py). The patient's own words are
read-only. Every change goes through the request's triage methods, carries the version
the person saw (so nobody overwrites a colleague), and is kept in the history
(history_pages.py); the list's actions do the same for several requests
(bulk_actions.py). Every view that shows a patient's field writes to the access log
(audit.py).
"""

from django.contrib import admin
from django.urls import path
from simple_history.admin import SimpleHistoryAdmin

from appointments.admin.audit import PatientDataLoggedMixin
from appointments.admin.bulk_actions import BulkActionsMixin
from appointments.admin.changelist import QueueListMixin
from appointments.admin.history_pages import HistoryPagesMixin
from appointments.admin.report_page import requests_report_view
from appointments.admin.request_page import RequestPageMixin
from appointments.models import AppointmentRequest


@admin.register(AppointmentRequest)
class AppointmentRequestAdmin(
    PatientDataLoggedMixin,
    QueueListMixin,
    RequestPageMixin,
    BulkActionsMixin,
    HistoryPagesMixin,
    SimpleHistoryAdmin,
):
    def get_queryset(self, request):
        # The owner and who has the request open are named on the list and on its page.
        return super().get_queryset(request).select_related("assigned_to", "held_by")

    # The workspace's own pages, beside admin's list, change and history pages.
    def get_urls(self):
        return [
            path(
                "activity/",
                self.admin_site.admin_view(self.team_activity_view),
                name="appointments_team_activity",
            ),
            path(
                "take-next/",
                self.admin_site.admin_view(self.take_next_view),
                name="appointments_take_next",
            ),
            path(
                "<path:object_id>/strike-call/",
                self.admin_site.admin_view(self.strike_call_view),
                name="appointments_appointmentrequest_strike_call",
            ),
            path(
                "report/",
                self.admin_site.admin_view(lambda request: requests_report_view(self, request)),
                name="appointments_requests_report",
            ),
            *super().get_urls(),
        ]
