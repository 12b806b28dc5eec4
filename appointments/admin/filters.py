"""The request list's filters: the queue by default, due times, owners, who handled what,
the language for calls, suspected spam, notification, and the same patient's requests.

Each works from its URL too (``?due=overdue``); the list's admin refuses any other lookup
typed into the URL (see changelist.QueueListMixin.lookup_allowed).
"""

from datetime import timedelta

from django.contrib import admin
from django.utils import timezone

from appointments.clinic_time import end_of_day
from appointments.models import AppointmentRequest
from appointments.staff import staff_name, triage_staff

Status = AppointmentRequest.Status
# The status filter's own choices beside the statuses: the queue (its default) and, within
# it, the requests whose patient nobody has reached yet.
QUEUE = "queue"
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
