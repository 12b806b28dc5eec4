"""Django's makemessages, knowing the site's ``pgettext_noop`` (practice/translation.py) and
never guessing: a new string comes in empty, not with a "fuzzy" translation of a look-alike
(which would show patients the wrong words until someone noticed)."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=pgettext_noop:1c,2"]
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
