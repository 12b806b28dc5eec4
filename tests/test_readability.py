"""Every page but the practice's own article reads at grade 8 or below (Flesch-Kincaid, textstat)."""

import pytest

from pages import registry
from tests.helpers import ENGLISH_URLS
from tests.readability import GRADE_GOAL, grade, main_text

# The practice's article is reproduced word for word; its reading grade is the practice's.
ARTICLES = {article.get_absolute_url() for article in registry.ARTICLES}


@pytest.mark.django_db
# The Spanish pages have their own measure (tests/test_languages.py).
@pytest.mark.parametrize("url", [url for url in ENGLISH_URLS if url not in ARTICLES])
def test_page_reads_at_grade_eight_or_below(client, url):
    text = main_text(client.get(url).content.decode())
    assert len(text.split()) > 20, "no main text found"
    assert grade(text) <= GRADE_GOAL, f"{url} reads at grade {grade(text):.1f}"


def test_a_long_winding_sentence_is_above_the_goal_and_short_plain_ones_below():
    winding = (
        "<main><p>Notwithstanding the foregoing, individuals experiencing persistent postoperative "
        "discomfort should contemplate consultation regarding interventional alternatives, "
        "considering the comparative effectiveness of pharmacological and procedural "
        "modalities.</p></main>"
    )
    plain = "<main><p>Call us if your pain gets worse. We can help. Bring your list of medicines.</p></main>"
    assert grade(main_text(winding)) > GRADE_GOAL
    assert grade(main_text(plain)) <= GRADE_GOAL


def test_main_text_counts_each_list_item_as_a_thought_and_leaves_out_other_languages():
    html = (
        "<header><p>Site name</p></header><main><h1>Forms</h1><ul><li>photo ID</li>"
        '<li>insurance card</li></ul><p lang="es">Ayuda en español</p></main><footer>x</footer>'
    )
    assert main_text(html) == "Forms. photo ID. insurance card."
