"""The request access log in admin, for practice managers: who read which request's
patient data, on which page, and when. Read-only; the rows are written where the data is
shown (audit.py, and the CSV export)."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html

from appointments.models import RequestAccess, is_reference
from appointments.paging import CappedPaginator
from practice.admin_mixins import ReadOnlyAdminMixin


@admin.register(RequestAccess)
class RequestAccessAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: who read which request's patient data, and when."""

    list_display = ("opened_at", "user", "reference_link", "what")
    list_filter = ("opened_at", "user")
    # A reference is matched whole (see get_search_results); anything else is looked for
    # in the usernames.
    search_fields = ("user__username",)
    search_help_text = "A request's reference (all eight characters), or part of a username."
    list_select_related = ("user",)
    # The log gains a row at every view: no count of it all, no date hierarchy (which
    # reads every row's date to draw its links), filters by date and person instead.
    show_full_result_count = False
    paginator = CappedPaginator

    def get_search_results(self, request, queryset, search_term):
        # A reference through the (reference, opened_at) index: a part of one would be a
        # LIKE '%…%' over every row the log has kept. A username can look like a
        # reference too ("ssharma2"): the few users are looked up first.
        term = search_term.strip()
        if not is_reference(term):
            return super().get_search_results(request, queryset, search_term)
        readers = list(get_user_model().objects.filter(username__icontains=term).values_list("pk", flat=True))
        return queryset.filter(Q(reference=term.upper()) | Q(user__in=readers)), False

    @admin.display(description="reference", ordering="reference")
    def reference_link(self, obj):
        if obj.appointment_request_id is None:
            return f"{obj.reference} (deleted)"
        url = reverse("admin:appointments_appointmentrequest_change", args=[obj.appointment_request_id])
        return format_html('<a href="{}">{}</a>', url, obj.reference)

    @admin.display(description="what was read")
    def what(self, obj):
        return obj.get_kind_display()
