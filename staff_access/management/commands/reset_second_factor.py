"""Reset a staff member's second factor from the shell, so they enrol again; recorded as in admin."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from staff_access.devices import reset_second_factor
from staff_access.models import SecondFactorReset


class Command(BaseCommand):
    help = (
        "Remove a staff member's authenticator and recovery codes; "
        "they set up new ones at their next sign-in."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, username, **options):
        try:
            user = get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"There is no user {username!r}.") from None
        reset_second_factor(user, reset_by=SecondFactorReset.FROM_THE_SHELL)
        self.stdout.write(
            f"{username}'s second factor is reset: they set up a new one at their next sign-in."
        )
