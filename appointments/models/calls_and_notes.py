"""What staff did to reach the patient of a request (``CallAttempt``), and the notes they
wrote on it (``StaffNote``): the request page's timeline. Both are made through the
request's triage methods (triage.py), never edited afterwards."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from appointments.staff import staff_time


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
        "AppointmentRequest", on_delete=models.CASCADE, related_name="call_attempts"
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
        "AppointmentRequest", on_delete=models.CASCADE, related_name="notes"
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
