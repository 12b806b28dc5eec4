"""Which requests: ``AppointmentRequest.objects``.

The queue (requests that need action, the earliest due first) and its filters, the soft
holds that say who has a request open, "take the next request" (the database decides who
gets which), the requests still owed an e-mail, and those sharing a patient's phone or
email.
"""

from datetime import timedelta

from django.db import connection, models, transaction
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Lower
from django.utils import timezone

from appointments.models.triage import Status

# Requests from the same phone or email this close together are likely the same patient's.
DUPLICATE_WINDOW = timedelta(days=90)
# A request open with someone is held for them this long after they last opened or saved
# it, then the hold ends by itself: someone who went to lunch holds nothing.
HOLD_TIME = timedelta(minutes=10)
# "Take the next request" does not hand people back what they handled this recently: a
# call-back agreed for later today is not theirs again straight away.
JUST_HANDLED = timedelta(minutes=30)
NO_HOLD = {"held_by": None, "held_since": None, "held_until": None}


class AppointmentRequestQuerySet(models.QuerySet):
    def genuine(self):
        return self.filter(is_suspected_spam=False)

    def open(self):
        return self.exclude(status=Status.CLOSED)

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
        self.model.objects.filter(held_by=by).exclude(pk__in=self.values("pk")).update(**NO_HOLD)
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
        candidates = self.model.objects.ready_for(by, now)
        if after is not None:
            candidates = candidates.exclude(pk=after.pk)
        hold = {"held_by": by, "held_since": now, "held_until": now + HOLD_TIME}
        with transaction.atomic():
            self.model.objects.filter(held_by=by).update(**NO_HOLD)
            if connection.features.has_select_for_update_skip_locked:
                chosen = candidates.select_for_update(skip_locked=True).values_list("pk", flat=True).first()
            else:
                # This transaction began IMMEDIATE (settings): nobody else writes until it ends.
                chosen = candidates.values_list("pk", flat=True).first()
            # Held only if nobody holds it now: the conditional UPDATE is the last word.
            if chosen is None or not (
                self.model.objects.filter(pk=chosen).not_held_by_others(by, now).update(**hold)
            ):
                return None
            return self.model.objects.get(pk=chosen)

    def new(self):
        return self.genuine().filter(status=Status.NEW)

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
