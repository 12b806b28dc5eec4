"""The request access log: who read which request's patient data, when, and on what page.

Written by every staff view that shows a patient's field (appointments/admin/audit.py)
and by the CSV export; read by practice managers (appointments/admin/access_log.py).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from appointments.models.request import REFERENCE_LENGTH


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
        "AppointmentRequest", on_delete=models.SET_NULL, null=True, related_name="accesses"
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
