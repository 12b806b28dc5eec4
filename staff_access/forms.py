"""The forms of staff sign-in: a code at the second step (each sign-in's is checked here),
and a manager's choice of whose second factor to reset."""

from django import forms
from django.contrib.auth import get_user_model
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from staff_access.models import SecondFactorReset

# The error code a checked and refused code carries: the view counts it as a wrong code.
REFUSED = "refused"
REFUSED_MESSAGE = "That code was not accepted. Check it and try again, or wait for the next one."


class CodeForm(forms.Form):
    """A code typed at a sign-in step, as people type it: spaces and dashes dropped,
    letters lower case."""

    code = forms.CharField(
        label="Code",
        max_length=40,
        strip=True,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).replace("-", "").lower()


class SignInCodeForm(CodeForm):
    """Each sign-in's second step: the code is checked against the person's own devices.

    Six digits are an authenticator code; anything else is tried as a recovery code. Only
    the one kind of device is tried, so a recovery code does not count against the app.
    An accepted code is used up (each works once) and its device is ``self.device``.
    """

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None

    def clean_code(self):
        code = super().clean_code()
        model = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
        for device in model.objects.devices_for_user(self.user, confirmed=True):
            self.device = verify_token(self.user, device.persistent_id, code)
            if self.device:
                return code
        raise forms.ValidationError(REFUSED_MESSAGE, code=REFUSED)


def has_no_more_rights_than(colleague, user):
    """Whether ``colleague`` can do nothing that ``user`` cannot."""
    if user.is_superuser:
        return True
    return not colleague.is_superuser and colleague.get_all_permissions() <= user.get_all_permissions()


class SecondFactorResetForm(forms.ModelForm):
    """Choose the colleague whose second factor is to be reset: never one's own (that is the
    shell's), never one with rights one has not (whoever could reset it could become them)."""

    colleague = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(),
        help_text=(
            "Their authenticator app and recovery codes stop working and their open sessions end, "
            "at once. You then see a set-up code to give them in person or by phone: with it, they "
            "set up a new app at their next sign-in. A new colleague gets their first code this way. "
            "Do this only when you know it is really them asking. Only colleagues with no rights "
            "beyond your own are listed."
        ),
    )

    class Meta:
        model = SecondFactorReset
        fields = []

    def __init__(self, *args, current_user, **kwargs):
        super().__init__(*args, **kwargs)
        staff = get_user_model().objects.filter(is_staff=True, is_active=True).exclude(pk=current_user.pk)
        allowed = [colleague.pk for colleague in staff if has_no_more_rights_than(colleague, current_user)]
        self.fields["colleague"].queryset = staff.filter(pk__in=allowed).order_by("username")
