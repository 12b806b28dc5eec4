"""The record of the staff's daily digests sent (appointments/digest.py writes them)."""

from django.db import models
from django.utils import timezone


class StaffDigest(models.Model):
    """The daily digest for one local day, once it has been sent: never sent twice a day."""

    day = models.DateField(unique=True)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-day"]
        verbose_name = "staff digest"

    def __str__(self):
        return f"Staff digest of {self.day}"
