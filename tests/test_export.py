"""The export a practice manager opens in a spreadsheet: names intact, no formulas, every call."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from appointments.export import EXPORT_COLUMNS, csv_safe
from appointments.models import CallAttempt, RequestAccess
from tests.helpers import make_request, practice_manager, sign_in

CHANGELIST = reverse("admin:appointments_appointmentrequest_changelist")


@pytest.fixture
def manager(db):
    user = practice_manager(name="Maria Lopez")
    return sign_in(Client(), user), user


def read_csv(response):
    """The download as a spreadsheet program gets it: bytes, byte-order mark first."""
    assert response.content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def export(client, action, *requests):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [r.pk for r in requests], "status": "all"}
    )


def records(response):
    header, *body = read_csv(response)
    return [dict(zip(header, row, strict=True)) for row in body]


def test_the_export_opens_with_non_ascii_names_intact(manager):
    client, _ = manager
    chosen = make_request(first_name="José", last_name="Nguyễn-Ångström", message="Douleur à l’épaule")
    (record,) = records(export(client, "export_csv", chosen))
    assert (record["first_name"], record["last_name"]) == ("José", "Nguyễn-Ångström")
    assert record["message"] == "Douleur à l’épaule"


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ('=HYPERLINK("http://x.test","Click")', '\'=HYPERLINK("http://x.test","Click")'),
        ("+SUM(A1:A9)", "'+SUM(A1:A9)"),
        ("-2+3", "'-2+3"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\t=1", "'\t=1"),
        ("＝1+1", "'＝1+1"),
        ("Plain text", "Plain text"),
    ],
)
def test_formula_injection_is_escaped(manager, typed, written):
    client, _ = manager
    chosen = make_request(message=typed)
    (record,) = records(export(client, "export_csv", chosen))
    assert record["message"] == written


def test_a_uk_number_keeps_its_plus_and_a_us_number_reads_as_staff_dial_it(manager):
    client, _ = manager
    london = make_request(phone="+442079460958")
    maryland = make_request(phone="+13015550111")
    by_reference = {r["reference"]: r for r in records(export(client, "export_csv", london, maryland))}
    assert by_reference[london.reference]["phone"] == "+442079460958"
    assert by_reference[maryland.reference]["phone"] == "(301) 555-0111"


def test_signed_numbers_are_values_not_formulas():
    assert csv_safe("+442079460958") == "+442079460958"
    assert csv_safe("-5") == "-5"
    assert csv_safe("+44 20 7946 0958") == "'+44 20 7946 0958"
    assert csv_safe("+1+1") == "'+1+1"


def test_the_export_has_the_first_call_the_first_reached_call_attempts_owner_and_latest_outcome(manager):
    client, user = manager
    chosen = make_request()
    first = chosen.record_call("no_answer", by=user)
    reached = chosen.record_call("reached", by=user)
    mistake = chosen.record_call("wrong_number", by=user)
    chosen.strike_call(mistake, by=user)
    chosen.assign(user, by=user)
    never_called = make_request()
    by_reference = {r["reference"]: r for r in records(export(client, "export_csv", chosen, never_called))}
    row = by_reference[chosen.reference]
    assert row["first_call_attempt"] == timezone.localtime(first.attempted_at).isoformat(timespec="seconds")
    assert row["first_reached"] == timezone.localtime(reached.attempted_at).isoformat(timespec="seconds")
    assert row["attempts"] == "2"  # the struck-out call does not count
    assert row["latest_call_outcome"] == "Reached"
    # Staff as the staff pages name them: by full name, not by username.
    assert (row["owner"], row["handled_by"]) == ("Maria Lopez", "Maria Lopez")
    empty = by_reference[never_called.reference]
    assert (empty["first_call_attempt"], empty["first_reached"], empty["attempts"]) == ("", "", "0")
    assert list(by_reference[chosen.reference]) == list(EXPORT_COLUMNS)


def test_notes_and_calls_come_as_a_second_csv_of_the_selected_requests_only(manager):
    client, user = manager
    chosen, other = make_request(), make_request()
    chosen.record_call("voicemail", by=user, note="=cmd|' /C calc'!A0")
    chosen.add_note("Prefers mornings, café downstairs", by=user)
    mistake = chosen.record_call("wrong_number", by=user)
    chosen.strike_call(mistake, by=user)
    other.add_note("Not to be exported", by=user)
    header, *rows = read_csv(export(client, "export_notes_csv", chosen))
    assert header == ["reference", "when", "kind", "by", "call_outcome", "struck_out", "text"]
    assert [(r[0], r[2], r[4], r[5], r[6]) for r in rows] == [
        (chosen.reference, "call", "Left voicemail", "", "'=cmd|' /C calc'!A0"),
        (chosen.reference, "note", "", "", "Prefers mornings, café downstairs"),
        (chosen.reference, "call", "Wrong number", "yes", ""),
    ]
    assert {r[3] for r in rows} == {"Maria Lopez"}


def test_both_exports_are_recorded_in_the_access_log(manager):
    client, user = manager
    first, second = make_request(), make_request()
    export(client, "export_csv", first, second)
    export(client, "export_notes_csv", first)
    logged = RequestAccess.objects.filter(kind="export", user=user)
    assert sorted(logged.values_list("reference", flat=True)) == sorted(
        [first.reference, second.reference, first.reference]
    )


def test_the_front_desk_cannot_export_notes_and_calls(db):
    from tests.helpers import front_desk_user

    desk = sign_in(Client(), front_desk_user())
    chosen = make_request()
    chosen.add_note("Private", by=practice_manager("someone"))
    response = export(desk, "export_notes_csv", chosen)
    assert not response.get("Content-Type", "").startswith("text/csv")
    assert not RequestAccess.objects.filter(kind="export").exists()


def busy_requests(count, user):
    requests = []
    for n in range(count):
        r = make_request(received_at=timezone.now() - timedelta(hours=n), first_name=f"Ana{n}")
        r.record_call("no_answer", by=user, note=f"Call {n}")
        r.add_note(f"Note {n}", by=user)
        r.assign(user, by=user)
        requests.append(r)
    return requests


@pytest.mark.parametrize("action", ["export_csv", "export_notes_csv"])
def test_an_export_costs_the_same_queries_for_three_requests_as_for_twelve(manager, action):
    client, user = manager
    few, many = busy_requests(3, user), busy_requests(12, user)

    def queries_for(requests):
        with CaptureQueriesContext(connection) as captured:
            response = export(client, action, *requests)
        assert response["Content-Type"].startswith("text/csv")
        return len(captured)

    assert queries_for(few) == queries_for(many)
    assert CallAttempt.objects.count() == 15
