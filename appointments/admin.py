"""Front-desk triage of appointment requests in Django admin.

Open requests come first, the longest-waiting new ones at the top. The patient's own
words are read-only; staff record status, outcome, notes and calls, and every change
is kept in the request's history. Every opening of a request is logged.
"""

import csv

import phonenumbers
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.timesince import timesince
from simple_history.admin import SimpleHistoryAdmin

from appointments.models import DUPLICATE_WINDOW, AppointmentRequest, CallAttempt, RequestAccess
from practice.admin_mixins import ReadOnlyAdminMixin

Status = AppointmentRequest.Status
STATUS_RANK = Case(
    When(status=Status.NEW, then=Value(0)),
    When(status=Status.CONTACTED, then=Value(1)),
    When(status=Status.SCHEDULED, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)

PATIENT_FIELDS = (
    "first_name",
    "last_name",
    "phone",
    "email",
    "preferred_contact",
    "patient_type",
    "reason",
    "message",
    "preferred_days_display",
    "preferred_time",
    "insurance",
    "consent_to_contact",
)


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
    """Shows open requests unless asked otherwise: closed ones are done with."""

    title = "status"
    parameter_name = "status"
    default = "open"

    def lookups(self, request, model_admin):
        return [("open", "Open"), *Status.choices, ("all", "All")]

    def queryset(self, request, queryset):
        value = self.value() or self.default
        if value == "open":
            return queryset.open()
        if value in Status.values:
            return queryset.filter(status=value)
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

    def lookups(self, request, model_admin):
        value = self.value()
        if value and value.isdigit():
            original = AppointmentRequest.objects.filter(pk=value).first()
            if original:
                return [(value, f"As {original.reference}")]
        return []

    def queryset(self, request, queryset):
        original = AppointmentRequest.objects.filter(pk=self.value()).first() if self.value() else None
        if original is None:
            return queryset
        return queryset.filter(Q(pk=original.pk) | Q(pk__in=AppointmentRequest.objects.related_to(original)))


class CallAttemptInline(admin.TabularInline):
    model = CallAttempt
    extra = 1
    fields = ("attempted_at", "outcome", "note", "made_by")
    readonly_fields = ("made_by",)
    verbose_name = "call"
    verbose_name_plural = "calls to the patient"


@admin.register(AppointmentRequest)
class AppointmentRequestAdmin(SimpleHistoryAdmin):
    list_display = (
        "reference",
        "received",
        "patient_name",
        "contact_preference",
        "reason",
        "status_display",
        "handled_by",
        "notified",
        "same_contact",
    )
    list_display_links = ("reference", "patient_name")
    list_filter = (
        StatusFilter,
        "reason",
        "patient_type",
        "received_at",
        NotifiedFilter,
        SpamFilter,
        SameContactFilter,
    )
    search_fields = ("reference", "first_name", "last_name", "phone", "email")
    search_help_text = "Search by reference, name, phone number or email."
    date_hierarchy = "received_at"
    list_select_related = ("handled_by",)
    list_per_page = 50
    # Open requests first; among them, whoever has waited longest.
    ordering = (STATUS_RANK.asc(), "received_at")
    actions = ("mark_contacted", "mark_scheduled", "mark_closed", "export_csv")
    inlines = (CallAttemptInline,)
    readonly_fields = (
        "reference",
        "received_at",
        *PATIENT_FIELDS,
        "status_changed_at",
        "notification_status",
        "is_suspected_spam",
        "spam_signal",
        "related_requests",
    )
    fieldsets = (
        (None, {"fields": ("reference", "received_at", "notification_status")}),
        (
            "What the patient sent",
            {"description": "As the patient typed it. It cannot be changed here.", "fields": PATIENT_FIELDS},
        ),
        (
            "Triage",
            {"fields": ("status", "outcome", "staff_notes", "handled_by", "status_changed_at")},
        ),
        ("Other requests from the same phone or email", {"fields": ("related_requests",)}),
        ("Spam check", {"classes": ("collapse",), "fields": ("is_suspected_spam", "spam_signal")}),
    )

    def get_queryset(self, request):
        related = (
            AppointmentRequest.objects.genuine()
            .filter(
                Q(phone=OuterRef("phone")) | (Q(email__iexact=OuterRef("email")) & ~Q(email="")),
                received_at__gte=OuterRef("received_at") - DUPLICATE_WINDOW,
                received_at__lte=OuterRef("received_at") + DUPLICATE_WINDOW,
            )
            .exclude(pk=OuterRef("pk"))
        )
        return super().get_queryset(request).annotate(has_same_contact=Exists(related))

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # Phone numbers are stored as +13015550123; staff type them any way they like.
        try:
            number = phonenumbers.parse(search_term, "US")
        except phonenumbers.NumberParseException:
            return queryset, may_have_duplicates
        if phonenumbers.is_valid_number(number):
            e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            queryset |= self.get_queryset(request).filter(phone=e164)
        return queryset, may_have_duplicates

    @admin.display(description="received", ordering="received_at")
    def received(self, obj):
        local = timezone.localtime(obj.received_at)
        return format_html("{}<br><small>{} ago</small>", f"{local:%b %d, %H:%M}", timesince(obj.received_at))

    @admin.display(description="patient", ordering="last_name")
    def patient_name(self, obj):
        return obj.patient_name

    @admin.display(description="contact by")
    def contact_preference(self, obj):
        return f"{obj.get_preferred_contact_display()}, {obj.get_preferred_time_display().lower()}"

    @admin.display(description="status", ordering=STATUS_RANK)
    def status_display(self, obj):
        if obj.is_overdue():
            return format_html(
                '{} <strong class="overdue">Waiting over 1 business day</strong>', obj.get_status_display()
            )
        return obj.get_status_display()

    @admin.display(description="notified", boolean=True)
    def notified(self, obj):
        return obj.staff_notified_at is not None

    @admin.display(description="same phone/email")
    def same_contact(self, obj):
        if not getattr(obj, "has_same_contact", False):
            return ""
        url = reverse("admin:appointments_appointmentrequest_changelist")
        return format_html('<a href="{}?same_contact_as={}&status=all">Other requests</a>', url, obj.pk)

    @admin.display(description="preferred days")
    def preferred_days_display(self, obj):
        return obj.get_preferred_days_display()

    @admin.display(description="staff notified")
    def notification_status(self, obj):
        if obj.is_suspected_spam:
            return "Not sent: suspected spam"
        if obj.staff_notified_at:
            return f"Sent {timezone.localtime(obj.staff_notified_at):%b %d, %Y %H:%M}"
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
                        f"{timezone.localtime(other.received_at):%b %d, %Y}",
                        other.get_status_display().lower(),
                    )
                    for other in related
                ),
            ),
        )

    def save_model(self, request, obj, form, change):
        if change and "status" in form.changed_data:
            obj.status_changed_at = timezone.now()
            if "handled_by" not in form.changed_data:
                obj.handled_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for call in formset.save(commit=False):
            if call.made_by_id is None:
                call.made_by = request.user
            call.save()
        for call in formset.deleted_objects:
            call.delete()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        self._record_access(request, object_id, response)
        return response

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        self._record_access(request, object_id, response)
        return response

    def _record_access(self, request, object_id, response):
        if request.method != "GET" or response.status_code != 200:
            return
        obj = AppointmentRequest.objects.filter(pk=unquote(object_id)).first()
        if obj:
            RequestAccess.objects.create(appointment_request=obj, reference=obj.reference, user=request.user)

    def _set_status(self, request, queryset, status, label):
        count = 0
        for appointment_request in queryset:
            appointment_request.set_status(
                status,
                by=request.user,
                outcome=(appointment_request.outcome or AppointmentRequest.Outcome.OTHER)
                if status == Status.CLOSED
                else "",
            )
            count += 1
        self.message_user(
            request, f"{count} request{'s' if count != 1 else ''} marked {label}.", messages.SUCCESS
        )

    @admin.action(description="Mark selected as contacted", permissions=["change"])
    def mark_contacted(self, request, queryset):
        self._set_status(request, queryset, Status.CONTACTED, "contacted")

    @admin.action(description="Mark selected as scheduled", permissions=["change"])
    def mark_scheduled(self, request, queryset):
        self._set_status(request, queryset, Status.SCHEDULED, "scheduled")

    @admin.action(description="Mark selected as closed", permissions=["change"])
    def mark_closed(self, request, queryset):
        self._set_status(request, queryset, Status.CLOSED, "closed")

    def has_export_permission(self, request):
        return request.user.has_perm("appointments.export_appointmentrequest")

    @admin.action(description="Export selected to CSV", permissions=["export"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="appointment-requests.csv"'
        writer = csv.writer(response)
        writer.writerow(EXPORT_COLUMNS)
        for appointment_request in queryset.order_by("received_at"):
            writer.writerow([csv_safe(value) for value in export_row(appointment_request)])
        return response


EXPORT_COLUMNS = (
    "reference",
    "received_at",
    "first_name",
    "last_name",
    "phone",
    "email",
    "preferred_contact",
    "patient_type",
    "reason",
    "message",
    "preferred_days",
    "preferred_time",
    "insurance",
    "status",
    "outcome",
    "handled_by",
    "status_changed_at",
)


def export_row(appointment_request):
    r = appointment_request
    return (
        r.reference,
        timezone.localtime(r.received_at).isoformat(timespec="seconds"),
        r.first_name,
        r.last_name,
        # US numbers as staff dial them; others in full (escaped below for its "+").
        r.phone.as_national if r.phone.country_code == 1 else r.phone.as_international,
        r.email,
        r.get_preferred_contact_display(),
        r.get_patient_type_display(),
        r.get_reason_display(),
        r.message,
        r.get_preferred_days_display(),
        r.get_preferred_time_display(),
        r.insurance,
        r.get_status_display(),
        r.get_outcome_display(),
        r.handled_by.get_username() if r.handled_by else "",
        timezone.localtime(r.status_changed_at).isoformat(timespec="seconds") if r.status_changed_at else "",
    )


def csv_safe(value):
    """Keep spreadsheet programs from running a cell as a formula (CSV injection)."""
    text = str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


@admin.register(RequestAccess)
class RequestAccessAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: who opened which request, and when."""

    list_display = ("opened_at", "user", "reference")
    list_filter = ("opened_at", "user")
    search_fields = ("reference", "user__username")
    date_hierarchy = "opened_at"
    list_select_related = ("user",)
