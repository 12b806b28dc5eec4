"""The front desk's daily digest: how many requests are not reached yet, overdue, due today
and whose (counted as the workspace's summary counts them).

Counts only: no patient's name, no reference, nothing a patient wrote, so it is safe in
any inbox. Sent at most once per local day, however often the command runs: the day is
recorded (StaffDigest) in the same transaction as the sending, so a mail server that
fails leaves the day unrecorded and the next run tries again.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from appointments import clinic_time
from appointments.models import AppointmentRequest, StaffDigest
from appointments.report import NOBODY, count_by, counts_by_owner
from appointments.staff import staff_names


@dataclass(frozen=True)
class DigestCounts:
    not_reached: int
    overdue: int
    due_today: int
    # (owner's full name or NOBODY, requests in the queue), most first, nobody last.
    waiting_for: tuple

    @property
    def unassigned(self):
        return dict(self.waiting_for).get(NOBODY, 0)


def digest_counts(now):
    queue = AppointmentRequest.objects.needs_action()
    by_owner = count_by(queue, "assigned_to")
    # Most first, as in the report, but the unowned ones last: they read as "still to share out".
    owners = sorted(counts_by_owner(by_owner, staff_names(by_owner)), key=lambda item: item[0] == NOBODY)
    return DigestCounts(
        not_reached=queue.not_reached().count(),
        overdue=queue.overdue(now).count(),
        due_today=queue.due_by(clinic_time.end_of_day(now)).count(),
        waiting_for=tuple(owners),
    )


def digest_recipients():
    return settings.STAFF_DIGEST_EMAILS or settings.STAFF_NOTIFICATION_EMAILS


def compose_digest(now):
    """(subject, body) of the digest at ``now``."""
    counts = digest_counts(now)
    day = clinic_time.today(now)
    subject = (
        f"Appointment requests, {day:%a %b} {day.day}: "
        f"{counts.not_reached} not reached yet, {counts.overdue} overdue"
    )
    body = render_to_string(
        "emails/staff_digest.txt",
        {"counts": counts, "day": day, "admin_url": settings.SITE_URL + reverse("admin:index")},
    )
    return subject, body


def send_staff_digest(now=None):
    """Send today's digest unless it has been sent; True if sent now, False if already sent.

    A failing mail server raises (SMTPException or OSError) and leaves the day unsent.
    """
    now = now or timezone.now()
    subject, body = compose_digest(now)
    try:
        with transaction.atomic():
            # The unique day is the lock: a second run, even a simultaneous one, stops here.
            StaffDigest.objects.create(day=clinic_time.today(now), sent_at=now)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, digest_recipients())
    except IntegrityError:
        return False
    return True
