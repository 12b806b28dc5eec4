"""The request form in Spanish: errors in Spanish, the request stored with the patient's
language, and the acknowledgement written in it."""

import re

import pytest
from django.core import mail

from appointments.forms import AppointmentRequestForm
from appointments.models import AppointmentRequest
from tests.helpers import valid_form_data

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
