"""How staff find a request: by reference, name (with or without accents), phone digits or email."""

import re

from django.db.models import Q

from appointments.models import SearchKey, is_reference
from appointments.text import KEY_LENGTH, key_range_end, search_key, spellings


def search_requests(queryset, term):
    """Requests matching every word of ``term``.

    A word of digits and punctuation (at least three digits) matches any part of the
    phone number however staff typed it; any other word matches the start of a word of
    the name (accents optional, "Mueller" for "Müller" and back), of the email or its
    domain, or of the reference. A reference read out in parts ("XE3W 9UV4", "XE3W-9UV4")
    is found whole. Each word is a range of the indexed search keys, so a search costs
    the same however many requests are stored.
    """
    words = queryset
    for word in term.split():
        digits = re.sub(r"\D", "", word)
        phone_digits = len(digits) >= 3 and re.fullmatch(r"[\d\s().+\-]+", word)
        keys = {digits} if phone_digits else spellings(word)
        matching = Q()
        for key in {key[:KEY_LENGTH] for key in keys if key}:
            matching |= Q(pk__in=_starting_with(key).values("appointment_request_id"))
        if matching:
            words = words.filter(matching)
    reference = re.sub(r"[\s\-]", "", term)
    if len(term.split()) > 1 and is_reference(reference):
        as_reference = _starting_with(search_key(reference)).values("appointment_request_id")
        return queryset.filter(Q(pk__in=words.values("pk")) | Q(pk__in=as_reference))
    return words


def _starting_with(key):
    """The search keys that start with ``key``: one range of their index."""
    keys = SearchKey.objects.filter(key__gte=key)
    end = key_range_end(key)
    return keys if end is None else keys.filter(key__lt=end)
