"""An appointment request: what the patient sent, what staff record, and who has it open.

The request's triage workflow (its statuses and the methods that change them) is in
triage.py, which the model takes its methods from; the rest of this package holds what
hangs off a request (see its __init__).
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from appointments.clinic_time import one_business_day_after
from appointments.models.queue import NO_HOLD, AppointmentRequestQuerySet
from appointments.models.request_history import RequestHistory, StatusChangeMark
from appointments.models.search_keys import SearchKey
from appointments.models.triage import Outcome, Status, TriageWorkflow

# No 0/O or 1/I/L, so a reference read out over the phone is never ambiguous.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_LENGTH = 8


def new_reference():
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def is_reference(text):
    """Whether ``text`` could be a request's reference, in any case."""
    return len(text) == REFERENCE_LENGTH and all(char in REFERENCE_ALPHABET for char in text.upper())


class AppointmentRequest(TriageWorkflow, models.Model):
    """A patient's request for an appointment, and where staff have got with it.

    What the patient sent never changes. What staff record changes only through the
    triage methods (set_status, record_call, strike_call, assign, add_note...), which are
    in triage.py; which requests are in the queue is the QuerySet's (queue.py).
    """

    class ContactMethod(models.TextChoices):
        PHONE = "phone", _("Phone")
        EMAIL = "email", _("Email")

    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        SPANISH = "es", _("Spanish")
        OTHER = "other", _("Another language")

    class PatientType(models.TextChoices):
        NEW = "new", _("New patient")
        RETURNING = "returning", _("Returning patient")

    class Reason(models.TextChoices):
        FAILED_BACK_SURGERY = "failed_back_surgery", _("Pain after back surgery")
        BACK_PAIN = "back_pain", _("Other back pain")
        NECK_PAIN = "neck_pain", _("Neck pain")
        OTHER = "other", _("Something else")

    class Weekday(models.TextChoices):
        MONDAY = "mon", _("Monday")
        TUESDAY = "tue", _("Tuesday")
        WEDNESDAY = "wed", _("Wednesday")
        THURSDAY = "thu", _("Thursday")
        FRIDAY = "fri", _("Friday")

    class TimeOfDay(models.TextChoices):
        MORNING = "morning", _("Morning")
        AFTERNOON = "afternoon", _("Afternoon")
        ANY = "any", _("Any time")

    # Where the request stands and why it was closed: the triage's (triage.py).
    Status = Status
    Outcome = Outcome

    # What the patient wrote.
    reference = models.CharField(
        max_length=REFERENCE_LENGTH, unique=True, default=new_reference, editable=False
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    phone = PhoneNumberField()
    # The number is stored in E.164, which has no room for an extension: what the patient
    # typed after it ("ext. 12", "x12") is kept here, set from the parsed number by the form.
    phone_extension = models.CharField(max_length=20, blank=True, editable=False)
    email = models.EmailField(blank=True)
    preferred_contact = models.CharField(
        "preferred contact method", max_length=10, choices=ContactMethod, default=ContactMethod.PHONE
    )
    # The language of the form the patient sent (the page's, from its URL), and the one they
    # chose for calls (with its name when neither English nor Spanish): staff see both, and
    # the acknowledgement is written in the one the patient reads.
    language = models.CharField(
        "language of the form", max_length=5, choices=Language, default=Language.ENGLISH, editable=False
    )
    preferred_language = models.CharField(
        "language for calls", max_length=5, choices=Language, default=Language.ENGLISH
    )
    other_language = models.CharField("other language for calls", max_length=40, blank=True)
    patient_type = models.CharField("new or returning", max_length=10, choices=PatientType)
    reason = models.CharField("reason for the visit", max_length=30, choices=Reason)
    message = models.TextField(max_length=1000, blank=True)
    # Weekday codes separated by commas, in weekday order; empty means any day.
    preferred_days = models.CharField(max_length=30, blank=True)
    preferred_time = models.CharField(
        "preferred time of day", max_length=10, choices=TimeOfDay, default=TimeOfDay.ANY
    )
    insurance = models.CharField(max_length=100, blank=True)
    consent_to_contact = models.BooleanField(default=False)
    received_at = models.DateTimeField(default=timezone.now, editable=False)

    # What staff record. Changed only through the triage methods (triage.py).
    status = models.CharField(max_length=10, choices=Status, default=Status.NEW, editable=False)
    outcome = models.CharField(
        max_length=20, choices=Outcome, blank=True, editable=False, help_text="Why the request was closed."
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        help_text="Who last acted on the request.",
    )
    handled_at = models.DateTimeField(null=True, blank=True, editable=False)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name="owner",
        help_text="Who looks after the request until it is scheduled or closed.",
    )
    # When staff should act next: one business day after the request arrives, after a
    # call that did not settle it, or the call-back time agreed. Empty once nothing is
    # owed (scheduled, closed, suspected spam), so the queue is "not empty, earliest first".
    next_action_at = models.DateTimeField("next action due", null=True, blank=True, editable=False)
    status_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When a scheduled patient is booked to come in: asked for whenever a request is
    # scheduled, and gone when it leaves Scheduled.
    appointment_at = models.DateTimeField("appointment", null=True, blank=True, editable=False)
    # Days from the request to its appointment, for the requests report (derived, so kept
    # out of the history, like the call figures below).
    days_to_appointment = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # Goes up by one with every staff change: a page that shows an older version cannot
    # overwrite what a colleague saved since (see StaleRequestError).
    version = models.PositiveIntegerField(default=1, editable=False)
    # Who has the request open, since when, and until when unless they open or save it
    # again: a warning to colleagues, never a lock (a patient on the phone cannot wait).
    # Kept out of the history and the version, so opening a page never makes a
    # colleague's page stale.
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name="open with",
    )
    held_since = models.DateTimeField(null=True, blank=True, editable=False)
    held_until = models.DateTimeField(null=True, blank=True, editable=False)

    # Kept by the site itself.
    is_suspected_spam = models.BooleanField("suspected spam", default=False, editable=False)
    spam_signal = models.CharField(max_length=20, blank=True, editable=False)
    # A one-time value from the form the patient filled in: a second submission of the
    # same form (a double click, a resent POST) finds the first request instead.
    # NULL, not "", when absent: many requests may lack one, and "" would clash as unique.
    submission_token = models.CharField(  # noqa: DJ001
        max_length=64, unique=True, null=True, editable=False
    )
    staff_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    acknowledgement_due = models.BooleanField(default=False, editable=False)
    acknowledged_at = models.DateTimeField(null=True, blank=True, editable=False)

    # Figures the requests report adds up, worked out again whenever a call is logged or
    # struck out (refresh_call_figures), so a month of requests is summed in the database
    # rather than by reading every call. Waits count business hours: the clinic's opening
    # hours as set when the request's calls were last logged or struck out. Derived from
    # the calls, so kept out of the history.
    call_count = models.PositiveIntegerField("calls", default=0, editable=False)
    first_call_wait = models.DurationField(
        null=True,
        blank=True,
        editable=False,
        help_text="Business hours until the first attempt (a call, an e-mail or a text).",
    )
    first_reached_wait = models.DurationField(
        null=True,
        blank=True,
        editable=False,
        help_text="Business hours until the first call that reached the patient.",
    )

    history = RequestHistory(
        excluded_fields=[
            "submission_token",
            "call_count",
            "first_call_wait",
            "first_reached_wait",
            "days_to_appointment",
            "held_by",
            "held_since",
            "held_until",
        ],
        bases=[StatusChangeMark],
    )

    objects = AppointmentRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["status", "received_at"], name="appt_status_received"),
            models.Index(fields=["is_suspected_spam", "received_at"], name="appt_spam_received"),
            models.Index(fields=["phone"], name="appt_phone"),
            models.Index(fields=["email"], name="appt_email"),
            models.Index(Lower("email"), name="appt_email_lower"),
            models.Index(
                fields=["next_action_at", "received_at", "assigned_to"],
                name="appt_queue",
                condition=Q(next_action_at__isnull=False),
            ),
            models.Index(fields=["received_at", "id"], name="appt_newest"),
            # "Not reached yet": counted on the admin home and listed earliest due first
            # from this index alone, however large a backlog.
            models.Index(
                fields=["next_action_at", "received_at"],
                name="appt_not_reached",
                condition=Q(next_action_at__isnull=False, first_reached_wait__isnull=True),
            ),
            models.Index(fields=["assigned_to", "next_action_at"], name="appt_owner_queue"),
            # Every column the requests report counts, so it reads a period from this
            # index alone (see migration 0009).
            models.Index(
                fields=[
                    "received_at",
                    "is_suspected_spam",
                    "status",
                    "outcome",
                    "reason",
                    "patient_type",
                    "preferred_language",
                    "call_count",
                    "next_action_at",
                    "first_call_wait",
                    "first_reached_wait",
                    "days_to_appointment",
                ],
                name="appt_report",
            ),
        ]
        permissions = [
            ("export_appointmentrequest", "Can export appointment requests as CSV"),
            ("view_requests_report", "Can see the requests report"),
        ]

    def __str__(self):
        return f"Request {self.reference}"

    def save(self, *args, **kwargs):
        if self._state.adding and self.next_action_at is None and self.needs_action:
            # The practice promises a call within one business day.
            self.next_action_at = one_business_day_after(self.received_at)
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding:
            # What the patient sent never changes, so neither do the keys it is found by.
            SearchKey.objects.bulk_create(SearchKey.for_request(self))

    @property
    def patient_name(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def calls_in(self):
        """The language for calls as staff read it: "Calls in Spanish", "Calls in Amharic"."""
        if self.preferred_language == self.Language.OTHER:
            return f"Calls in {self.other_language or 'another language'}"
        return f"Calls in {self.get_preferred_language_display()}"

    @property
    def reads_language(self):
        """The language to write to the patient in: the one they chose for calls when the
        site speaks it, otherwise the one of the form they sent."""
        if self.preferred_language in (self.Language.ENGLISH, self.Language.SPANISH):
            return self.preferred_language
        return self.language

    @property
    def needs_action(self):
        return not self.is_suspected_spam and self.status in (self.Status.NEW, self.Status.CONTACTED)

    def get_preferred_days_display(self):
        codes = [code for code in self.preferred_days.split(",") if code]
        labels = dict(self.Weekday.choices)
        return ", ".join(str(labels.get(code, code)) for code in codes) or "Any day"

    def is_overdue(self, now=None):
        """Staff should have acted by now: the due time has passed."""
        return self.next_action_at is not None and self.next_action_at < (now or timezone.now())

    # The soft hold: who has the request open. It changes no version and no history.

    def open_with(self, now=None):
        """Who has the request open now (None when nobody does, or their hold has ended)."""
        if self.held_by_id is None or self.held_until <= (now or timezone.now()):
            return None
        return self.held_by

    def hold(self, *, by, now=None):
        """Note that ``by`` has the request open (see AppointmentRequestQuerySet.hold)."""
        AppointmentRequest.objects.filter(pk=self.pk).hold(by=by, now=now)
        self._refresh_hold()

    def release(self, *, by):
        """``by`` has left the request: their hold ends now (a colleague's stays)."""
        AppointmentRequest.objects.filter(pk=self.pk, held_by=by).update(**NO_HOLD)
        self._refresh_hold()

    def _refresh_hold(self):
        self.refresh_from_db(fields=list(NO_HOLD))
