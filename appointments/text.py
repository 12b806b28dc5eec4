"""Text as staff search it: folded to lower case without accents."""

import re
import unicodedata


def fold(text):
    """Lower case without accents: "José Núñez" -> "jose nunez"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def search_text_for(appointment_request):
    """What a request is found by, in one folded string kept on the row."""
    r = appointment_request
    digits = re.sub(r"\D", "", str(r.phone or ""))
    return " ".join(filter(None, [fold(r.first_name), fold(r.last_name), digits, r.email.lower()]))
