"""Reset a staff member's second factor from the shell, so they enrol again; recorded as in admin."""

from staff_access.devices import SET_UP_CODE_LASTS, reset_second_factor
from staff_access.management.staff_member_command import StaffMemberCommand
from staff_access.models import SecondFactorReset


class Command(StaffMemberCommand):
    help = (
        "Remove a staff member's authenticator and recovery codes; "
        "prints the set-up code with which they set up new ones at their next sign-in."
    )

    def handle(self, username, **options):
        user = self.staff_member(username)
        record = reset_second_factor(user, reset_by=SecondFactorReset.FROM_THE_SHELL)
        self.stdout.write(
            f"{username}'s second factor is reset. Give them this set-up code in person or by "
            f"phone; at their next sign-in it lets them set up a new app (once, within "
            f"{SET_UP_CODE_LASTS.days} days):\n  {record.set_up_code}"
        )
