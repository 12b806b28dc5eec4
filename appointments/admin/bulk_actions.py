"""What staff do to several requests at once from the list: assign, mark contacted, mark as
spam, close (asking why first), and export to CSV (practice managers only).

Each change goes through the request's triage methods, one request at a time, and
refuses the rows a colleague changed since the list was shown.
"""

from django.contrib import admin, messages
from django.db import transaction
from django.template.response import TemplateResponse

from appointments.admin.triage_forms import BulkCloseForm
from appointments.export import export_notes_and_calls, export_requests
from appointments.models import StaleRequestError


class BulkActionsMixin:
    """For the requests' ModelAdmin: the list's actions."""

    actions = (
        "assign_to_me",
        "mark_contacted",
        "mark_as_spam",
        "close_requests",
        "export_csv",
        "export_notes_csv",
    )

    def _for_each_current(self, request, queryset, change):
        done, stale = [], []
        for appointment_request in queryset:
            seen = request.POST.get(f"seen_version_{appointment_request.pk}", "")
            try:
                with transaction.atomic():
                    change(appointment_request, int(seen) if seen.isdigit() else None)
            except StaleRequestError as error:
                stale.append(error)
            else:
                done.append(appointment_request)
        for error in stale:
            self.message_user(request, f"{error.current.reference}: {error.describe()}", messages.WARNING)
        return done

    def _report(self, request, done, label):
        if done:
            count = len(done)
            self.message_user(
                request, f"{count} request{'s' if count != 1 else ''} {label}.", messages.SUCCESS
            )

    @admin.action(description="Assign selected to me", permissions=["change"])
    def assign_to_me(self, request, queryset):
        done = self._for_each_current(
            request, queryset, lambda r, seen: r.assign(request.user, by=request.user, expected_version=seen)
        )
        self._report(request, done, "assigned to you")

    @admin.action(description="Mark selected as contacted", permissions=["change"])
    def mark_contacted(self, request, queryset):
        done = self._for_each_current(
            request, queryset, lambda r, seen: r.mark_contacted(by=request.user, expected_version=seen)
        )
        self._report(request, done, "marked contacted")

    @admin.action(description="Mark selected as spam", permissions=["change"])
    def mark_as_spam(self, request, queryset):
        """Out of the queue and the report, kept until the spam purge (scheduling is one
        request at a time: it asks for the appointment)."""
        done = self._for_each_current(
            request, queryset, lambda r, seen: r.mark_as_spam(by=request.user, expected_version=seen)
        )
        self._report(request, done, "marked as spam")

    @admin.action(description="Close selected…", permissions=["change"])
    def close_requests(self, request, queryset):
        """Closing needs a reason: an intermediate page asks for it, for all the rows chosen."""
        form = BulkCloseForm(request.POST if "outcome" in request.POST else None)
        if form.is_bound and form.is_valid():
            outcome = form.cleaned_data["outcome"]
            done = self._for_each_current(
                request,
                queryset,
                lambda r, seen: r.close(by=request.user, outcome=outcome, expected_version=seen),
            )
            self._report(request, done, "closed")
            return None
        if "outcome" in request.POST:
            self.message_user(request, "Choose why the requests are being closed.", messages.ERROR)
        context = {
            **self.admin_site.each_context(request),
            "title": "Close requests",
            "opts": self.model._meta,
            "form": form,
            "requests": queryset,
            "seen_versions": [(r.pk, request.POST.get(f"seen_version_{r.pk}", r.version)) for r in queryset],
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/appointments/appointmentrequest/close_requests.html", context)

    def has_export_permission(self, request):
        return request.user.has_perm("appointments.export_appointmentrequest")

    @admin.action(description="Export selected to CSV", permissions=["export"])
    def export_csv(self, request, queryset):
        return export_requests(queryset, request.user)

    @admin.action(description="Export notes and calls of selected to CSV", permissions=["export"])
    def export_notes_csv(self, request, queryset):
        return export_notes_and_calls(queryset, request.user)
