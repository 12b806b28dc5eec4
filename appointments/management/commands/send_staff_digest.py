import logging
import smtplib

from django.core.management.base import BaseCommand, CommandError

from appointments.digest import digest_recipients, send_staff_digest

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "E-mail the day's counts of appointment requests (new, overdue, due today, waiting "
        "for each person) to STAFF_DIGEST_EMAILS. Sent once per day however often it runs; "
        "schedule it each weekday morning, and more than once if you like, for retries."
    )

    def handle(self, *args, **options):
        try:
            sent = send_staff_digest()
        except (smtplib.SMTPException, OSError) as error:
            # Only the type: the error's text may name a recipient's address.
            logger.warning("Could not send the staff digest (%s); the next run retries", type(error).__name__)
            raise CommandError(
                "The staff digest was not sent: the mail server failed. Run again later."
            ) from None
        if sent:
            self.stdout.write(f"Staff digest sent to {len(digest_recipients())} recipient(s).")
        else:
            self.stdout.write("Today's staff digest was already sent.")
