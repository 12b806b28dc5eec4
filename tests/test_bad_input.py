"""Whatever arrives, the answer is a plain 4xx page or a normal one: never a 500."""

import logging
from unittest import mock
from urllib.parse import urlencode

import pytest
from django.test import Client

from appointments.models import AppointmentRequest
from tests.helpers import FORM_URL, PATIENT_VALUES, front_desk_user, make_request, sign_in, valid_form_data


def assert_plain_error_page(response, status):
    assert response.status_code == status
    html = response.content.decode()
    assert "<h1>" in html
    assert "Traceback" not in html
    assert "tel:+13015550142" in html


@pytest.mark.django_db
def test_a_body_over_the_limit_gets_a_400_page(client):
    response = client.post(FORM_URL, valid_form_data(message="x" * 70_000))
    assert_plain_error_page(response, 400)
    assert AppointmentRequest.objects.count() == 0


@pytest.mark.django_db
def test_too_many_fields_gets_a_400_page(client):
    data = valid_form_data()
    data.update({f"extra{n}": "x" for n in range(300)})
    assert_plain_error_page(client.post(FORM_URL, data), 400)


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["put", "patch", "delete"])
@pytest.mark.parametrize("url", [FORM_URL, "/", "/services/nerve-blocks/"])
def test_wrong_methods_get_a_405_page(client, method, url):
    response = getattr(client, method)(url)
    assert_plain_error_page(response, 405)


@pytest.mark.django_db
def test_post_to_a_content_page_is_refused(client):
    assert_plain_error_page(client.post("/about/", {"a": "b"}), 405)


@pytest.mark.django_db
def test_malformed_form_encoding_is_handled(client):
    body = b"first_name=%ff%fe%fd&last_name=%E2%82&phone=%%%&email=%00&consent_to_contact=on"
    response = client.post(FORM_URL, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert AppointmentRequest.objects.count() == 0


@pytest.mark.django_db
def test_a_json_body_is_treated_as_an_empty_form(client):
    response = client.post(FORM_URL, '{"first_name": "x"}', content_type="application/json")
    assert response.status_code == 200
    assert "first_name" in response.context["form"].errors


@pytest.mark.django_db
def test_duplicate_and_unknown_fields_do_not_confuse_the_form(client):
    data = valid_form_data()
    body = urlencode(data, doseq=True) + "&first_name=Second&is_suspected_spam=0&status=closed&reference=AAAA"
    response = client.post(FORM_URL, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 302
    stored = AppointmentRequest.objects.get()
    assert stored.first_name == "Second"
    assert stored.status == "new"
    assert stored.reference != "AAAA"


@pytest.mark.django_db
def test_an_uploaded_file_is_ignored(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = valid_form_data()
    data["attachment"] = SimpleUploadedFile("x.exe", b"MZ" * 100)
    assert client.post(FORM_URL, data).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "?" + "a" * 20_000,
        "?%ff%fe=%00",
        "?" + "&".join(f"k{n}=v" for n in range(2000)),
        "?q=<script>alert(1)</script>",
        "?page=-1&o=999",
    ],
    ids=["long", "bad-encoding", "many-params", "script", "odd-numbers"],
)
@pytest.mark.parametrize("url", ["/", FORM_URL, "/sitemap.xml", "/healthz"])
def test_absurd_query_strings_are_harmless(client, url, query):
    response = client.get(url + query)
    assert response.status_code in (200, 400)
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.django_db
def test_absurd_admin_query_strings_are_not_a_500(client):
    sign_in(client, front_desk_user())
    for query in ("?o=999", "?status=bogus", "?same_contact_as=abc", "?received_at__gte=notadate", "?q=%00"):
        response = client.get("/admin/appointments/appointmentrequest/" + query)
        assert response.status_code in (200, 302, 400), query


@pytest.mark.django_db
def test_an_unhandled_error_shows_the_500_page_and_logs_no_patient_data(caplog):
    client = Client(raise_request_exception=False)
    with (
        caplog.at_level(logging.INFO),
        mock.patch("appointments.views.store", side_effect=RuntimeError("disk on fire")),
    ):
        response = client.post(FORM_URL, valid_form_data())
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert "tel:+13015550142" in html
    assert "disk on fire" not in html
    assert "Internal Server Error" in caplog.text
    for value in PATIENT_VALUES:
        assert value not in caplog.text
        assert value not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["abc/history/", "1%20OR%201/history/", "abc/history/{version}/", "{pk}/history/abc/"],
)
def test_an_odd_id_in_a_requests_history_address_is_a_404(path):
    appointment_request = make_request()
    version = appointment_request.history.first().history_id
    client = sign_in(Client(raise_request_exception=False), front_desk_user())
    url = "/admin/appointments/appointmentrequest/" + path.format(pk=appointment_request.pk, version=version)
    assert client.get(url).status_code == 404
