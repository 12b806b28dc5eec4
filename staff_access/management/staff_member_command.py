"""What the second-factor commands share: one staff member, named by username."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class StaffMemberCommand(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("username")

    def staff_member(self, username):
        """The user with this username; a clear error when there is none."""
        try:
            return get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"There is no user {username!r}.") from None
