"""Set up a staff member's authenticator from the shell: for the first superuser, who has no one to ask."""

import segno
from django.core.management.base import CommandError

from staff_access import devices
from staff_access.management.staff_member_command import StaffMemberCommand


class Command(StaffMemberCommand):
    help = (
        "Set up a staff member's second factor from the shell: prints the key (as text and "
        "as a QR code) for their authenticator app, and their recovery codes."
    )

    def handle(self, username, **options):
        user = self.staff_member(username)
        if devices.has_authenticator(user):
            raise CommandError(
                f"{username} already has an authenticator. "
                f"To replace it: manage.py reset_second_factor {username}"
            )
        device = devices.new_authenticator(user)
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        devices.use_up_set_up_code(user)
        codes = devices.issue_recovery_codes(user)

        self.stdout.write("Add this account to the authenticator app now; the key is not shown again.\n")
        segno.make(device.config_url, error="m").terminal(out=self.stdout, compact=True)
        self.stdout.write(f"Account: {username}")
        self.stdout.write(f"Secret: {devices.secret_text(device)}")
        self.stdout.write("Recovery codes (each signs in once; keep them safe):")
        for code in codes:
            self.stdout.write(f"  {code}")
