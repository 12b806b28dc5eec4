"""The request list (the queue): its columns, ordering, search and the figures each row
shows, worked out for the rows of the page alone.

The list's filters are in filters.py; what it writes to the access log, in audit.py.
"""

from collections import defaultdict

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from appointments.admin.filters import (
    NOT_REACHED,
    QUEUE,
    DueFilter,
    HandledByFilter,
    LanguageFilter,
    NotifiedFilter,
    OwnerFilter,
    SameContactFilter,
    SpamFilter,
    StatusFilter,
)
from appointments.models import DUPLICATE_WINDOW, AppointmentRequest, CallAttempt, StaffNote
from appointments.patient_fields import phone_link_for_staff
from appointments.search import search_requests
from appointments.staff import staff_name, staff_time


class QueueChangeList(ChangeList):
    """Works out the per-row figures for the rows of the page shown, and no others.

    Attempts, the last call, the latest note and the same-contact flag are read in one
    query each for the page's rows, so the list costs the same at 500 requests as at
    50,000.
    """

    def get_results(self, request):
        super().get_results(request)
        rows = list(self.result_list)
        if rows:
            annotate_page(rows)


def annotate_page(rows):
    ids = [row.pk for row in rows]
    attempts, last_calls, latest_notes = defaultdict(int), {}, {}
    # The page's standing calls, oldest first: how many, the last, and the last with a note.
    calls = CallAttempt.objects.filter(appointment_request_id__in=ids, struck_at__isnull=True)
    for call in calls.order_by("attempted_at", "pk"):
        attempts[call.appointment_request_id] += 1
        last_calls[call.appointment_request_id] = call
        if call.note:
            latest_notes[call.appointment_request_id] = (call.attempted_at, call.note)
    for note in StaffNote.objects.filter(appointment_request_id__in=ids).order_by("written_at", "pk"):
        earlier = latest_notes.get(note.appointment_request_id)
        if earlier is None or earlier[0] <= note.written_at:
            latest_notes[note.appointment_request_id] = (note.written_at, note.text)
    same_contact = same_contact_ids(rows)
    for row in rows:
        row.attempts = attempts[row.pk]
        row.last_call = last_calls.get(row.pk)
        row.latest_note = latest_notes.get(row.pk, (None, ""))[1]
        row.has_same_contact = row.pk in same_contact


def same_contact_ids(rows):
    """Which of these requests share a phone or email with another within 90 days."""
    phones = {row.phone for row in rows}
    emails = {row.email.lower() for row in rows if row.email}
    candidates = defaultdict(list)
    # No date window in the query: the rows of a page can span a year, and a window that
    # wide leads the database to read every request in it instead of using the phone
    # and email indexes. A patient's other requests are few; the window is applied below.
    for other in AppointmentRequest.objects.sharing_contact_with(phones, emails).values(
        "pk", "phone", "email", "received_at"
    ):
        candidates[("phone", str(other["phone"]))].append(other)
        if other["email"]:
            candidates[("email", other["email"].lower())].append(other)
    flagged = set()
    for row in rows:
        keys = [("phone", str(row.phone))] + ([("email", row.email.lower())] if row.email else [])
        for key in keys:
            if any(
                other["pk"] != row.pk and abs(other["received_at"] - row.received_at) <= DUPLICATE_WINDOW
                for other in candidates[key]
            ):
                flagged.add(row.pk)
    return flagged


class QueueListMixin:
    """For the requests' ModelAdmin: the list page."""

    list_display = (
        "reference",
        "patient_name",
        "phone_link",
        "status_display",
        "due",
        "attempts",
        "last_call",
        "owner",
        "latest_note",
        "same_contact",
    )
    list_display_links = ("reference", "patient_name")
    list_filter = (
        StatusFilter,
        DueFilter,
        OwnerFilter,
        HandledByFilter,
        LanguageFilter,
        "reason",
        "patient_type",
        NotifiedFilter,
        SpamFilter,
        SameContactFilter,
    )
    # The search itself is search_requests(): accents, partial phone digits, references.
    search_fields = ("reference",)
    search_help_text = (
        "Search by the start of a name (accents optional: Müller, Muller or Mueller), email or "
        "reference (with or without spaces), or any part of the phone number. Looks in every status."
    )
    list_select_related = ("assigned_to", "held_by")
    list_per_page = 50
    # An empty cell stays empty (a card on a phone then leaves the line out).
    empty_value_display = ""
    # A count of every row in the table is not worth its cost on a big table.
    show_full_result_count = False

    def get_changelist(self, request, **kwargs):
        return QueueChangeList

    def get_ordering(self, request):
        status = request.GET.get("status")
        searching = request.GET.get("q") or request.GET.get("spam") in ("yes", "all")
        if (status in (None, QUEUE) and not searching) or status in ("open", NOT_REACHED):
            return ("next_action_at", "received_at")
        return ("-received_at",)

    def get_search_results(self, request, queryset, search_term):
        return search_requests(queryset, search_term), False

    def lookup_allowed(self, lookup, value, request=None):
        # Only the filters the page offers: a regex or any other lookup typed into the
        # URL is refused (Django answers 400), never run.
        offered = {item.parameter_name for item in self.list_filter if isinstance(item, type)}
        return lookup in offered | {"reason", "reason__exact", "patient_type", "patient_type__exact"}

    @admin.display(description="patient", ordering="last_name")
    def patient_name(self, obj):
        # Whoever calls should know before dialling which language to speak.
        if obj.preferred_language == AppointmentRequest.Language.ENGLISH:
            return obj.patient_name
        return format_html('{}<br><small class="calls-in">{}</small>', obj.patient_name, obj.calls_in)

    @admin.display(description="phone")
    def phone_link(self, obj):
        return format_html('<a href="{}">{}</a>', *phone_link_for_staff(obj))

    @admin.display(description="status", ordering="status")
    def status_display(self, obj):
        holder = obj.open_with()
        if holder is None:
            return obj.get_status_display()
        return format_html(
            '{}<br><small class="open-with">Open with {} since {}</small>',
            obj.get_status_display(),
            staff_name(holder),
            staff_time(obj.held_since),
        )

    @admin.display(description="due", ordering="next_action_at")
    def due(self, obj):
        if obj.appointment_at is not None:
            return format_html("Appointment<br>{}", staff_time(obj.appointment_at))
        if obj.next_action_at is None:
            return ""
        when = staff_time(obj.next_action_at)
        if obj.is_overdue():
            return format_html('<strong class="overdue">Overdue</strong><br>{}', when)
        return when

    @admin.display(description="attempts")
    def attempts(self, obj):
        return getattr(obj, "attempts", 0)

    @admin.display(description="last call")
    def last_call(self, obj):
        call = getattr(obj, "last_call", None)
        if call is None:
            return ""
        what = call.get_outcome_display()
        if call.channel != CallAttempt.Channel.PHONE:
            what = f"{call.get_channel_display()}: {what}"
        return format_html("{}<br><small>{}</small>", what, staff_time(call.attempted_at))

    @admin.display(description="owner", ordering="assigned_to__username")
    def owner(self, obj):
        return staff_name(obj.assigned_to) if obj.assigned_to else ""

    @admin.display(description="latest note")
    def latest_note(self, obj):
        """The latest note, whether written on its own or with a call."""
        return Truncator(getattr(obj, "latest_note", "")).chars(60)

    @admin.display(description="same phone/email")
    def same_contact(self, obj):
        if not getattr(obj, "has_same_contact", False):
            return ""
        url = reverse("admin:appointments_appointmentrequest_changelist")
        return format_html(
            '<a class="same-contact" href="{}?same_contact_as={}&amp;status=all">Other requests</a>',
            url,
            obj.pk,
        )

    def action_checkbox(self, obj):
        # The version each row showed travels with a bulk action, so a stale row is refused.
        return format_html(
            '{}<input type="hidden" name="seen_version_{}" value="{}">',
            super().action_checkbox(obj),
            obj.pk,
            obj.version,
        )

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_take_next": self.has_change_permission(request)}
        return super().changelist_view(request, extra_context)
