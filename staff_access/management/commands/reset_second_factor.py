"""Reset a staff member's second factor from the shell, so they enrol again; recorded as in admin."""

from staff_access.devices import reset_second_factor
from staff_access.management.staff_member_command import StaffMemberCommand
from staff_access.models import SecondFactorReset


class Command(StaffMemberCommand):
    help = (
        "Remove a staff member's authenticator and recovery codes; "
        "they set up new ones at their next sign-in."
    )

    def handle(self, username, **options):
        user = self.staff_member(username)
        reset_second_factor(user, reset_by=SecondFactorReset.FROM_THE_SHELL)
        self.stdout.write(
            f"{username}'s second factor is reset: they set up a new one at their next sign-in."
        )
