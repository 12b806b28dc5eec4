from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from pages import reviews


class Command(BaseCommand):
    help = (
        "Record that a physician reviewed a page's words as they are now, e.g. "
        '/services/nsaids/ --reviewer "Haddis Hagos, MD". With --list, show each page\'s review.'
    )

    def add_arguments(self, parser):
        parser.add_argument("url", nargs="?", help="the page, by its address: /services/nsaids/")
        parser.add_argument("--reviewer", help="who reviewed it, as the page should name them")
        parser.add_argument("--on", type=date.fromisoformat, help="the day of the review (default: today)")
        parser.add_argument(
            "--list", action="store_true", dest="show_all", help="show each page's review, if it holds"
        )

    def handle(self, *args, url=None, reviewer=None, on=None, show_all=False, **options):
        pages = reviews.reviewable_pages()
        if show_all:
            on_record = reviews.recorded()
            for page_url, entry in pages.items():
                review = on_record.get(page_url)
                if review is None:
                    state = "not reviewed"
                elif reviews.current_review(entry):
                    state = f"reviewed by {review.reviewer} on {review.reviewed_on}"
                else:
                    state = f"words changed since {review.reviewer} reviewed them on {review.reviewed_on}"
                self.stdout.write(f"{page_url}  {state}")
            return
        if url not in pages:
            raise CommandError(f"Name a page to record: one of {', '.join(pages)}")
        if not reviewer or not reviewer.strip():
            raise CommandError('Say who reviewed it: --reviewer "Haddis Hagos, MD"')
        reviewed_on = on or timezone.localdate()
        reviews.record(pages[url], reviewer.strip(), reviewed_on)
        self.stdout.write(f"Recorded: {url} reviewed by {reviewer.strip()} on {reviewed_on}.")
