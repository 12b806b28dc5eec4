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
            "at once; at their next sign-in they set up a new app. Do this only when you know it is "
            "really them asking. Only colleagues with no rights beyond your own are listed."
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
