"""The front desk's workspace in Django admin: the queue, one page per request, the audit trail.

The list is the queue: requests that need action, the earliest due first, with what staff
need to work from it (phone, attempts, last call, owner, latest note, due time). A
request's page starts with a call panel: record a call, a note, a call-back time, the
status and the owner in one submit, then open the next request. The patient's own words
are read-only. Every change goes through the request's triage methods, carries the
version the person saw (so nobody overwrites a colleague), and is kept in the history.
Every view that shows a patient's field writes to the access log: one request's pages
here, the pages showing several (lists, searches, confirmations) in admin_audit.
"""

import copy
from collections import Counter, defaultdict
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect, QueryDict
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from simple_history.admin import SimpleHistoryAdmin

from appointments.admin.audit import PatientListsLoggedMixin
from appointments.admin.report_page import requests_report_view
from appointments.admin.triage_forms import BulkCloseForm, TriageForm
from appointments.changes import changes_since, readable_changes
from appointments.clinic_time import end_of_day
from appointments.export import export_notes_and_calls, export_requests
from appointments.models import (
    DUPLICATE_WINDOW,
    AppointmentRequest,
    CallAttempt,
    RequestAccess,
    StaffNote,
    StaleRequestError,
    is_reference,
)
from appointments.paging import CappedPaginator
from appointments.patient_fields import PATIENT_FIELDS, phone_link_for_staff
from appointments.search import search_requests
from appointments.staff import staff_date, staff_name, staff_names, staff_time, triage_staff
from practice.admin_mixins import ReadOnlyAdminMixin

Status = AppointmentRequest.Status
QUEUE = "queue"
# The most changes the team's day lists (a busy day at a practice is far fewer).
TEAM_ACTIVITY_ROWS = 500
NOT_REACHED = "not_reached"


class FilterWithDefault(admin.SimpleListFilter):
    """A list filter that applies ``default`` until staff choose another value (or "All")."""

    default = None

    def choices(self, changelist):
        current = self.value() or self.default
        for value, label in self.lookup_choices:
            yield {
                "selected": current == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }


class StatusFilter(FilterWithDefault):
    """The queue (new and contacted requests) unless asked otherwise.

    A search (or a look at suspected spam, which is never in the queue) covers every
    status unless one is chosen: a closed request's reference or phone number must be
    found from the default view.
    """

    title = "status"
    parameter_name = "status"
    default = QUEUE

    def lookups(self, request, model_admin):
        return [
            (QUEUE, "Needs action"),
            (NOT_REACHED, "Not reached yet"),
            ("open", "Open"),
            *Status.choices,
            ("all", "All"),
        ]

    def value(self):
        value = super().value()
        if value is None and self.searching:
            return "all"
        return value

    def __init__(self, request, params, model, model_admin):
        self.searching = bool(request.GET.get("q", "").strip()) or request.GET.get("spam") in ("yes", "all")
        super().__init__(request, params, model, model_admin)

    def queryset(self, request, queryset):
        value = self.value() or self.default
        if value == QUEUE:
            return queryset.needs_action()
        if value == NOT_REACHED:
            return queryset.not_reached()
        if value == "open":
            return queryset.open()
        if value in Status.values:
            return queryset.filter(status=value)
        return queryset


class DueFilter(admin.SimpleListFilter):
    """By due time: overdue means its due time has passed (a new request falls due one
    business day after it arrives; a call-back at the time agreed)."""

    title = "due"
    parameter_name = "due"

    def lookups(self, request, model_admin):
        return [("now", "Due now (within the hour)"), ("overdue", "Overdue"), ("today", "Due today")]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "now":
            return queryset.due_by(now + timedelta(hours=1))
        if self.value() == "overdue":
            return queryset.overdue(now)
        if self.value() == "today":
            return queryset.due_by(end_of_day(now))
        return queryset


class OwnerFilter(admin.SimpleListFilter):
    title = "owner"
    parameter_name = "owner"

    def lookups(self, request, model_admin):
        return [("me", "My queue"), ("nobody", "Nobody yet")]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.assigned_to(request.user)
        if self.value() == "nobody":
            return queryset.filter(assigned_to__isnull=True)
        return queryset


class HandledByFilter(admin.SimpleListFilter):
    """Who last acted on a request (a call, a note, a status): what a colleague handled."""

    title = "handled by"
    parameter_name = "handled_by"

    def lookups(self, request, model_admin):
        return [(str(user.pk), staff_name(user)) for user in triage_staff()]

    def queryset(self, request, queryset):
        value = self.value() or ""
        return queryset.filter(handled_by_id=value) if value.isdigit() else queryset


class LanguageFilter(admin.SimpleListFilter):
    """By the language the patient chose for calls (a Spanish form chooses Spanish)."""

    title = "language for calls"
    parameter_name = "language"

    def lookups(self, request, model_admin):
        return AppointmentRequest.Language.choices

    def queryset(self, request, queryset):
        if self.value() in AppointmentRequest.Language.values:
            return queryset.filter(preferred_language=self.value())
        return queryset


class SpamFilter(FilterWithDefault):
    """Suspected spam stays out of the way unless staff look for it."""

    title = "suspected spam"
    parameter_name = "spam"
    default = "no"

    def lookups(self, request, model_admin):
        return [("no", "Not spam"), ("yes", "Suspected spam"), ("all", "All")]

    def queryset(self, request, queryset):
        value = self.value() or self.default
        if value == "no":
            return queryset.filter(is_suspected_spam=False)
        if value == "yes":
            return queryset.filter(is_suspected_spam=True)
        return queryset


class NotifiedFilter(admin.SimpleListFilter):
    title = "staff notified"
    parameter_name = "notified"

    def lookups(self, request, model_admin):
        return [("yes", "Notified"), ("no", "Not yet notified")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(staff_notified_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(staff_notified_at__isnull=True)
        return queryset


class SameContactFilter(admin.SimpleListFilter):
    """The requests sharing a phone number or email with one request (by id, not by value)."""

    title = "same phone or email"
    parameter_name = "same_contact_as"

    def _original(self):
        if not hasattr(self, "_found"):
            value = self.value()
            self._found = (
                AppointmentRequest.objects.filter(pk=value).first() if value and value.isdigit() else None
            )
        return self._found

    def lookups(self, request, model_admin):
        original = self._original()
        return [(self.value(), f"As {original.reference}")] if original else []

    def queryset(self, request, queryset):
        original = self._original()
        if original is None:
            return queryset
        # The few ids first: "id = x OR id IN (subquery)" makes PostgreSQL read every row.
        related = AppointmentRequest.objects.related_to(original).values_list("pk", flat=True)
        return queryset.filter(pk__in=[original.pk, *related])


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


def start_of_today():
    """Midnight at the clinic, today."""
    return timezone.make_aware(datetime.combine(timezone.localdate(), time.min))


def timeline(appointment_request, viewer):
    """Calls and notes, oldest first, as the request's page lists them for ``viewer``."""
    calls = appointment_request.call_attempts.select_related("made_by", "struck_by")
    calls = calls.order_by("attempted_at", "pk")
    notes = appointment_request.notes.select_related("author").order_by("written_at", "pk")
    entries = [
        {
            "kind": "call",
            "at": call.attempted_at,
            "call": call,
            "by": staff_name(call.made_by),
            "struck_by": staff_name(call.struck_by),
            # The strike button only where it can work: the viewer's own calls.
            "can_strike": call.struck_at is None and call.made_by_id == viewer.pk,
        }
        for call in calls
    ]
    entries += [
        {"kind": "note", "at": note.written_at, "note": note, "by": staff_name(note.author)} for note in notes
    ]
    return sorted(entries, key=lambda entry: entry["at"])


def next_step(appointment_request, entries):
    """What to do next when the way to reach the patient has failed: after a wrong number
    (the latest standing call), e-mail them, or close the request when nothing is left."""
    calls = [e["call"] for e in entries if e["kind"] == "call" and e["call"].struck_at is None]
    phone_calls = [call for call in calls if call.channel == CallAttempt.Channel.PHONE]
    if not appointment_request.needs_action or not phone_calls:
        return ""
    if phone_calls[-1].outcome != CallAttempt.Outcome.WRONG_NUMBER:
        return ""
    if any(call.channel == CallAttempt.Channel.EMAIL for call in calls if call.pk > phone_calls[-1].pk):
        return ""
    if appointment_request.email:
        return (
            f"the phone number is wrong, so e-mail the patient at {appointment_request.email} "
            "and log it here as an e-mail."
        )
    return 'the phone number is wrong and there is no e-mail address: close the request as "Could not reach".'


def _patient_field_display(patient_field):
    def display(obj):
        # Empty reads as admin's empty-value mark, as for any empty field.
        return patient_field.value(obj) or admin.site.empty_value_display

    display.__name__ = f"patient_{patient_field.name}"
    display.short_description = patient_field.label
    return display


PATIENT_DISPLAYS = tuple(_patient_field_display(field) for field in PATIENT_FIELDS)


@admin.register(AppointmentRequest)
class AppointmentRequestAdmin(PatientListsLoggedMixin, SimpleHistoryAdmin):
    form = TriageForm
    change_form_template = "admin/appointments/appointmentrequest/change_form.html"
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
    actions = (
        "assign_to_me",
        "mark_contacted",
        "mark_as_spam",
        "close_requests",
        "export_csv",
        "export_notes_csv",
    )
    readonly_fields = (
        "contact_panel",
        "reference",
        "received",
        *PATIENT_DISPLAYS,
        "notification_status",
        "related_requests",
        "is_suspected_spam",
        "spam_signal",
    )
    fieldsets = (
        (
            "Call the patient",
            {
                "fields": (
                    "contact_panel",
                    "call_outcome",
                    "note",
                    "call_back_at",
                    ("new_status", "closing_outcome"),
                    "owner",
                    "seen_version",
                )
            },
        ),
        # Drawn by timeline.html, which knows who is looking (only they strike their calls).
        ("Calls and notes", {"fields": ()}),
        (
            "What the patient sent",
            {
                "description": "As the patient typed it. It cannot be changed here.",
                "fields": ("reference", "received", *PATIENT_DISPLAYS, "notification_status"),
            },
        ),
        ("Other requests from the same phone or email", {"fields": ("related_requests",)}),
        ("Spam check", {"classes": ("collapse",), "fields": ("is_suspected_spam", "spam_signal")}),
    )

    # The list.

    def get_queryset(self, request):
        # The owner and who has the request open are named on the list and on its page.
        return super().get_queryset(request).select_related("assigned_to", "held_by")

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

    # A request's page.

    @admin.display(description="contact")
    def contact_panel(self, obj):
        email = (
            format_html('<a href="mailto:{}">{}</a>', obj.email, obj.email) if obj.email else "no email given"
        )
        appointment = (
            format_html(" · Appointment: <strong>{}</strong>", staff_time(obj.appointment_at))
            if obj.appointment_at
            else ""
        )
        message = (
            format_html('<p class="patient-message">Their message: “{}”</p>', obj.message)
            if obj.message
            else ""
        )
        return format_html(
            '<p class="contact-line"><strong>{}</strong> · <a class="phone" href="{}">{}</a> · {}</p>'
            "<p>Prefers {}, {} ({}). {} · {}.</p>{}"
            "<p>Status: <strong>{}</strong>{} · {} · Owner: {}</p>",
            obj.patient_name,
            *phone_link_for_staff(obj),
            email,
            obj.get_preferred_contact_display().lower(),
            obj.get_preferred_time_display().lower(),
            obj.get_preferred_days_display(),
            obj.get_patient_type_display(),
            obj.get_reason_display(),
            message,
            obj.get_status_display(),
            appointment,
            self.due_text(obj),
            staff_name(obj.assigned_to) if obj.assigned_to else "nobody yet",
        )

    def due_text(self, obj):
        if obj.next_action_at is None:
            return "nothing due"
        when = staff_time(obj.next_action_at)
        return f"overdue since {when}" if obj.is_overdue() else f"next action due {when}"

    @admin.display(description="received")
    def received(self, obj):
        return staff_time(obj.received_at)

    @admin.display(description="staff notified")
    def notification_status(self, obj):
        if obj.is_suspected_spam:
            return "Not sent: suspected spam"
        if obj.staff_notified_at:
            return f"Sent {staff_time(obj.staff_notified_at)}"
        if not settings.STAFF_NOTIFY_EACH_REQUEST:
            return "Not sent: the practice relies on the daily digest"
        return "Not sent yet: the mail server could not be reached. It will be retried."

    @admin.display(description="other requests")
    def related_requests(self, obj):
        related = AppointmentRequest.objects.related_to(obj).order_by("-received_at")
        if not related:
            return "None in the 90 days around this request."
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a>, received {}, {}</li>',
                (
                    (
                        reverse("admin:appointments_appointmentrequest_change", args=[other.pk]),
                        other.reference,
                        staff_date(other.received_at),
                        other.get_status_display().lower(),
                    )
                    for other in related
                ),
            ),
        )

    def get_fieldsets(self, request, obj=None):
        if obj is not None and not self.has_change_permission(request, obj):
            # Read-only staff see the request, not the triage form.
            return (("Contact", {"fields": ("contact_panel",)}), *self.fieldsets[1:])
        return self.fieldsets

    def save_model(self, request, obj, form, change):
        form.apply(by=request.user)
        if "_spam" in request.POST:
            obj.mark_as_spam(by=request.user)
        elif "_genuine" in request.POST:
            obj.mark_as_genuine(by=request.user)

    def construct_change_message(self, request, form, formsets, add=False):
        return "Triage from the request's page"

    def response_change(self, request, obj):
        self.message_user(request, f"{obj} saved.", messages.SUCCESS)
        if "_next" in request.POST or "_spam" in request.POST:
            # The same rule as "take the next request": never straight back to this one.
            following = AppointmentRequest.objects.take_next_request(by=request.user, after=obj)
            return self._open_next(request, following)
        if "_continue" in request.POST or "_genuine" in request.POST:
            return HttpResponseRedirect(request.get_full_path())
        obj.release(by=request.user)
        return self.response_post_save_change(request, obj)

    def _open_next(self, request, following):
        if following is None:
            self.message_user(
                request,
                "Nothing else is due in the queue. What is left waits for its call-back time "
                "or is open with a colleague.",
                messages.INFO,
            )
            return HttpResponseRedirect(reverse("admin:appointments_appointmentrequest_changelist"))
        following_url = reverse("admin:appointments_appointmentrequest_change", args=[following.pk])
        return HttpResponseRedirect(following_url)

    def take_next_view(self, request):
        """The queue's "Take the next request": the database hands out one request each."""
        if request.method != "POST":
            raise Http404
        if not self.has_change_permission(request):
            raise PermissionDenied
        return self._open_next(request, AppointmentRequest.objects.take_next_request(by=request.user))

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

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_take_next": self.has_change_permission(request)}
        return super().changelist_view(request, extra_context)

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

    def strike_call_view(self, request, object_id):
        """Strike out one of the person's calls (a button of the call panel's form).

        Whatever else the person had typed on the page is not saved, and not lost either:
        the page comes back with it, on top of the request as it now stands.
        """
        if request.method != "POST":
            raise Http404
        appointment_request = self.get_object(request, unquote(object_id))
        if appointment_request is None or not self.has_change_permission(request, appointment_request):
            raise PermissionDenied
        call_id = request.POST.get("call", "")
        call = appointment_request.call_attempts.filter(pk=call_id).first() if call_id.isdigit() else None
        if call is None:
            raise Http404
        change_url = reverse("admin:appointments_appointmentrequest_change", args=[appointment_request.pk])
        try:
            appointment_request.strike_call(call, by=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, "The call is struck out; it stays in the record.", messages.SUCCESS)
        draft = TriageForm.draft_from(request.POST, appointment_request)
        if draft is None:
            return HttpResponseRedirect(change_url)
        self.message_user(request, "What you typed is below, not saved yet.", messages.WARNING)
        # The request's page as if opened afresh, with the draft in its form.
        page = copy.copy(request)
        page.method, page.POST, page.triage_draft = "GET", QueryDict(), draft
        return self.change_view(page, object_id, form_url=change_url)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        draft = getattr(request, "triage_draft", None)
        return type(form.__name__, (form,), {"draft": draft}) if draft else form

    # The audit trail: every view that shows a patient's field writes one row.

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            # Opening the page holds the request (unless a colleague has it open): the
            # list and this page tell colleagues who has it.
            pk = unquote(object_id)
            if pk.isdigit() and self.has_change_permission(request):
                AppointmentRequest.objects.filter(pk=pk).hold(by=request.user)
        response = super().change_view(request, object_id, form_url, extra_context)
        self._record_access(request, object_id, response)
        return response

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        stale = getattr(form, "stale", None)
        if stale is not None:
            # The refusal comes first, spelled out, instead of under admin's generic
            # "Please correct the error below." (which stays for any other mistake).
            context["colleague_changes"] = changes_since(stale.current, stale.expected_version)
            refusal = form.errors.get("seen_version")
            context["errors"] = [errors for errors in context["errors"] if errors is not refusal]
        if obj is not None:
            context["timeline"] = timeline(obj, request.user)
            context["next_step"] = next_step(obj, context["timeline"])
        holder = obj.open_with() if obj is not None else None
        if holder is not None and holder != request.user:
            context["open_with_colleague"] = {"name": staff_name(holder), "since": staff_time(obj.held_since)}
        return super().render_change_form(request, context, add, change, form_url, obj)

    def history_view(self, request, object_id, extra_context=None):
        if self.get_object(request, unquote(object_id)) is None:
            # Deleted means gone: its history is not shown to anyone (nor is an id that is
            # no request's, "abc" included).
            raise Http404
        response = super().history_view(request, object_id, extra_context)
        self._record_access(request, object_id, response, RequestAccess.Kind.HISTORY)
        return response

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            # No revert: staff change a request through the triage, never by rewinding it.
            raise PermissionDenied
        if self.get_object(request, unquote(object_id)) is None or not str(version_id).isdigit():
            raise Http404
        response = super().history_form_view(request, object_id, version_id, extra_context)
        self._record_access(request, object_id, response, RequestAccess.Kind.VERSION)
        return response

    def revert_disabled(self, request, obj=None):
        return True

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        # What staff change: the library's own diff covers only fields a plain form edits.
        records = list(historical_records)
        names = staff_names([r.handled_by_id for r in records] + [r.assigned_to_id for r in records])
        for newer, older in zip(records, records[1:], strict=False):
            newer.history_delta_changes = readable_changes(newer, older, names)

    def _record_access(self, request, object_id, response, kind=RequestAccess.Kind.PAGE):
        if response.status_code != 200:
            return
        obj = AppointmentRequest.objects.filter(pk=unquote(object_id)).first()
        if obj:
            RequestAccess.objects.create(
                appointment_request=obj, reference=obj.reference, user=request.user, kind=kind
            )

    # Bulk actions: each goes through the triage and refuses rows changed since the list was shown.

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
