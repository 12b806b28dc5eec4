"""How hard a page's main text is to read: its Flesch-Kincaid grade, measured with textstat.

The main text is what is inside ``<main>``, as a reader meets it: each heading, paragraph,
list item or definition is a sentence of its own (a list item carries no full stop, but
a reader takes it as one thought), and text marked as another language (the taglines)
is left out, since the formula is for English.
"""

from html.parser import HTMLParser

import textstat

# Elements whose text ends a thought, whether or not it ends with a full stop.
BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "th", "td", "caption", "address"}
VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "source"}
GRADE_GOAL = 8.0


class _MainText(HTMLParser):
    def __init__(self, language="en"):
        super().__init__()
        self.language = language
        self.in_main = False
        self.open = []  # (tag, is another language) for each open element inside <main>
        self.blocks = []
        self.current = []

    def _foreign(self):
        return any(foreign for _, foreign in self.open)

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.in_main = True
            return
        if not self.in_main or tag in VOID:
            return
        lang = dict(attrs).get("lang")
        self.open.append((tag, bool(lang) and not lang.lower().startswith(self.language)))
        if tag in BLOCKS:
            self._end_block()

    def handle_endtag(self, tag):
        if tag == "main":
            self._end_block()
            self.in_main = False
            return
        if not self.in_main or tag in VOID:
            return
        while self.open:
            open_tag, _ = self.open.pop()
            if open_tag == tag:
                break
        if tag in BLOCKS:
            self._end_block()

    def handle_data(self, data):
        if self.in_main and not self._foreign():
            self.current.append(data)

    def _end_block(self):
        text = " ".join("".join(self.current).split())
        self.current = []
        if text:
            self.blocks.append(text if text[-1] in ".!?:" else text + ".")


def main_text(html, language="en"):
    """The text inside ``<main>`` in ``language``, a sentence per block."""
    parser = _MainText(language)
    parser.feed(html)
    parser.close()
    return " ".join(parser.blocks)


def grade(text):
    textstat.set_lang("en_US")
    return textstat.flesch_kincaid_grade(text)


# Fernández-Huerta's ease (textstat): 60 to 70 is "normal", the 7th to 8th grade band, so
# 60 or more is the Spanish pages' grade 8 or below.
SPANISH_EASE_GOAL = 60


def spanish_ease(text):
    textstat.set_lang("es")
    return textstat.fernandez_huerta(text)
