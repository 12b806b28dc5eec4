"""One request's page: the call panel, the timeline of calls and notes, what the patient
sent; saving it, striking out a call, and opening the next request in the queue.

The call panel is one form (triage_forms.TriageForm) whose save goes through the request's
triage methods. A save refused because a colleague saved first comes back as a merge:
their change spelled out first, the person's own choices kept (render_change_form).
Opening the page holds the request for the person (a warning to colleagues, never a lock).
"""

import copy

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect, QueryDict
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from appointments.admin.triage_forms import TriageForm
from appointments.changes import changes_since
from appointments.models import AppointmentRequest, CallAttempt
from appointments.patient_fields import PATIENT_FIELDS, phone_link_for_staff
from appointments.staff import staff_date, staff_name, staff_time


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


class RequestPageMixin:
    """For the requests' ModelAdmin: a request's page, its save, and the next request."""

    form = TriageForm
    change_form_template = "admin/appointments/appointmentrequest/change_form.html"
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

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            # Opening the page holds the request (unless a colleague has it open): the
            # list and this page tell colleagues who has it.
            pk = unquote(object_id)
            if pk.isdigit() and self.has_change_permission(request):
                AppointmentRequest.objects.filter(pk=pk).hold(by=request.user)
        return super().change_view(request, object_id, form_url, extra_context)

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
