"""How staff find a request: by reference, name (with or without accents), phone digits or email.

Each request is stored with its search keys (``search_keys_for``, written when it is
first saved): the start of each word of its name, folded to lower case without accents,
and so on. A search is a range of the keys' index for each word typed.
"""

import re
import unicodedata

from django.db.models import Q

from appointments.models import SearchKey, is_reference
from appointments.models.search_keys import KEY_LENGTH

# Keys hold these characters only, so "the keys starting with x" is a range of an
# ordinary index on SQLite and on PostgreSQL, whatever the database's collation.
KEY_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"


def fold(text):
    """Lower case without accents: "José Núñez" -> "jose nunez"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


# How German and Scandinavian letters are written without them: "Müller" is also
# "Mueller". (Letters with accents or a tilde lose them when folded: "ñ" is "n".)
TRANSLITERATIONS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "ø": "oe", "å": "aa", "œ": "oe"}
)


def spellings(word):
    """The keys a word is written as: folded ("muller"), and transliterated ("mueller")
    when it has a letter that is also written out."""
    return {search_key(word), search_key(word.casefold().translate(TRANSLITERATIONS))} - {""}


def search_key(text):
    """``text`` as a key: folded, letters and digits only ("O'Brien" -> "obrien")."""
    return re.sub(r"[^0-9a-z]", "", fold(text))


def key_range_end(prefix):
    """The first key after every key starting with ``prefix`` (None when there is none)."""
    stem = prefix.rstrip(KEY_ALPHABET[-1])
    if not stem:
        return None
    return stem[:-1] + KEY_ALPHABET[KEY_ALPHABET.index(stem[-1]) + 1]


def search_keys_for(appointment_request):
    """What a request is found by: the start of the first or last name or of any word in
    them (as written, and with "ü" written "ue" and so on), of the email or its domain, of
    the reference, and any run of three or more of
    the phone's digits (every such run starts one of the number's endings, so the
    endings are the keys)."""
    r = appointment_request
    words = re.split(r"[\s\-'.]+", f"{r.first_name} {r.last_name}") + [r.first_name, r.last_name]
    keys = {key for word in words for key in spellings(word)} | {search_key(r.reference)}
    if r.email:
        keys |= {search_key(r.email), search_key(r.email.rpartition("@")[2])}
    digits = re.sub(r"\D", "", str(r.phone or ""))
    keys |= {digits[start:] for start in range(len(digits) - 2)}
    return sorted(key[:KEY_LENGTH] for key in keys if key)


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
