"""The patient's appointment request form, with its quiet spam checks."""

import secrets
import time
import unicodedata

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout
from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from appointments.models import AppointmentRequest
from pages import registry

FORM_TOKEN_SALT = "appointments.form-token"  # noqa: S105 - a signing namespace, not a secret
# A form page left open longer than this comes back to be checked and sent again: an
# old token proves nothing about who is sending it, and could be replayed.
FORM_TOKEN_MAX_AGE = 60 * 60 * 24


def strip_control_characters(value, *, keep_newlines=False):
    """Remove invisible control characters (keeping line breaks in multi-line text)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    allowed = {"\n"} if keep_newlines else set()
    cleaned = "".join(
        char
        for char in value
        if char in allowed or unicodedata.category(char) not in {"Cc", "Cf", "Cs", "Co"}
    )
    return cleaned if keep_newlines else " ".join(cleaned.split())


def new_form_token(shown_at=None):
    """A signed value carrying when the form was shown and a one-time submission id."""
    shown_at = time.time() if shown_at is None else shown_at
    return signing.dumps({"t": shown_at, "n": secrets.token_urlsafe(16)}, salt=FORM_TOKEN_SALT)


class AppointmentRequestForm(forms.ModelForm):
    phone = PhoneNumberField(
        label=_("Phone number"),
        error_messages={"invalid": _("Enter a valid US phone number, for example (301) 555-0123.")},
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    preferred_days = forms.MultipleChoiceField(
        label=_("Which days suit you?"),
        choices=AppointmentRequest.Weekday.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Leave all unticked if any weekday suits you."),
    )
    consent_to_contact = forms.BooleanField(
        label=_("I agree to be contacted about this request by phone or email."),
        error_messages={"required": _("Please agree to be contacted, so that we can arrange your visit.")},
    )
    # Spam traps: a field people never see, and when the form was shown.
    website = forms.CharField(required=False, label=_("Leave this field empty"))
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)
    # The site page the patient opened the form from, for the page-level request counts.
    came_from = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)

    class Meta:
        model = AppointmentRequest
        fields = [
            "first_name",
            "last_name",
            "phone",
            "email",
            "preferred_contact",
            "preferred_language",
            "other_language",
            "patient_type",
            "reason",
            "message",
            "preferred_days",
            "preferred_time",
            "insurance",
            "consent_to_contact",
        ]
        labels = {
            "first_name": _("First name"),
            "last_name": _("Last name"),
            "email": _("Email address"),
            "preferred_contact": _("How should we contact you?"),
            "preferred_language": _("Language you prefer for calls"),
            "other_language": _("If another language, which one? (optional)"),
            "patient_type": _("Have you been to our practice before?"),
            "reason": _("What is the main reason for your visit?"),
            "message": _("Anything else we should know? (optional)"),
            "preferred_time": _("What time of day suits you?"),
            "insurance": _("Insurance provider (optional)"),
        }
        help_texts = {
            "email": _("Optional if you prefer a phone call."),
            "preferred_language": _(
                "We can call in English or Spanish. For another language, we use a free interpreter."
            ),
            "message": _(
                "Up to 1,000 characters. Please do not include detailed medical "
                "information; we will talk about your health by phone or at your visit."
            ),
        }
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "preferred_contact": forms.RadioSelect,
            "preferred_language": forms.RadioSelect,
            "other_language": forms.TextInput(attrs={"autocomplete": "off"}),
            "patient_type": forms.RadioSelect,
            "reason": forms.RadioSelect,
            "message": forms.Textarea(attrs={"rows": 4, "maxlength": 1000}),
            "preferred_time": forms.RadioSelect,
            "insurance": forms.TextInput(attrs={"autocomplete": "off"}),
        }
        error_messages = {
            "first_name": {"required": _("Enter your first name.")},
            "last_name": {"required": _("Enter your last name.")},
            "email": {"invalid": _("Enter a valid email address, for example name@example.com.")},
            "patient_type": {"required": _("Tell us whether you are a new or returning patient.")},
            "reason": {"required": _("Choose the main reason for your visit.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].error_messages["required"] = _("Enter a phone number we can call you on.")
        self.fields["preferred_contact"].error_messages["required"] = _("Choose how we should contact you.")
        self.fields["preferred_time"].error_messages["required"] = _("Choose a time of day.")
        # Radio groups get no empty "---------" choice: the person picks one.
        for name in ("preferred_contact", "preferred_language", "patient_type", "reason", "preferred_time"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]
        if not self.is_bound:
            self.initial.setdefault("form_token", new_form_token())
            # Whoever reads the form in Spanish most likely wants their calls in Spanish.
            self.initial.setdefault("preferred_language", get_language())
        # Checked from the start; a form sent without it (an older page) means the form's language.
        self.fields["preferred_language"].required = False
        self.fields["website"].widget.attrs.update(tabindex="-1", autocomplete="off")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(_("About you"), "first_name", "last_name", "patient_type"),
            Fieldset(
                _("How to reach you"),
                "phone",
                "email",
                "preferred_contact",
                "preferred_language",
                "other_language",
            ),
            Fieldset(_("Your visit"), "reason", "message", "insurance"),
            Fieldset(_("When suits you"), "preferred_days", "preferred_time"),
            "consent_to_contact",
            HTML('<div class="form-trap" aria-hidden="true">'),
            "website",
            HTML("</div>"),
        )

    def clean_first_name(self):
        return self._clean_line("first_name", _("Enter your first name."))

    def clean_last_name(self):
        return self._clean_line("last_name", _("Enter your last name."))

    def clean_preferred_language(self):
        return self.cleaned_data["preferred_language"] or get_language()

    def clean_other_language(self):
        return strip_control_characters(self.cleaned_data["other_language"])

    def clean_insurance(self):
        return strip_control_characters(self.cleaned_data["insurance"])

    def clean_message(self):
        return strip_control_characters(self.cleaned_data["message"], keep_newlines=True).strip()

    def clean_came_from(self):
        path = self.cleaned_data["came_from"]
        # Only one of the site's pages: anything else (free text a person or a program
        # put in the hidden field) is not counted, and so never kept for 400 days.
        return path if path in registry.page_paths() else ""

    def clean_preferred_days(self):
        chosen = set(self.cleaned_data["preferred_days"])
        return ",".join(code for code in AppointmentRequest.Weekday.values if code in chosen)

    def _clean_line(self, name, message_if_empty):
        value = strip_control_characters(self.cleaned_data[name])
        if not value:
            raise forms.ValidationError(message_if_empty)
        return value

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        self.instance.phone_extension = phone.extension or ""
        return phone

    def clean(self):
        cleaned = super().clean()
        wants_email = cleaned.get("preferred_contact") == AppointmentRequest.ContactMethod.EMAIL
        if wants_email and not cleaned.get("email") and "email" not in self.errors:
            self.add_error("email", _("Enter your email address, or choose a phone call instead."))
        return cleaned

    def token_expired(self):
        return self._token_payload() == "expired"

    def renew_token(self):
        """Give the form back with a fresh token, keeping everything typed.

        The form is already filled in, so sending it straight back is no sign of a
        program: the fresh token counts as shown the minimum fill time ago.
        """
        self.data = self.data.copy()
        self.data["form_token"] = new_form_token(time.time() - settings.APPOINTMENT_MIN_FILL_SECONDS)

    def matches(self, appointment_request):
        """Whether this form says exactly what an already stored request says."""
        unsaved = self.instance
        return all(getattr(unsaved, name) == getattr(appointment_request, name) for name in self.Meta.fields)

    def spam_signal(self):
        """Why this submission looks automated, or an empty string.

        Only meaningful after validation. A person never fills the hidden field and
        takes longer than a few seconds to fill in the form.
        """
        if self.cleaned_data.get("website"):
            return "honeypot"
        token = self._token_payload()
        if not isinstance(token, dict):
            # An expired token is sent back by the view before it gets here; should one
            # reach this point, it is never taken for a genuine form.
            return "bad_token"
        if time.time() - token["t"] < settings.APPOINTMENT_MIN_FILL_SECONDS:
            return "too_fast"
        return ""

    def submission_token(self):
        payload = self._token_payload()
        return payload["n"] if isinstance(payload, dict) else None

    def _token_payload(self):
        value = self.cleaned_data.get("form_token") or ""
        try:
            payload = signing.loads(value, salt=FORM_TOKEN_SALT)
        except signing.BadSignature:
            return None
        if not isinstance(payload, dict) or not isinstance(payload.get("t"), int | float):
            return None
        if time.time() - payload["t"] > FORM_TOKEN_MAX_AGE:
            return "expired"
        return payload
