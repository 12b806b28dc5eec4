"""Staff find a request by what they have in hand, through indexed keys rather than a scan."""

import importlib

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from appointments.models import AppointmentRequest, RequestAccess, SearchKey, is_reference
from appointments.paging import CappedPaginator
from appointments.search import key_range_end, search_keys_for, search_requests
from tests.helpers import front_desk_user, make_request, practice_manager, sign_in


@pytest.fixture
def maria(db):
    return make_request(
        first_name="María José",
        last_name="O'Brien-Núñez",
        phone="+13015550177",
        email="Maria.OBrien@Example.org",
    )


@pytest.mark.parametrize(
    "term",
    [
        "maria",
        "jose",
        "obri",
        "núñ",
        "NUNEZ",
        "maria.obrien@example.org",
        "example.org",
        "555-0177",
        "5501",  # any run of the phone's digits
        "(301) 555",
        "maria 0177",  # every word must match
    ],
)
def test_a_request_is_found_by_the_start_of_any_word_or_any_run_of_phone_digits(maria, term):
    make_request(first_name="Other", last_name="Person", phone="+12404440100", email="other@example.com")
    assert list(search_requests(AppointmentRequest.objects.all(), term)) == [maria]


@pytest.mark.parametrize("term", ["aria", "rien", "maria 0199", "zz"])
def test_a_word_that_starts_nothing_finds_nothing(maria, term):
    assert not search_requests(AppointmentRequest.objects.all(), term).exists()


def test_a_reference_is_found_from_its_start_in_any_case(maria):
    assert list(search_requests(AppointmentRequest.objects.all(), maria.reference[:5].lower())) == [maria]


def test_the_end_of_a_key_range_carries_past_z():
    assert key_range_end("nun") == "nuo"
    assert key_range_end("nuz") == "nv"
    assert key_range_end("a9") == "aa"
    assert key_range_end("zz") is None


def test_a_request_stored_gets_its_keys_once(maria):
    stored = set(SearchKey.objects.filter(appointment_request=maria).values_list("key", flat=True))
    assert stored == set(search_keys_for(maria))
    maria.reopen(by=front_desk_user())
    assert SearchKey.objects.filter(appointment_request=maria).count() == len(stored)


def test_the_migration_gives_requests_stored_before_it_the_same_keys(maria):
    migration = importlib.import_module("appointments.migrations.0008_indexes_for_a_years_requests")
    SearchKey.objects.all().delete()
    migration.fill_search_keys(apps, None)
    assert sorted(maria.search_keys.values_list("key", flat=True)) == search_keys_for(maria)


def test_the_access_log_counts_up_to_a_cap_and_says_more_than(db, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    manager = practice_manager()
    appointment_request = make_request()
    client = sign_in(Client(), manager)
    url = reverse("admin:appointments_requestaccess_changelist")

    def log(count):
        RequestAccess.objects.bulk_create(
            RequestAccess(appointment_request=appointment_request, reference="X", user=manager)
            for _ in range(count)
        )

    log(2)
    assert "2 entries" in client.get(url).content.decode()
    log(5)
    html = client.get(url).content.decode()
    assert "More than 3 entries" in html
    assert "choose a date or a person" in html


def test_a_reference_is_eight_characters_of_its_alphabet_in_any_case():
    assert is_reference("ABCD2345") and is_reference("abcd2345")
    assert not is_reference("ABCD234")  # too short
    assert not is_reference("ABCD2340")  # no 0 in references
    assert not is_reference("frontdesk")


def test_the_access_log_finds_a_whole_reference_in_any_case_and_usernames_in_part(db):
    manager, reader = practice_manager(), front_desk_user("amina")
    wanted, other = make_request(), make_request()
    for appointment_request, user in ((wanted, reader), (other, reader), (other, manager)):
        RequestAccess.objects.create(
            appointment_request=appointment_request, reference=appointment_request.reference, user=user
        )
    client = sign_in(Client(), manager)
    url = reverse("admin:appointments_requestaccess_changelist")

    def found(term):
        rows = client.get(url, {"q": term}).context["cl"].result_list
        return sorted((row.reference, row.user.username) for row in rows)

    assert found(wanted.reference.lower()) == [(wanted.reference, "amina")]
    assert found("amin") == sorted([(wanted.reference, "amina"), (other.reference, "amina")])
    assert found(wanted.reference[:5]) == []  # a part of a reference would be a scan of the log


def test_a_username_that_looks_like_a_reference_is_still_found_in_the_access_log(db):
    manager, reader = practice_manager(), front_desk_user("ssharma2")
    read = make_request()
    RequestAccess.objects.create(appointment_request=read, reference=read.reference, user=reader)
    client = sign_in(Client(), manager)
    url = reverse("admin:appointments_requestaccess_changelist")
    rows = client.get(url, {"q": "SSharma2"}).context["cl"].result_list
    assert [(row.reference, row.user.username) for row in rows] == [(read.reference, "ssharma2")]


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("Müller", "Mueller"),
        ("Müller", "Muller"),
        ("Mueller", "Müller"),
        ("Strauß", "Strauss"),
        ("Groß", "gross"),
        ("Größe", "Groesse"),
        ("Peña", "Pena"),
        ("Øvergaard", "Oevergaard"),
    ],
)
def test_a_name_is_found_however_its_letters_are_written(db, stored, typed):
    wanted = make_request(last_name=stored)
    make_request(last_name="Other")
    assert list(search_requests(AppointmentRequest.objects.all(), typed)) == [wanted]


@pytest.mark.parametrize("spaced", ["{0} {1}", "{0}-{1}", "{0} - {1}", "{0}  {1}"])
def test_a_reference_typed_in_two_parts_is_found(maria, spaced):
    typed = spaced.format(maria.reference[:4], maria.reference[4:].lower())
    make_request()
    assert list(search_requests(AppointmentRequest.objects.all(), typed)) == [maria]


def test_requests_stored_before_are_found_by_their_written_out_names_after_the_migration(db):
    migration = importlib.import_module("appointments.migrations.0016_search_keys_written_out")
    stored = make_request(first_name="Jürgen", last_name="Strauß")
    SearchKey.objects.filter(appointment_request=stored, key__in=["juergen", "strauss"]).delete()
    assert not search_requests(AppointmentRequest.objects.all(), "Juergen").exists()
    migration.add_written_out_keys(apps, None)
    assert list(search_requests(AppointmentRequest.objects.all(), "Juergen Strauss")) == [stored]
