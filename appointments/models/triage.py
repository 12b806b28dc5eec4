"""The triage workflow: where a request stands, and every change staff make to it.

A request moves new -> contacted -> scheduled / closed. Status, outcome, owner, due time
and the calls and notes change only through the methods here, which ``AppointmentRequest``
has as its own (``request.record_call(...)``): admin's request page, its bulk actions and
the shell all call them. Each takes the version of the request the person was looking at
and refuses to apply a change on top of a colleague's newer one (``StaleRequestError``);
each is one version in the request's history, saying what it changed.
"""

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Min, Q
from django.utils import timezone

from appointments.clinic_time import business_time_between, one_business_day_after, opening_hours_by_weekday
from appointments.models.calls_and_notes import CallAttempt, StaffNote
from appointments.staff import staff_name, staff_time


class Status(models.TextChoices):
    """Where a request stands (``AppointmentRequest.Status``)."""

    NEW = "new", "New"
    CONTACTED = "contacted", "Contacted"
    SCHEDULED = "scheduled", "Scheduled"
    CLOSED = "closed", "Closed"


class Outcome(models.TextChoices):
    """Why a request was closed (``AppointmentRequest.Outcome``)."""

    BOOKED_ELSEWHERE = "booked_elsewhere", "Booked elsewhere"
    COULD_NOT_REACH = "could_not_reach", "Could not reach"
    NOT_A_CANDIDATE = "not_a_candidate", "Not a candidate"
    DUPLICATE = "duplicate", "Duplicate"
    OTHER = "other", "Other"


SPAM_MARKED_BY_STAFF = "marked by staff"
# What an e-mail or a text can come to: sent, or answered by the patient.
MESSAGE_OUTCOMES = ("sent", "reached")


class TriageWorkflow:
    """The methods staff's changes go through, on ``AppointmentRequest`` itself.

    Each takes the version of the request the member of staff was looking at
    (``expected_version``: None when there was no page, as in the shell) and refuses to
    apply a change on top of a colleague's newer one.
    """

    # Set by _apply_status when the status moves, until the change is saved: its version in
    # the history is marked (see request_history.mark_status_change).
    _status_changed = False

    def set_status(self, status, *, by, outcome="", appointment_at=None, expected_version=None, reason=""):
        """Move the request to ``status``: Closed needs an ``outcome``, Scheduled the
        ``appointment_at`` the patient is booked for (kept when already scheduled). The
        history says what changed, or ``reason`` when the site itself makes the change."""
        with self._locked(expected_version) as current:
            current._apply_status(status, by=by, outcome=outcome, appointment_at=appointment_at)
            current._save_change(by, reason or status_change_reason(status, outcome, current.appointment_at))
        self._take(current)

    def mark_contacted(self, *, by, expected_version=None):
        self.set_status(Status.CONTACTED, by=by, expected_version=expected_version)

    def mark_scheduled(self, *, by, appointment_at, expected_version=None):
        self.set_status(
            Status.SCHEDULED, by=by, appointment_at=appointment_at, expected_version=expected_version
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
        self.set_status(Status.CLOSED, by=by, outcome=outcome, expected_version=expected_version)

    def reopen(self, *, by, expected_version=None):
        self.set_status(Status.NEW, by=by, expected_version=expected_version)

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
            if status is None and outcome == CallAttempt.Outcome.REACHED and current.status == Status.NEW:
                status = Status.CONTACTED
            if status is not None and (
                status != current.status or status in (Status.CLOSED, Status.SCHEDULED)
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
        if status == Status.SCHEDULED:
            appointment_at = appointment_at or self.appointment_at
        errors = check_status_outcome(status, outcome, appointment_at)
        if errors:
            raise ValidationError(errors)
        if status != self.status:
            self.status_changed_at = timezone.now()
            self._status_changed = True
        self.status = status
        self.outcome = outcome
        self.appointment_at = appointment_at if status == Status.SCHEDULED else None
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
            current = type(self).objects.select_for_update().get(pk=self.pk)
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


def status_change_reason(status, outcome="", appointment_at=None):
    """What a status change says in the history: "Status: Closed (Duplicate)",
    "Status: Scheduled (appointment Tue Dec 15, 10:00)"."""
    reason = f"Status: {Status(status).label}"
    if outcome:
        reason += f" ({Outcome(outcome).label})"
    if appointment_at:
        reason += f" (appointment {staff_time(appointment_at)})"
    return reason


def check_status_outcome(status, outcome, appointment_at=None):
    """The rule for outcomes and appointments, wherever a status is set: {field: message}
    for what breaks it."""
    if status == Status.SCHEDULED and not appointment_at:
        return {"appointment_at": "Give the date and time of the appointment the patient is booked for."}
    if status == Status.CLOSED and not outcome:
        return {"outcome": "Choose why the request is being closed."}
    if status != Status.CLOSED and outcome:
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
