"""Every staff page that shows a patient's name, phone, email or words writes the access log:
lists and searches too, one row per request shown, saying which page it was."""

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.test import Client
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse

from appointments.models import RequestAccess
from tests.helpers import front_desk_user, make_request, practice_manager, sign_in

CHANGELIST = reverse("admin:appointments_appointmentrequest_changelist")
# What the requests below hold that only their patient should be known by.
PATIENT_WORDS = ("maria", "lopez", "5550199", "maria@example.com", "acme", "operation")

pytestmark = pytest.mark.django_db


@pytest.fixture
def maria():
    return make_request(
        first_name="Maria",
        last_name="Lopez",
        phone="+13015550199",
        email="maria@example.com",
        insurance="Acme Health",
        message="Pain came back after my operation.",
    )


def read(user, kind):
    """The references ``user`` was logged reading, for one kind of page."""
    return sorted(RequestAccess.objects.filter(user=user, kind=kind).values_list("reference", flat=True))


def test_the_list_and_each_search_write_a_row_for_every_request_they_show(maria):
    other = make_request(first_name="Omar")
    desk = front_desk_user()
    client = sign_in(Client(), desk)

    assert "Lopez" in client.get(CHANGELIST).content.decode()
    assert read(desk, "list") == sorted([maria.reference, other.reference])
    for term in ("lopez", "maria@example.com", "0199"):
        page = client.get(CHANGELIST, {"q": term}).content.decode()
        assert "Lopez" in page and other.reference not in page
    assert read(desk, "search") == [maria.reference] * 3
    # A search that shows nobody writes nothing.
    client.get(CHANGELIST, {"q": "nobody-by-that-name"})
    assert RequestAccess.objects.count() == 5


def test_the_same_phone_or_email_list_writes_what_it_showed(maria):
    again = make_request(first_name="Maria", last_name="Lopez", phone="+13015550199")
    make_request(first_name="Omar")
    desk = front_desk_user()
    client = sign_in(Client(), desk)
    page = client.get(CHANGELIST, {"same_contact_as": maria.pk, "status": "all"})
    assert "Lopez" in page.content.decode()
    assert read(desk, "related") == sorted([maria.reference, again.reference])


def test_the_close_selected_page_writes_the_requests_it_names(maria):
    desk = front_desk_user()
    client = sign_in(Client(), desk)
    page = client.post(CHANGELIST, {"action": "close_requests", "_selected_action": [maria.pk]})
    assert "Maria Lopez" in page.content.decode()
    assert read(desk, "close") == [maria.reference]


def test_delete_confirmations_write_the_log_and_print_no_patient_data(maria):
    manager = practice_manager()
    client = sign_in(Client(), manager)
    pages = [
        client.get(reverse("admin:appointments_appointmentrequest_delete", args=[maria.pk])),
        client.post(CHANGELIST, {"action": "delete_selected", "_selected_action": [maria.pk]}),
    ]
    for page in pages:
        assert page.status_code == 200
        html = page.content.decode().lower()
        assert maria.reference.lower() in html
        assert not [word for word in PATIENT_WORDS if word in html]
    assert read(manager, "delete") == [maria.reference] * 2


def test_admin_autocomplete_finds_no_request_by_a_patients_name_or_phone(maria):
    client = sign_in(Client(), practice_manager())
    for term in ("lopez", "0199"):
        response = client.get(
            reverse("admin:autocomplete"),
            {
                "app_label": "appointments",
                "model_name": "requestaccess",
                "field_name": "appointment_request",
                "term": term,
            },
        )
        assert response.status_code == 404
        assert maria.reference not in response.content.decode()
    # What the request list's own search finds, it logs.
    assert maria.reference in client.get(CHANGELIST, {"q": "lopez"}).content.decode()


def test_no_stored_row_of_the_requests_app_names_its_patient_in_its_text(maria):
    desk = front_desk_user()
    maria.record_call("reached", by=desk, note="Maria Lopez asked about her operation")
    maria.add_note("Lopez: Acme Health needs a referral", by=desk)
    RequestAccess.objects.create(appointment_request=maria, reference=maria.reference, user=desk)
    for model in apps.get_app_config("appointments").get_models():
        for row in model._default_manager.all():
            text = str(row).lower()
            assert not [word for word in PATIENT_WORDS if word in text], (model.__name__, text)


def test_the_access_log_lists_each_kind_of_page_for_the_practice_manager(maria):
    desk = front_desk_user()
    client = sign_in(Client(), desk)
    client.get(CHANGELIST)
    client.get(CHANGELIST, {"q": "lopez"})
    log = sign_in(Client(), practice_manager()).get(
        reverse("admin:appointments_requestaccess_changelist"), {"q": maria.reference}
    )
    html = log.content.decode()
    assert "Request list" in html and "Search results" in html
    assert maria.reference in html


def admin_url_names(patterns, namespace=""):
    """Every named URL under ``patterns``, with its namespace ("admin:...")."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from admin_url_names(pattern.url_patterns, inner)
        elif pattern.name:
            yield namespace + pattern.name


def test_every_admin_page_that_shows_a_patients_details_writes_the_log(maria):
    """Walks admin's URLs, so that a page added later cannot show a patient unlogged."""
    desk = front_desk_user()
    maria.record_call("reached", by=desk, note="Called back")
    version = maria.history.first()
    owner = User.objects.create_superuser("owner", "owner@clinic.test", "an-owner-password-for-tests")
    client = sign_in(Client(), owner)
    showing = []
    for name in sorted(set(admin_url_names(get_resolver().url_patterns))):
        if not name.startswith("admin:"):
            continue
        for args in ([], [maria.pk], [maria.pk, version.history_id]):
            try:
                url = reverse(name, args=args)
            except NoReverseMatch:
                continue
            before = RequestAccess.objects.count()
            page = client.get(url)
            text = page.content.decode().lower() if page.status_code == 200 else ""
            if [word for word in PATIENT_WORDS if word in text]:
                showing.append(name)
                assert RequestAccess.objects.count() > before, f"{url} shows a patient and writes no log"
            break
    # The walk reached the pages that do show one.
    assert {
        "admin:appointments_appointmentrequest_changelist",
        "admin:appointments_appointmentrequest_change",
        "admin:appointments_appointmentrequest_simple_history",
    } <= set(showing)
