"""A year of requests for `make bench-admin`, made up from a fixed seed: the same mix every run.

Patients with common and rarer names (accented ones among them), the same patient now
and then twice, a backlog of open requests older than a fortnight, calls, e-mails and
notes, history, access-log rows and the site's daily analytics, stored in bulk as the
site itself would have stored them. Django is imported inside the functions: the
benchmark configures it first (admin_pages.configure).
"""

import datetime
import random

YEAR = datetime.timedelta(days=365)
FIRST_NAMES = [
    "Maria",
    "José",
    "Zoë",
    "James",
    "Aisha",
    "Chen",
    "Olga",
    "Kwame",
    "Renée",
    "David",
    "Fatima",
    "Liam",
]
# 20 x 10 surnames, so one is about as common as a common surname is (0.5%).
LAST_NAMES = [
    root + ending
    for root in [
        "Lop",
        "Núñ",
        "Smi",
        "Oka",
        "Ngu",
        "Mül",
        "John",
        "Bro",
        "Garc",
        "Ki",
        "Pat",
        "Ander",
        "Ross",
        "Wil",
        "Mar",
        "Hern",
        "Col",
        "Rey",
        "Ob",
        "Duv",
    ]
    for ending in ["ez", "th", "for", "son", "ler", "wn", "ía", "el", "ova", "man"]
]
REFERRERS = ["www.google.com", "www.bing.com", "duckduckgo.com", "www.facebook.com", "search.yahoo.com"]
CAMPAIGNS = ["newsletter", "gbp"]
# Maria is common enough that a search for her fills a page at both sizes.
FIRST_NAME_WEIGHTS = [15] + [8] * (len(FIRST_NAMES) - 1)
EMAIL_DOMAINS = ["gmail.example", "yahoo.example", "outlook.example", "comcast.example", "verizon.example"]
STAFF = ["frontdesk", "manager", "amy", "ben", "carla"]
# New, contacted, scheduled, closed: what became of the requests older than two weeks.
# A practice that keeps up leaves almost none open; one with a backlog, one in ten.
BACKLOG_STATUS_WEIGHTS = [4, 6, 54, 36]


class Year:
    """A year of requests, newest first, drawn from a fixed seed: the same mix every run."""

    def __init__(self, total, now, seed=16):
        self.rng = random.Random(seed)  # noqa: S311 - made-up data, not secrets
        self.total = total
        self.now = now
        self.spacing = YEAR / total

    def received_at(self, index):
        return self.now - self.spacing * (index + 1) + datetime.timedelta(seconds=self.rng.randint(0, 59))


def call_time(received_at, n):
    """When the n-th change (from 0) to a request was made: every 3 hours after it came in."""
    return received_at + datetime.timedelta(hours=3 * (n + 1))


def fill(first, last, year, users):
    """Store requests ``first``..``last`` of the year (newest first) and what goes with them."""
    from django.db import transaction

    from appointments.clinic_time import (
        business_time_between,
        one_business_day_after,
        opening_hours_by_weekday,
    )
    from appointments.models import (
        AppointmentRequest,
        CallAttempt,
        RequestAccess,
        SearchKey,
        StaffNote,
        new_reference,
    )

    rng = year.rng
    hours = opening_hours_by_weekday()
    Status = AppointmentRequest.Status
    staff = [users[name] for name in STAFF]
    requests, plans = [], []
    for index in range(first, last):
        received = year.received_at(index)
        age = (year.now - received).days
        first_name, last_name = rng.choices(FIRST_NAMES, FIRST_NAME_WEIGHTS)[0], rng.choice(LAST_NAMES)
        phone = f"+1301{rng.randint(200, 999)}{rng.randint(0, 9999):04d}"
        email = (
            f"{first_name[0].lower()}.{last_name.lower()}{index}@{rng.choice(EMAIL_DOMAINS)}"
            if rng.random() < 0.8
            else ""
        )
        if requests and rng.random() < 0.05:
            # The same patient again within days: the list flags it, the request page lists it.
            earlier = requests[-rng.randint(1, min(len(requests), 20))]
            phone, email = str(earlier.phone), earlier.email.upper()
        spam = rng.random() < 0.03
        if spam:
            status = Status.NEW
        elif age < 2:
            status = rng.choices([Status.NEW, Status.CONTACTED], [75, 25])[0]
        elif age < 14:
            status = rng.choices(
                [Status.NEW, Status.CONTACTED, Status.SCHEDULED, Status.CLOSED], [5, 25, 45, 25]
            )[0]
        else:
            # A backlog: one request in ten from before the last fortnight is still open,
            # never called or never settled.
            status = rng.choices(
                [Status.NEW, Status.CONTACTED, Status.SCHEDULED, Status.CLOSED], BACKLOG_STATUS_WEIGHTS
            )[0]
        calls = 0 if status == Status.NEW or spam else rng.randint(1, 3)
        outcomes = [rng.choice(["reached", "voicemail", "no_answer", "sent"]) for _ in range(calls)]
        notes = 0 if spam else rng.choices([0, 1, 2], [55, 35, 10])[0]
        # The front desk user looks after half of what has an owner: their queue fills a page.
        owned = not spam and rng.random() < (0.4 if status == Status.NEW else 0.7)
        owner = (staff[0] if rng.random() < 0.5 else rng.choice(staff[1:])) if owned else None
        request = AppointmentRequest(
            reference=new_reference(),
            first_name=first_name,
            last_name=last_name,
            phone=phone,
            email=email,
            patient_type=rng.choice(["new", "returning"]),
            reason=rng.choice(["failed_back_surgery", "back_pain", "neck_pain", "other"]),
            message="Pain in my lower back for months, worse when sitting.",
            preferred_days="mon,wed",
            consent_to_contact=True,
            received_at=received,
            status=status,
            outcome="could_not_reach" if status == Status.CLOSED else "",
            handled_by=rng.choice(staff) if calls or notes else None,
            assigned_to=owner,
            is_suspected_spam=spam,
            spam_signal="honeypot" if spam else "",
            staff_notified_at=None if spam else received,
            version=1 + calls + notes,
            handled_at=call_time(received, calls + notes - 1) if calls or notes else None,
            appointment_at=received + datetime.timedelta(days=rng.randint(3, 40))
            if status == Status.SCHEDULED
            else None,
        )
        if status in (Status.NEW, Status.CONTACTED) and not spam:
            last_touched = received + datetime.timedelta(hours=2 * calls)
            request.next_action_at = one_business_day_after(last_touched, hours)
        # The figures logging these calls keeps (refresh_call_figures): calls come 3, 6, 9 h in.
        request.call_count = calls
        if calls:
            request.first_call_wait = business_time_between(received, call_time(received, 0), hours)
        if "reached" in outcomes:
            reached_at = call_time(received, outcomes.index("reached"))
            request.first_reached_wait = business_time_between(received, reached_at, hours)
        requests.append(request)
        plans.append((outcomes, notes))

    with transaction.atomic():
        AppointmentRequest.objects.bulk_create(requests, batch_size=2000)
        SearchKey.objects.bulk_create(
            [key for r in requests for key in SearchKey.for_request(r)], batch_size=5000
        )
        call_rows, note_rows, history_rows, access_rows = [], [], [], []
        History = AppointmentRequest.history.model
        history_fields = [
            f.attname for f in History._meta.concrete_fields if hasattr(AppointmentRequest, f.attname)
        ]
        for request, (outcomes, notes) in zip(requests, plans, strict=True):
            calls = len(outcomes)
            moments = [call_time(request.received_at, n) for n in range(calls + notes)]
            reasons = ["Call logged: No answer"] * calls + ["Note added"] * notes
            for n, outcome in enumerate(outcomes):
                call_rows.append(
                    CallAttempt(
                        appointment_request=request,
                        attempted_at=moments[n],
                        made_by=request.handled_by,
                        channel="email" if outcome == "sent" else "phone",
                        version=n + 2,
                        outcome=outcome,
                        note="Left a message with the call-back number." if n % 2 else "",
                    )
                )
            for n in range(notes):
                note_rows.append(
                    StaffNote(
                        appointment_request=request,
                        author=request.handled_by,
                        written_at=moments[calls + n],
                        version=calls + n + 2,
                        text="Asked for the referral letter; patient will fax it.",
                    )
                )
            record = {name: getattr(request, name) for name in history_fields}
            history_rows.append(
                History(
                    **{
                        **record,
                        "status": "new",
                        "assigned_to_id": None,
                        "handled_by_id": None,
                        "version": 1,
                    },
                    history_date=request.received_at,
                    history_type="+",
                )
            )
            for version, (moment, reason) in enumerate(zip(moments, reasons, strict=True), start=2):
                history_rows.append(
                    History(
                        **{**record, "version": version},
                        history_date=moment,
                        history_type="~",
                        history_user=request.handled_by,
                        history_change_reason=reason,
                        # The first change took the request from New to where it stands.
                        status_changed=version == 2 and request.status != Status.NEW,
                    )
                )
            # Every time staff worked on it they opened its page; now and then its history too.
            readers = [request.handled_by or staff[0]] * (calls + notes + 1)
            kinds = [RequestAccess.Kind.PAGE] * len(readers)
            if rng.random() < 0.1:
                readers.append(staff[1])
                kinds.append(RequestAccess.Kind.HISTORY)
            for n, (reader, kind) in enumerate(zip(readers, kinds, strict=True)):
                access_rows.append(
                    RequestAccess(
                        appointment_request=request,
                        reference=request.reference,
                        user=reader,
                        kind=kind,
                        opened_at=request.received_at + datetime.timedelta(hours=3 * n + 1),
                    )
                )
        CallAttempt.objects.bulk_create(call_rows, batch_size=2000)
        CallHistory = CallAttempt.history.model
        CallHistory.objects.bulk_create(
            [
                CallHistory(
                    **{
                        f.attname: getattr(call, f.attname)
                        for f in CallHistory._meta.concrete_fields
                        if hasattr(CallAttempt, f.attname)
                    },
                    history_date=call.attempted_at,
                    history_type="+",
                    history_user_id=call.made_by_id,
                )
                for call in call_rows
            ],
            batch_size=2000,
        )
        StaffNote.objects.bulk_create(note_rows, batch_size=2000)
        History.objects.bulk_create(history_rows, batch_size=2000)
        RequestAccess.objects.bulk_create(access_rows, batch_size=2000)
    return requests, {
        "calls": len(call_rows),
        "notes": len(note_rows),
        "history": len(history_rows),
        "access": len(access_rows),
    }


def fill_analytics(first_day, last_day, rng):
    """Daily counts for every public page from ``first_day`` to ``last_day``, as the site keeps them."""
    from django.urls import reverse

    from analytics.models import PageView, RequestOrigin, TrafficSource
    from pages import registry

    paths = [
        page.get_absolute_url() for page in (*registry.SITE_PAGES, *registry.ARTICLES, *registry.SERVICES)
    ]
    form = reverse("appointments:request")
    paths.append(form)
    views, sources, origins = [], [], []
    day = first_day
    while day <= last_day:
        for path in paths:
            views.append(
                PageView(
                    day=day, path=path, views=rng.randint(80, 160) if path == form else rng.randint(1, 60)
                )
            )
        for path in paths[:12]:
            for name in REFERRERS:
                if rng.random() < 0.5:
                    sources.append(
                        TrafficSource(
                            day=day, path=path, kind="referrer", name=name, visits=rng.randint(1, 20)
                        )
                    )
            if rng.random() < 0.1:
                sources.append(
                    TrafficSource(
                        day=day,
                        path=path,
                        kind="campaign",
                        name=rng.choice(CAMPAIGNS),
                        visits=rng.randint(1, 9),
                    )
                )
        for path in paths[:8]:
            origins.append(RequestOrigin(day=day, path=path, requests=rng.randint(1, 40)))
        day += datetime.timedelta(days=1)
    PageView.objects.bulk_create(views, batch_size=2000, ignore_conflicts=True)
    TrafficSource.objects.bulk_create(sources, batch_size=2000, ignore_conflicts=True)
    RequestOrigin.objects.bulk_create(origins, batch_size=2000, ignore_conflicts=True)
    return len(views) + len(sources) + len(origins)


def staff_users():
    from django.contrib.auth.models import Group, User

    users = {}
    for name in STAFF:
        group = "Practice manager" if name == "manager" else "Front desk"
        user = User.objects.create_user(name, password=None, is_staff=True)
        user.groups.add(Group.objects.get(name=group))
        users[name] = user
    return users
