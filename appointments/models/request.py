"""Appointment requests sent by patients through the website, and their triage by staff."""

import secrets
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import Case, Count, F, Min, Q, Value, When
from django.db.models.functions import Lower
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from appointments.clinic_time import business_time_between, one_business_day_after, opening_hours_by_weekday
from appointments.staff import staff_name, staff_time
from appointments.text import KEY_LENGTH, search_keys_for

# No 0/O or 1/I/L, so a reference read out over the phone is never ambiguous.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_LENGTH = 8
DUPLICATE_WINDOW = timedelta(days=90)
# A request open with someone is held for them this long after they last opened or saved
# it, then the hold ends by itself: someone who went to lunch holds nothing.
HOLD_TIME = timedelta(minutes=10)
# "Take the next request" does not hand people back what they handled this recently: a
# call-back agreed for later today is not theirs again straight away.
JUST_HANDLED = timedelta(minutes=30)
NO_HOLD = {"held_by": None, "held_since": None, "held_until": None}
SPAM_MARKED_BY_STAFF = "marked by staff"
# What an e-mail or a text can come to: sent, or answered by the patient.
MESSAGE_OUTCOMES = ("sent", "reached")


def new_reference():
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def is_reference(text):
    """Whether ``text`` could be a request's reference, in any case."""
    return len(text) == REFERENCE_LENGTH and all(char in REFERENCE_ALPHABET for char in text.upper())


class AppointmentRequestQuerySet(models.QuerySet):
    def genuine(self):
        return self.filter(is_suspected_spam=False)

    def open(self):
        return self.exclude(status=AppointmentRequest.Status.CLOSED)

    def needs_action(self):
        """Genuine requests staff still have to act on (new or contacted): the queue."""
        return self.filter(next_action_at__isnull=False)

    def not_reached(self):
        """In the queue, and no call that reached the patient stands (struck ones do not count)."""
        return self.needs_action().filter(first_reached_wait__isnull=True)

    def overdue(self, now=None):
        return self.filter(next_action_at__lt=now or timezone.now())

    def due_by(self, moment):
        return self.filter(next_action_at__lte=moment)

    def assigned_to(self, user):
        return self.filter(assigned_to=user)

    def not_held_by_others(self, user, now):
        """Requests nobody but ``user`` has open (no hold, an ended one, or their own)."""
        return self.filter(Q(held_by__isnull=True) | Q(held_until__lte=now) | Q(held_by=user))

    def ready_for(self, user, now=None):
        """What "take the next request" may hand ``user``, the earliest due first.

        In the queue, and either due now or not tried yet (a call-back agreed for later
        waits for its time); nobody else's (owner) and not open with a colleague; not
        what ``user`` handled in the last half hour.
        """
        now = now or timezone.now()
        return (
            self.needs_action()
            .filter(Q(next_action_at__lte=now) | Q(call_count=0))
            .filter(Q(assigned_to__isnull=True) | Q(assigned_to=user))
            .not_held_by_others(user, now)
            .exclude(handled_by=user, handled_at__gt=now - JUST_HANDLED)
            .order_by("next_action_at", "received_at", "pk")
        )

    def hold(self, *, by, now=None):
        """Note that ``by`` has these requests (one, a page) open, and let go of any other.

        A colleague's hold stays theirs: whoever opens a request second is warned, and may
        still work on it, but the first person keeps the hold until it ends.
        """
        now = now or timezone.now()
        # Two statements, no transaction: for a moment the person holds nothing, which is
        # all a colleague could see.
        AppointmentRequest.objects.filter(held_by=by).exclude(pk__in=self.values("pk")).update(**NO_HOLD)
        self.not_held_by_others(by, now).update(
            held_by=by,
            # Since when: kept while the person's hold lasts, so the list says since when.
            held_since=Case(
                When(held_by=by, held_until__gt=now, then=F("held_since")),
                default=Value(now, output_field=models.DateTimeField()),
            ),
            held_until=now + HOLD_TIME,
        )

    def take_next_request(self, *, by, after=None, now=None):
        """Hold the next request ready for ``by`` and return it (None when nothing is).

        The database decides, so two people pressing "take the next request" at the same
        moment get two different requests: PostgreSQL locks the chosen row and skips rows
        a colleague's choice has locked (FOR UPDATE SKIP LOCKED); SQLite, which has no row
        locks, runs one writing transaction at a time. Either way the hold is one
        conditional UPDATE on the hold's columns, which fails if someone holds the row.
        Whatever ``by`` held before is let go: a person has one request open at a time.
        ``after`` is the request they just saved, never handed straight back.
        """
        now = now or timezone.now()
        candidates = AppointmentRequest.objects.ready_for(by, now)
        if after is not None:
            candidates = candidates.exclude(pk=after.pk)
        hold = {"held_by": by, "held_since": now, "held_until": now + HOLD_TIME}
        with transaction.atomic():
            AppointmentRequest.objects.filter(held_by=by).update(**NO_HOLD)
            if connection.features.has_select_for_update_skip_locked:
                chosen = candidates.select_for_update(skip_locked=True).values_list("pk", flat=True).first()
            else:
                # This transaction began IMMEDIATE (settings): nobody else writes until it ends.
                chosen = candidates.values_list("pk", flat=True).first()
            # Held only if nobody holds it now: the conditional UPDATE is the last word.
            if chosen is None or not (
                AppointmentRequest.objects.filter(pk=chosen).not_held_by_others(by, now).update(**hold)
            ):
                return None
            return AppointmentRequest.objects.get(pk=chosen)

    def new(self):
        return self.genuine().filter(status=AppointmentRequest.Status.NEW)

    def awaiting_staff_notification(self):
        return self.genuine().filter(staff_notified_at__isnull=True)

    def awaiting_acknowledgement(self):
        return self.genuine().filter(acknowledgement_due=True, acknowledged_at__isnull=True)

    def sharing_contact_with(self, phones, emails, received_from=None, received_to=None):
        """Genuine requests with one of these phones or emails (any case), received in the
        window when one is given.

        The one statement of the same-contact rule: the request page lists these for one
        request, and the list flags the rows of the page it shows.
        """
        same_contact = Q(phone__in=list(phones))
        if emails:
            same_contact |= Q(email_lower__in=[email.lower() for email in emails if email])
        window = {}
        if received_from is not None:
            window["received_at__gte"] = received_from
        if received_to is not None:
            window["received_at__lte"] = received_to
        return self.genuine().alias(email_lower=Lower("email")).filter(same_contact, **window)

    def related_to(self, appointment_request):
        """Other genuine requests with the same phone or email within 90 days of it."""
        r = appointment_request
        return self.sharing_contact_with(
            [r.phone],
            [r.email] if r.email else [],
            r.received_at - DUPLICATE_WINDOW,
            r.received_at + DUPLICATE_WINDOW,
        ).exclude(pk=r.pk)


class StatusChangeMark(models.Model):
    """What each version in a request's history adds: whether that change moved the status.

    The requests report counts each person's status changes in a period from the versions
    of that period alone, instead of comparing every version with the one before it.
    """

    status_changed = models.BooleanField(default=False, editable=False)

    class Meta:
        abstract = True


class RequestHistory(HistoricalRecords):
    """A request's history, indexed for the requests report's count of status changes."""

    def get_meta_options(self, model):
        options = super().get_meta_options(model)
        # The versions that moved a status, by when and who: the report counts a period's
        # from this index alone, not from every version of the period.
        options["indexes"] = [
            *options.get("indexes", ()),
            models.Index(
                fields=["history_date", "history_user"],
                condition=Q(status_changed=True),
                name="history_status_changes",
            ),
        ]
        return options


class AppointmentRequest(models.Model):
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

    # What staff record. Changed only through the triage methods below.
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

    # Set by _apply_status when the status moves, until the change is saved: its version in
    # the history is marked (see mark_status_change).
    _status_changed = False

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

    # The triage workflow. Each method takes the version of the request the member of
    # staff was looking at (None when there was no page, as in the shell) and refuses
    # to apply a change on top of a colleague's newer one.

    def set_status(self, status, *, by, outcome="", appointment_at=None, expected_version=None, reason=""):
        """Move the request to ``status``: Closed needs an ``outcome``, Scheduled the
        ``appointment_at`` the patient is booked for (kept when already scheduled). The
        history says what changed, or ``reason`` when the site itself makes the change."""
        with self._locked(expected_version) as current:
            current._apply_status(status, by=by, outcome=outcome, appointment_at=appointment_at)
            current._save_change(by, reason or status_change_reason(status, outcome, current.appointment_at))
        self._take(current)

    def mark_contacted(self, *, by, expected_version=None):
        self.set_status(self.Status.CONTACTED, by=by, expected_version=expected_version)

    def mark_scheduled(self, *, by, appointment_at, expected_version=None):
        self.set_status(
            self.Status.SCHEDULED, by=by, appointment_at=appointment_at, expected_version=expected_version
        )

    def mark_as_spam(self, *, by, expected_version=None):
        """Spam after all (an advert, a test): out of the queue and the report, and purged
        with the suspected spam (APPOINTMENT_SPAM_RETENTION_DAYS after it arrived)."""
        with self._locked(expected_version) as current:
            current.is_suspected_spam, current.spam_signal = True, SPAM_MARKED_BY_STAFF
            current.next_action_at = None
            current.handled_by, current.handled_at = by, timezone.now()
            current._save_change(by, "Marked as spam")
        self._take(current)

    def mark_as_genuine(self, *, by, expected_version=None):
        """Not spam after all: back in the queue, due now, if it still needs action."""
        with self._locked(expected_version) as current:
            current.is_suspected_spam, current.spam_signal = False, ""
            if current.needs_action:
                current.next_action_at = timezone.now()
            current.handled_by, current.handled_at = by, timezone.now()
            current._save_change(by, "Not spam after all")
        self._take(current)

    def close(self, *, by, outcome, expected_version=None):
        self.set_status(self.Status.CLOSED, by=by, outcome=outcome, expected_version=expected_version)

    def reopen(self, *, by, expected_version=None):
        self.set_status(self.Status.NEW, by=by, expected_version=expected_version)

    def assign(self, user, *, by, expected_version=None):
        """Give the request an owner (or none)."""
        with self._locked(expected_version) as current:
            current.assigned_to = user
            current._save_change(by, f"Owner: {staff_name(user)}" if user else "Owner removed")
        self._take(current)

    def add_note(self, text, *, by, expected_version=None):
        with self._locked(expected_version) as current:
            note = StaffNote.objects.create(
                appointment_request=current, author=by, text=text, version=current.version + 1
            )
            current.handled_by, current.handled_at = by, timezone.now()
            current._save_change(by, "Note added")
        self._take(current)
        return note

    def record_call(
        self,
        outcome,
        *,
        by,
        channel="phone",
        note="",
        call_back_at=None,
        status=None,
        close_outcome="",
        appointment_at=None,
        expected_version=None,
    ):
        """Log one attempt to reach the patient (a call, an e-mail or a text) and move the
        request on, in one change.

        An attempt is progress whatever its outcome: staff now handle the request, and the
        next action falls due at the call-back time agreed, or one business day later. A
        wrong number with an e-mail address to try is due again now: the next step is to
        e-mail. Reaching the patient moves a new request to Contacted unless staff chose
        a status.
        """
        errors = check_contact(channel, outcome)
        if errors:
            raise ValidationError(errors)
        with self._locked(expected_version) as current:
            call = CallAttempt.objects.create(
                appointment_request=current,
                channel=channel,
                outcome=outcome,
                made_by=by,
                note=note,
                version=current.version + 1,
            )
            if (
                status is None
                and outcome == CallAttempt.Outcome.REACHED
                and current.status == self.Status.NEW
            ):
                status = self.Status.CONTACTED
            if status is not None and (
                status != current.status or status in (self.Status.CLOSED, self.Status.SCHEDULED)
            ):
                current._apply_status(status, by=by, outcome=close_outcome, appointment_at=appointment_at)
            else:
                current.handled_by, current.handled_at = by, timezone.now()
            if current.needs_action:
                current.next_action_at = call_back_at or (
                    call.attempted_at
                    if outcome == CallAttempt.Outcome.WRONG_NUMBER and current.email
                    else one_business_day_after(call.attempted_at)
                )
            current.refresh_call_figures()
            current._save_change(by, f"{call.get_channel_display()} logged: {call.get_outcome_display()}")
        self._take(current)
        return call

    def strike_call(self, call, *, by, expected_version=None):
        """Strike out a call logged by mistake: kept, shown struck, counted no more.

        What the call changed is undone: the status (and outcome) and the due time go
        back to what they were before it, each unless someone has changed it since.
        """
        if call.made_by_id != by.pk:
            raise ValidationError("Only the person who logged a call can strike it out.")
        with self._locked(expected_version) as current:
            if not CallAttempt.objects.filter(pk=call.pk, struck_at__isnull=True).update(
                struck_at=timezone.now(), struck_by=by
            ):
                raise ValidationError("This call is already struck out.")
            undone = current._undo_call(call, by=by)
            current.refresh_call_figures()
            current._save_change(by, "; ".join([f"Call struck out: {call.get_outcome_display()}", *undone]))
        self._take(current)

    def _undo_call(self, call, *, by):
        """Put back what ``call`` changed, where nobody changed it since; says what went back."""
        if not call.version:
            return []  # logged before calls knew their version: nothing to compare with
        versions = {r.version: r for r in self.history.filter(version__in=[call.version - 1, call.version])}
        before, after = versions.get(call.version - 1), versions.get(call.version)
        if before is None or after is None:
            return []
        undone = []
        due_kept = self.next_action_at == after.next_action_at != before.next_action_at
        standing = ("status", "outcome", "appointment_at")
        status_kept = all(getattr(self, name) == getattr(after, name) for name in standing)
        if status_kept and any(getattr(before, name) != getattr(after, name) for name in standing):
            self._apply_status(
                before.status, by=by, outcome=before.outcome, appointment_at=before.appointment_at
            )
            undone.append(f"status back to {self.get_status_display()}")
        if due_kept and self.needs_action:
            self.next_action_at = before.next_action_at or timezone.now()
            undone.append(f"due again {staff_time(self.next_action_at)}")
        return undone

    def set_next_action(self, moment, *, by, expected_version=None):
        """Agree when to act next (a call-back time), while the request still needs action."""
        with self._locked(expected_version) as current:
            if current.needs_action:
                current.next_action_at = moment
                current.handled_by, current.handled_at = by, timezone.now()
                current._save_change(by, f"Next action due {staff_time(moment)}")
        self._take(current)

    def refresh_call_figures(self, opening_hours=None):
        """Count the request's calls (struck-out ones left out) and how long, in business
        hours, it waited for the first and for the first that reached the patient. Sets
        the fields; the caller saves them. ``opening_hours`` as (days, opens, closes)
        groups; the clinic's own by default."""
        figures = self.call_attempts.filter(struck_at__isnull=True).aggregate(
            count=Count("id"),
            first_call_at=Min("attempted_at"),
            first_reached_at=Min("attempted_at", filter=Q(outcome=CallAttempt.Outcome.REACHED)),
        )
        hours = opening_hours_by_weekday(opening_hours)
        self.call_count = figures["count"]
        self.first_call_wait, self.first_reached_wait = (
            None if moment is None else business_time_between(self.received_at, moment, hours)
            for moment in (figures["first_call_at"], figures["first_reached_at"])
        )

    def _apply_status(self, status, *, by, outcome, appointment_at=None):
        if status == self.Status.SCHEDULED:
            appointment_at = appointment_at or self.appointment_at
        errors = check_status_outcome(status, outcome, appointment_at)
        if errors:
            raise ValidationError(errors)
        if status != self.status:
            self.status_changed_at = timezone.now()
            self._status_changed = True
        self.status = status
        self.outcome = outcome
        self.appointment_at = appointment_at if status == self.Status.SCHEDULED else None
        self.days_to_appointment = (
            (timezone.localdate(self.appointment_at) - timezone.localdate(self.received_at)).days
            if self.appointment_at
            else None
        )
        self.handled_by, self.handled_at = by, timezone.now()
        if not self.needs_action:
            self.next_action_at = None
        elif self.next_action_at is None:
            self.next_action_at = timezone.now()

    @contextmanager
    def _locked(self, expected_version):
        with transaction.atomic():
            current = AppointmentRequest.objects.select_for_update().get(pk=self.pk)
            if expected_version is not None and current.version != expected_version:
                raise StaleRequestError(current, expected_version)
            yield current

    def _save_change(self, by, reason):
        self.version += 1
        self._history_user = by
        self._change_reason = reason
        self.save()
        self._status_changed = False

    def _take(self, current):
        for field in self._meta.concrete_fields:
            setattr(self, field.attname, getattr(current, field.attname))


@receiver(pre_create_historical_record)
def mark_status_change(sender, instance, history_instance, **kwargs):
    if isinstance(instance, AppointmentRequest):
        history_instance.status_changed = instance._status_changed


def status_change_reason(status, outcome="", appointment_at=None):
    """What a status change says in the history: "Status: Closed (Duplicate)",
    "Status: Scheduled (appointment Tue Dec 15, 10:00)"."""
    reason = f"Status: {AppointmentRequest.Status(status).label}"
    if outcome:
        reason += f" ({AppointmentRequest.Outcome(outcome).label})"
    if appointment_at:
        reason += f" (appointment {staff_time(appointment_at)})"
    return reason


def check_status_outcome(status, outcome, appointment_at=None):
    """The rule for outcomes and appointments, wherever a status is set: {field: message}
    for what breaks it."""
    if status == AppointmentRequest.Status.SCHEDULED and not appointment_at:
        return {"appointment_at": "Give the date and time of the appointment the patient is booked for."}
    if status == AppointmentRequest.Status.CLOSED and not outcome:
        return {"outcome": "Choose why the request is being closed."}
    if status != AppointmentRequest.Status.CLOSED and outcome:
        return {"outcome": "An outcome is only for closing a request: choose the status Closed too."}
    return {}


def check_contact(channel, outcome):
    """Which outcomes go with which way of reaching the patient: {field: message}."""
    if channel == CallAttempt.Channel.PHONE and outcome == CallAttempt.Outcome.SENT:
        return {"call_outcome": "A call is not sent: choose what happened, or choose E-mail or Text message."}
    if channel != CallAttempt.Channel.PHONE and outcome not in MESSAGE_OUTCOMES:
        return {"call_outcome": "An e-mail or a text is Message sent, or Reached when the patient answered."}
    return {}


class StaleRequestError(Exception):
    """A colleague changed the request since this version was shown."""

    def __init__(self, current, expected_version):
        self.current = current
        self.expected_version = expected_version
        super().__init__(f"{current} changed since version {expected_version}")

    def describe(self):
        """Who changed what since the version the person saw, in one sentence for staff."""
        newer = self.current.history.filter(version__gt=self.expected_version).select_related("history_user")
        people = sorted({staff_name(record.history_user) for record in newer if record.history_user})
        changes = [record.history_change_reason for record in reversed(newer) if record.history_change_reason]
        who = ", ".join(people) or "someone else"
        what = "; ".join(changes) or "details of the request"
        return (
            f"{who} changed this request while you had it open ({what}). "
            "Nothing of yours was saved: check their change, then send yours again."
        )


class CallAttempt(models.Model):
    """One attempt by staff to reach the patient who sent a request: a call, an e-mail or
    a text message.

    Logged through ``AppointmentRequest.record_call`` and never edited: a call logged by
    mistake is struck out by the person who logged it, and stays in the record.
    """

    class Channel(models.TextChoices):
        PHONE = "phone", "Call"
        EMAIL = "email", "E-mail"
        TEXT = "text", "Text message"

    class Outcome(models.TextChoices):
        REACHED = "reached", "Reached"
        VOICEMAIL = "voicemail", "Left voicemail"
        NO_ANSWER = "no_answer", "No answer"
        WRONG_NUMBER = "wrong_number", "Wrong number"
        SENT = "sent", "Message sent"

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
    channel = models.CharField("how", max_length=10, choices=Channel, default=Channel.PHONE)
    outcome = models.CharField(max_length=20, choices=Outcome)
    note = models.TextField(max_length=2000, blank=True)
    struck_at = models.DateTimeField(null=True, blank=True, editable=False)
    struck_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    # The request's version the call was saved with: a colleague whose save is refused is
    # shown the calls saved since the version their page showed.
    version = models.PositiveIntegerField(null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["attempted_at"]
        indexes = [
            models.Index(fields=["appointment_request", "attempted_at"], name="call_request_when"),
            models.Index(fields=["attempted_at", "made_by", "struck_at"], name="call_when_by"),
        ]

    def __str__(self):
        return (
            f"{self.get_channel_display()}: {self.get_outcome_display()} at {staff_time(self.attempted_at)}"
        )


class StaffNote(models.Model):
    """A note by staff on a request: appended with its author and time, never overwritten."""

    appointment_request = models.ForeignKey(
        AppointmentRequest, on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)
    text = models.TextField(max_length=2000)
    # The request's version the note was saved with (as for a call).
    version = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["written_at"]
        indexes = [models.Index(fields=["appointment_request", "written_at"], name="note_request_when")]

    def __str__(self):
        return f"Note of {staff_time(self.written_at)}"


class RequestAccess(models.Model):
    """A staff user read a request's patient data: who, which request, when, and how.

    A page that shows several requests (a list, a search) writes one row for each, all
    with the same time.
    """

    class Kind(models.TextChoices):
        PAGE = "page", "Request page"
        HISTORY = "history", "History"
        VERSION = "version", "Past version"
        EXPORT = "export", "CSV export"
        LIST = "list", "Request list"
        SEARCH = "search", "Search results"
        RELATED = "related", "Same phone or email"
        CLOSE = "close", "Close selected"
        DELETE = "delete", "Delete confirmation"

    appointment_request = models.ForeignKey(
        AppointmentRequest, on_delete=models.SET_NULL, null=True, related_name="accesses"
    )
    # Kept when the request itself is purged, so the log still says what was opened.
    reference = models.CharField(max_length=REFERENCE_LENGTH)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.PAGE)

    class Meta:
        ordering = ["-opened_at"]
        indexes = [
            models.Index(fields=["user", "opened_at"], name="access_user_when"),
            models.Index(fields=["reference", "opened_at"], name="access_reference_when"),
        ]
        verbose_name = "request access"
        verbose_name_plural = "request access log"

    def __str__(self):
        return f"{self.user} read {self.reference} ({self.get_kind_display()})"

    @classmethod
    def record(cls, user, appointment_requests, kind):
        """One row per request shown (or exported), all with the same time, in one statement."""
        now = timezone.now()
        cls.objects.bulk_create(
            cls(appointment_request=r, reference=r.reference, user=user, opened_at=now, kind=kind)
            for r in appointment_requests
        )


class SearchKey(models.Model):
    """One key a request is found by (see appointments.text.search_keys_for).

    Searching is a range of this table's index ("keys starting with nun"), never a scan
    of every request: its cost does not grow with the number of requests stored.
    """

    appointment_request = models.ForeignKey(
        AppointmentRequest, on_delete=models.CASCADE, related_name="search_keys"
    )
    key = models.CharField(max_length=KEY_LENGTH)

    class Meta:
        indexes = [models.Index(fields=["key", "appointment_request"], name="search_key_request")]

    def __str__(self):
        # The key itself is part of a name, a phone or an email: admin's delete
        # confirmation lists every search key by this.
        return f"Search key {self.pk}"

    @classmethod
    def for_request(cls, appointment_request):
        return [
            cls(appointment_request=appointment_request, key=key)
            for key in search_keys_for(appointment_request)
        ]


class StaffDigest(models.Model):
    """The daily digest for one local day, once it has been sent: never sent twice a day."""

    day = models.DateField(unique=True)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-day"]
        verbose_name = "staff digest"

    def __str__(self):
        return f"Staff digest of {self.day}"
