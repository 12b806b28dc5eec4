"""What gettext lacks for this site's catalogue (see also the makemessages command here)."""


def pgettext_noop(context, message):
    """Marks ``message`` for the catalogue in ``context`` and returns it untranslated, as
    gettext_noop does without a context (Django has no pgettext_noop): a key that stays
    English, like a page's slug, whose translation is looked up where it is shown."""
    return message
