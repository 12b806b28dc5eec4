"""What gettext lacks for this site's catalogue (see also the makemessages command here),
and English words on a Spanish page marked as English."""

from django.utils.html import format_html


class InEnglish(str):
    """Words the practice gave in English only, shown on a Spanish page: in HTML they come
    inside ``<span lang="en">``, so that a screen reader reads them as English (WCAG 3.1.2,
    language of parts). Anywhere else (plain-text e-mail, JSON-LD, a filter's result) they
    are the plain words."""

    def __html__(self):
        return format_html('<span lang="en">{}</span>', str(self))


def pgettext_noop(context, message):
    """Marks ``message`` for the catalogue in ``context`` and returns it untranslated, as
    gettext_noop does without a context (Django has no pgettext_noop): a key that stays
    English, like a page's slug, whose translation is looked up where it is shown."""
    return message
