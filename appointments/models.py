"""Appointment requests sent by patients through the website, and their triage by staff."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.models import HistoricalRecords

# No 0/O or 1/I/L, so a reference read out over the phone is never ambiguous.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_LENGTH = 8
DUPLICATE_WINDOW = timedelta(days=90)


def new_reference():
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


class AppointmentRequestQuerySet(models.QuerySet):
    def genuine(self):
        return self.filter(is_suspected_spam=False)

    def open(self):
        return self.exclude(status=AppointmentRequest.Status.CLOSED)

    def new(self):
        return self.genuine().filter(status=AppointmentRequest.Status.NEW)

    def awaiting_staff_notification(self):
        return self.genuine().filter(staff_notified_at__isnull=True)

    def awaiting_acknowledgement(self):
        return self.genuine().filter(acknowledgement_due=True, acknowledged_at__isnull=True)

    def related_to(self, appointment_request):
        """Other genuine requests with the same phone or email within 90 days of it."""
        same_contact = Q(phone=appointment_request.phone)
        if appointment_request.email:
            same_contact |= Q(email__iexact=appointment_request.email)
        return (
            self.genuine()
            .filter(same_contact)
            .filter(
                received_at__gte=appointment_request.received_at - DUPLICATE_WINDOW,
                received_at__lte=appointment_request.received_at + DUPLICATE_WINDOW,
            )
            .exclude(pk=appointment_request.pk)
        )


class AppointmentRequest(models.Model):
    class ContactMethod(models.TextChoices):
        PHONE = "phone", "Phone"
        EMAIL = "email", "Email"

    class PatientType(models.TextChoices):
        NEW = "new", "New patient"
        RETURNING = "returning", "Returning patient"

    class Reason(models.TextChoices):
        FAILED_BACK_SURGERY = "failed_back_surgery", "Pain after back surgery"
        BACK_PAIN = "back_pain", "Other back pain"
        NECK_PAIN = "neck_pain", "Neck pain"
        OTHER = "other", "Something else"

    class Weekday(models.TextChoices):
        MONDAY = "mon", "Monday"
        TUESDAY = "tue", "Tuesday"
        WEDNESDAY = "wed", "Wednesday"
        THURSDAY = "thu", "Thursday"
        FRIDAY = "fri", "Friday"

    class TimeOfDay(models.TextChoices):
        MORNING = "morning", "Morning"
        AFTERNOON = "afternoon", "Afternoon"
        ANY = "any", "Any time"

    class Status(models.TextChoices):
        NEW = "new", "New"
        CONTACTED = "contacted", "Contacted"
        SCHEDULED = "scheduled", "Scheduled"
        CLOSED = "closed", "Closed"

    class Outcome(models.TextChoices):
        BOOKED_ELSEWHERE = "booked_elsewhere", "Booked elsewhere"
        COULD_NOT_REACH = "could_not_reach", "Could not reach"
        NOT_A_CANDIDATE = "not_a_candidate", "Not a candidate"
        DUPLICATE = "duplicate", "Duplicate"
        OTHER = "other", "Other"

    # What the patient wrote.
    reference = models.CharField(
        max_length=REFERENCE_LENGTH, unique=True, default=new_reference, editable=False
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    phone = PhoneNumberField()
    email = models.EmailField(blank=True)
    preferred_contact = models.CharField(
        "preferred contact method", max_length=10, choices=ContactMethod, default=ContactMethod.PHONE
    )
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

    # What staff record.
    status = models.CharField(max_length=10, choices=Status, default=Status.NEW)
    outcome = models.CharField(
        max_length=20, choices=Outcome, blank=True, help_text="Why the request was closed."
    )
    staff_notes = models.TextField(blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status_changed_at = models.DateTimeField(null=True, blank=True, editable=False)

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

    history = HistoricalRecords(excluded_fields=["submission_token"])

    objects = AppointmentRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["status", "received_at"], name="appt_status_received"),
            models.Index(fields=["is_suspected_spam", "received_at"], name="appt_spam_received"),
            models.Index(fields=["phone"], name="appt_phone"),
            models.Index(fields=["email"], name="appt_email"),
        ]
        permissions = [("export_appointmentrequest", "Can export appointment requests as CSV")]

    def __str__(self):
        return f"Request {self.reference}"

    @property
    def patient_name(self):
        return f"{self.first_name} {self.last_name}"

    def clean(self):
        if self.status == self.Status.CLOSED and not self.outcome:
            raise ValidationError({"outcome": "Choose why the request is being closed."})
        if self.status != self.Status.CLOSED:
            self.outcome = ""

    def get_preferred_days_display(self):
        codes = [code for code in self.preferred_days.split(",") if code]
        labels = dict(self.Weekday.choices)
        return ", ".join(labels.get(code, code) for code in codes) or "Any day"

    def is_overdue(self, now=None):
        """A new request nobody has acted on for more than one business day."""
        if self.status != self.Status.NEW:
            return False
        return self.received_at < one_business_day_before(now or timezone.now())

    def set_status(self, status, *, by, outcome=""):
        self.status = status
        self.outcome = outcome if status == self.Status.CLOSED else ""
        self.status_changed_at = timezone.now()
        self.handled_by = by
        self.save()

    def mark_contacted(self, *, by):
        self.set_status(self.Status.CONTACTED, by=by)

    def mark_scheduled(self, *, by):
        self.set_status(self.Status.SCHEDULED, by=by)

    def close(self, *, by, outcome=""):
        self.set_status(self.Status.CLOSED, by=by, outcome=outcome or self.outcome)


def one_business_day_before(moment):
    """The same time of day one weekday (Monday to Friday) earlier."""
    moment = timezone.localtime(moment) - timedelta(days=1)
    while moment.weekday() >= 5:
        moment -= timedelta(days=1)
    return moment


class CallAttempt(models.Model):
    """One call (or attempt) by staff to the patient who sent a request."""

    class Outcome(models.TextChoices):
        REACHED = "reached", "Reached"
        VOICEMAIL = "voicemail", "Left voicemail"
        NO_ANSWER = "no_answer", "No answer"
        WRONG_NUMBER = "wrong_number", "Wrong number"

    appointment_request = models.ForeignKey(
        AppointmentRequest, on_delete=models.CASCADE, related_name="call_attempts"
    )
    attempted_at = models.DateTimeField("when", default=timezone.now)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    outcome = models.CharField(max_length=20, choices=Outcome)
    note = models.CharField(max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["attempted_at"]

    def __str__(self):
        return f"{self.get_outcome_display()} at {timezone.localtime(self.attempted_at):%b %d, %H:%M}"


class RequestAccess(models.Model):
    """A staff user opened a request's detail page: who read which health data, when."""

    appointment_request = models.ForeignKey(
        AppointmentRequest, on_delete=models.SET_NULL, null=True, related_name="accesses"
    )
    # Kept when the request itself is purged, so the log still says what was opened.
    reference = models.CharField(max_length=REFERENCE_LENGTH)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = "request access"
        verbose_name_plural = "request access log"

    def __str__(self):
        return f"{self.user} opened {self.reference}"
