"""How staff find a request: by reference, name (with or without accents), phone digits or email."""

import re

from django.db.models import Q

from appointments.models import REFERENCE_LENGTH
from appointments.text import fold


def search_requests(queryset, term):
    """Requests matching every word of ``term``.

    A word of digits and punctuation (at least three digits) matches part of the phone
    number however staff typed it; any other word matches a reference exactly, or part
    of a name (accents optional) or email.
    """
    for word in term.split():
        digits = re.sub(r"\D", "", word)
        if len(digits) >= 3 and re.fullmatch(r"[\d\s().+\-]+", word):
            queryset = queryset.filter(search_text__contains=digits)
            continue
        condition = Q(search_text__contains=fold(word))
        if len(word) == REFERENCE_LENGTH:
            condition |= Q(reference=word.upper())
        queryset = queryset.filter(condition)
    return queryset
