from django import forms
from django.contrib.auth import get_user_model

from staff_access.models import SecondFactorReset


class CodeForm(forms.Form):
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


class SecondFactorResetForm(forms.ModelForm):
    """Choose the colleague whose second factor is to be reset (never one's own: that is the shell's)."""

    colleague = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(),
        help_text=(
            "Their authenticator app and recovery codes stop working at once; at their next "
            "sign-in they set up a new one. Do this only when you know it is really them asking."
        ),
    )

    class Meta:
        model = SecondFactorReset
        fields = []

    def __init__(self, *args, current_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        staff = get_user_model().objects.filter(is_staff=True, is_active=True).order_by("username")
        if current_user is not None:
            staff = staff.exclude(pk=current_user.pk)
        self.fields["colleague"].queryset = staff
