"""The request form in Spanish: errors in Spanish, the request stored with the patient's
language, and the acknowledgement written in it."""

import re

import pytest
from django.core import mail
from django.utils import timezone

from appointments.forms import AppointmentRequestForm
from appointments.models import AppointmentRequest
from appointments.report import build_report, last_days
from tests.helpers import front_desk_user, make_request, sign_in, valid_form_data

pytestmark = pytest.mark.django_db

SPANISH_FORM = "/es/solicitar-cita/"


def test_the_spanish_form_asks_everything_in_spanish(client):
    html = client.get(SPANISH_FORM).content.decode()
    assert '<html lang="es">' in html
    for words in ("Pedir una cita", "Nombre", "Número de teléfono", "Idioma que prefiere para las llamadas",
                  "Enviar solicitud", "Este formulario no es para emergencias.", "Llame al 911"):  # fmt: skip
        assert words in html
    # Spanish is chosen for calls until the patient says otherwise.
    assert re.search(r'<input type="radio"[^>]*name="preferred_language" value="es"[^>]*checked>', html)


def test_a_mistake_on_the_spanish_form_is_explained_in_spanish_next_to_the_field(client):
    response = client.post(SPANISH_FORM, valid_form_data(first_name="", email="maria.example.com"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Escriba su nombre." in html
    assert "Escriba un correo electrónico válido" in html
    assert "Corrija 2 datos abajo" in html
    assert 'value="Lopez"' in html  # what was typed is kept


def test_a_request_sent_from_the_spanish_form_is_stored_in_spanish_and_acknowledged_in_spanish(
    client, settings, django_capture_on_commit_callbacks
):
    settings.APPOINTMENT_ACKNOWLEDGE_PATIENT = True
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SPANISH_FORM, valid_form_data(preferred_language="es"))
    assert response.status_code == 302
    assert response["Location"] == "/es/solicitar-cita/gracias/"
    stored = AppointmentRequest.objects.get()
    assert (stored.language, stored.preferred_language) == ("es", "es")
    thanks = client.get(response["Location"]).content.decode()
    assert "Gracias: recibimos su solicitud" in thanks
    assert stored.reference in thanks
    (acknowledgement,) = [message for message in mail.outbox if message.to == ["maria@example.com"]]
    assert acknowledgement.subject == "Recibimos su solicitud de cita"
    assert "Su número de referencia es" in acknowledgement.body
    assert "Lo llamaremos dentro de un día hábil." in acknowledgement.body


def test_an_english_form_can_ask_for_calls_in_spanish_and_is_acknowledged_in_spanish(
    client, settings, django_capture_on_commit_callbacks
):
    settings.APPOINTMENT_ACKNOWLEDGE_PATIENT = True
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/request-appointment/", valid_form_data(preferred_language="es"))
    stored = AppointmentRequest.objects.get()
    assert (stored.language, stored.preferred_language) == ("en", "es")
    (acknowledgement,) = [message for message in mail.outbox if message.to == ["maria@example.com"]]
    assert acknowledgement.subject == "Recibimos su solicitud de cita"


def test_another_language_for_calls_is_kept_with_its_name(client):
    client.post(
        "/request-appointment/", valid_form_data(preferred_language="other", other_language="Amharic")
    )
    stored = AppointmentRequest.objects.get()
    assert (stored.preferred_language, stored.other_language) == ("other", "Amharic")
    assert stored.reads_language == "en"


def test_a_form_sent_without_a_language_for_calls_means_the_forms_own(client):
    client.post(SPANISH_FORM, valid_form_data())
    assert AppointmentRequest.objects.get().preferred_language == "es"


@pytest.mark.parametrize(
    ("path", "kept"), [("/es/contacto/", True), ("/contact/", True), ("/es/no-such-page/", False)]
)
def test_the_page_a_request_came_from_may_be_spanish_or_english(path, kept):
    form = AppointmentRequestForm(data=valid_form_data(came_from=path))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["came_from"] == (path if kept else "")


# What staff see: English pages, with the patient's language where it matters.

CHANGELIST = "/admin/appointments/appointmentrequest/"


def listed(client, **filters):
    return {row.reference for row in client.get(CHANGELIST, filters).context["cl"].result_list}


def test_the_queue_says_which_language_to_call_in_and_filters_spanish(client):
    spanish = make_request(preferred_language="es", language="es", last_name="Hernández")
    amharic = make_request(preferred_language="other", other_language="Amharic", last_name="Bekele")
    english = make_request(last_name="Smith")
    sign_in(client, front_desk_user())
    html = client.get(CHANGELIST).content.decode()
    assert 'Hernández<br><small class="calls-in">Calls in Spanish</small>' in html
    assert 'Bekele<br><small class="calls-in">Calls in Amharic</small>' in html
    assert "Smith<br>" not in html
    assert listed(client, language="es") == {spanish.reference}
    assert listed(client, language="other") == {amharic.reference}
    assert english.reference in listed(client, language="en")
    page = client.get(f"{CHANGELIST}{spanish.pk}/change/").content.decode()
    assert '<html lang="en"' in page
    assert "language for calls" in page.lower()


def test_the_requests_report_counts_requests_by_language_for_calls():
    make_request(preferred_language="es")
    make_request(preferred_language="es")
    make_request()
    now = timezone.now()
    report = build_report(last_days(7, now), now)
    counts = {str(label): count for label, count in report.by_language}
    assert counts == {"English": 1, "Spanish": 2, "Another language": 0}
