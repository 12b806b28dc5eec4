"""How staff find a request: by reference, name (with or without accents), phone digits or email."""

import re

from appointments.models import SearchKey
from appointments.text import KEY_LENGTH, key_range_end, search_key


def search_requests(queryset, term):
    """Requests matching every word of ``term``.

    A word of digits and punctuation (at least three digits) matches any part of the
    phone number however staff typed it; any other word matches the start of a word of
    the name (accents optional), of the email or its domain, or of the reference. Each
    word is a range of the indexed search keys, so a search costs the same however many
    requests are stored.
    """
    for word in term.split():
        digits = re.sub(r"\D", "", word)
        phone_digits = len(digits) >= 3 and re.fullmatch(r"[\d\s().+\-]+", word)
        key = (digits if phone_digits else search_key(word))[:KEY_LENGTH]
        if not key:
            continue
        keys = SearchKey.objects.filter(key__gte=key)
        end = key_range_end(key)
        if end is not None:
            keys = keys.filter(key__lt=end)
        queryset = queryset.filter(pk__in=keys.values("appointment_request_id"))
    return queryset
