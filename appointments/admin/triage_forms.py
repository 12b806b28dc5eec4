"""The forms staff fill in on a request's page and on the list: one call, one change."""

from datetime import timedelta

from django import forms
from django.utils import timezone

from appointments.models import (
    AppointmentRequest,
    CallAttempt,
    StaleRequestError,
    check_contact,
    check_status_outcome,
)
from appointments.staff import staff_name, triage_staff

Status = AppointmentRequest.Status
KEEP_STATUS = ""
# The choices the page shows as the request stands, which a person may leave as they
# are: (form field, the request's field).
DECISIONS = (
    ("new_status", "status"),
    ("closing_outcome", "outcome"),
    ("appointment_at", "appointment_at"),
    ("owner", "assigned_to_id"),
)
# What a person types for the call just made (the way they reached out is chosen for them).
TYPED = ("call_outcome", "note", "call_back_at")
LOCAL_MOMENT = "%Y-%m-%dT%H:%M"


def merged_onto(data, current, seen):
    """The form's data made to fit the request as it stands now, from the data of a page
    that showed version ``seen``: the choices the person left as the page showed them take
    the current values, what they typed or chose stays, the version becomes the current one.
    """
    shown = current.history.filter(version=seen).first() if seen else None
    merged = data.copy()
    for name, attribute in DECISIONS:
        # Left as the page showed it (or what it showed is unknown): the current value.
        if shown is None or merged.get(name, "") == _as_data(getattr(shown, attribute)):
            merged[name] = _as_data(getattr(current, attribute))
    merged["seen_version"] = str(current.version)
    return merged


def _as_data(value):
    """A request's value as the form posts it."""
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):
        return timezone.localtime(value).strftime(LOCAL_MOMENT)
    return str(value)


def moment_field(label, help_text):
    """A date and time the browser offers a picker for, in the clinic's time."""
    return forms.DateTimeField(
        label=label,
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_MOMENT),
        input_formats=[LOCAL_MOMENT, "%Y-%m-%d %H:%M"],
        help_text=help_text,
    )


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return staff_name(user)


class TriageForm(forms.ModelForm):
    """Record a call, a note, a call-back time, a status and an owner in one submit.

    Every change goes through the request's triage methods. The version of the request
    the page showed travels with the form: if a colleague saved since, nothing is
    applied and the form comes back merged: the choices the person left as they were
    show the colleague's, what they typed or chose stays, and the version is the
    current one, so sending it again applies theirs on top.
    """

    seen_version = forms.IntegerField(widget=forms.HiddenInput)
    channel = forms.ChoiceField(
        label="How",
        choices=CallAttempt.Channel.choices,
        initial=CallAttempt.Channel.PHONE,
        required=False,
        widget=forms.RadioSelect,
    )
    call_outcome = forms.ChoiceField(
        label="Outcome",
        choices=[("", "Nothing to log"), *CallAttempt.Outcome.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Added to the timeline with your name and the time. Notes are never overwritten.",
    )
    call_back_at = moment_field(
        "Call back at",
        "When the patient asked to be called, if they did. Otherwise the next call is due "
        "one business day after this one.",
    )
    new_status = forms.ChoiceField(label="Status", choices=Status.choices)
    closing_outcome = forms.ChoiceField(
        label="Outcome when closing",
        choices=[("", "---------"), *AppointmentRequest.Outcome.choices],
        required=False,
        help_text="Only when closing: why the request is closed.",
    )
    appointment_at = moment_field(
        "Appointment on", "Only when scheduling: when the patient is booked to come in."
    )
    owner = StaffChoiceField(label="Owner", queryset=triage_staff(), required=False, empty_label="Nobody yet")
    # What the person had typed when they pressed a button that saves only its own change:
    # shown again, unsaved (see draft_from).
    draft = None

    class Meta:
        model = AppointmentRequest
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = triage_staff()
        request = self.instance
        if request.pk:
            self.fields["seen_version"].initial = request.version
            self.fields["new_status"].initial = request.status
            self.fields["closing_outcome"].initial = request.outcome
            self.fields["owner"].initial = request.assigned_to_id
            self.fields["appointment_at"].initial = _as_data(request.appointment_at)
        if not self.is_bound and self.draft:
            self.initial.update(self.draft)

    def clean_channel(self):
        return self.cleaned_data["channel"] or CallAttempt.Channel.PHONE

    def clean_call_back_at(self):
        return from_now_on(self.cleaned_data["call_back_at"])

    def clean_appointment_at(self):
        moment = self.cleaned_data["appointment_at"]
        if moment is not None and moment == self.instance.appointment_at:
            return moment  # the appointment already booked, whenever it is
        return from_now_on(moment)

    def clean(self):
        cleaned = super().clean()
        closing = cleaned.get("new_status") == Status.CLOSED
        if not closing and cleaned.get("closing_outcome") == self.instance.outcome:
            # Reopening: the old outcome, still chosen on the page, goes with the old status.
            cleaned["closing_outcome"] = ""
        status = cleaned.get("new_status")
        if status:
            errors = check_status_outcome(
                status, cleaned.get("closing_outcome", ""), cleaned.get("appointment_at")
            )
            if "appointment_at" not in self.errors:
                for field, message in errors.items():
                    self.add_error("closing_outcome" if field == "outcome" else field, message)
        if cleaned.get("call_outcome") and cleaned.get("channel"):
            for message in check_contact(cleaned["channel"], cleaned["call_outcome"]).values():
                self.add_error("call_outcome", message)
        self._check_next_step_after_a_wrong_number(cleaned)
        if "seen_version" in cleaned and self.instance.pk:
            # Inside the admin's transaction: the row stays locked until this save ends.
            current = AppointmentRequest.objects.select_for_update().get(pk=self.instance.pk)
            seen = cleaned["seen_version"]
            if current.version != seen:
                self.stale = StaleRequestError(current, seen)
                self._merge_onto(current, seen)
                self.add_error("seen_version", forms.ValidationError(self.stale.describe(), code="stale"))
        return cleaned

    def _check_next_step_after_a_wrong_number(self, cleaned):
        """A wrong number and no e-mail address: no way left to reach the patient, so the
        request is closed rather than left to come back every business day."""
        wrong_number = (cleaned.get("channel"), cleaned.get("call_outcome")) == (
            CallAttempt.Channel.PHONE,
            CallAttempt.Outcome.WRONG_NUMBER,
        )
        if (
            wrong_number
            and not self.instance.email
            and cleaned.get("new_status") in (Status.NEW, Status.CONTACTED)
        ):
            self.add_error(
                "new_status",
                "The number is wrong and the patient gave no e-mail address: close the request "
                '(outcome "Could not reach"). If you misdialled, log no call.',
            )

    def _merge_onto(self, current, seen):
        """The form as it comes back after a refused save: see the class's docstring."""
        self.data = merged_onto(self.data, current, seen)

    @classmethod
    def draft_from(cls, data, current):
        """What the page should show again, unsaved, after a button that saves only its own
        change (striking out a call): what the person typed, on top of the request as it
        now stands. None when they had typed or chosen nothing."""
        seen = data.get("seen_version", "")
        merged = merged_onto(data, current, int(seen) if seen.isdigit() else None)
        decided = any(merged.get(name, "") != _as_data(getattr(current, field)) for name, field in DECISIONS)
        if not decided and not any(data.get(name) for name in TYPED):
            return None
        return {name: merged.get(name, "") for name in (*TYPED, "channel", *(name for name, _ in DECISIONS))}

    def apply(self, *, by):
        """Apply the person's change through the triage workflow (after validation)."""
        request, data = self.instance, self.cleaned_data
        expected = data["seen_version"]
        status, outcome, appointment_at = data["new_status"], data["closing_outcome"], data["appointment_at"]
        changed_status = (status, outcome) != (request.status, request.outcome) or (
            status == Status.SCHEDULED and appointment_at != request.appointment_at
        )
        if data["call_outcome"]:
            request.record_call(
                data["call_outcome"],
                by=by,
                channel=data["channel"],
                note=data["note"],
                call_back_at=data["call_back_at"],
                status=status if changed_status else None,
                close_outcome=outcome,
                appointment_at=appointment_at,
                expected_version=expected,
            )
        else:
            if data["note"]:
                request.add_note(data["note"], by=by, expected_version=expected)
            if changed_status:
                request.set_status(status, by=by, outcome=outcome, appointment_at=appointment_at)
            if data["call_back_at"]:
                request.set_next_action(data["call_back_at"], by=by)
        if data["owner"] != request.assigned_to:
            request.assign(data["owner"], by=by)


def from_now_on(moment):
    """A time staff agree with a patient is from now on (five minutes' grace for typing)."""
    if moment and moment < timezone.now() - timedelta(minutes=5):
        raise forms.ValidationError("Choose a time from now on.")
    return moment


class BulkCloseForm(forms.Form):
    """The page bulk "close" shows first: closing needs a reason, for every request."""

    outcome = forms.ChoiceField(
        label="Why are these requests closed?",
        choices=[("", "---------"), *AppointmentRequest.Outcome.choices],
    )
