"""Text as staff search it: folded to lower case without accents, kept as short keys."""

import re
import unicodedata

# Keys hold these characters only, so "the keys starting with x" is a range of an
# ordinary index on SQLite and on PostgreSQL, whatever the database's collation.
KEY_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"
KEY_LENGTH = 100


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
