"""The README's recipes, followed to the letter in a fresh checkout, leave the suite green."""

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tools.servers import PROJECT_DIR, fresh_checkout, newcomers_environment

pytestmark = pytest.mark.slow

README = (PROJECT_DIR / "README.md").read_text()

# (context, English, Spanish) of each new entry the catalogue gathers for the ninth page.
NINTH_IN_SPANISH = [
    ("URL slug", "warm-packs", "bolsas-tibias"),
    (None, "Warm packs at home", "Bolsas tibias en casa"),
    (
        None,
        "Warm packs ease tight back muscles at home; use them without burns.",
        "Las bolsas tibias aflojan los músculos de la espalda en casa; úselas sin quemarse.",
    ),
    (
        None,
        "Warm packs you use at home to ease tight muscles for a while.",
        "Bolsas tibias que usa en casa para aflojar los músculos tensos por un rato.",
    ),
    ("serious risk", "burns on the skin", "quemaduras en la piel"),
]

NINTH_TEMPLATE = """{% extends "pages/service_detail.html" %}
{% comment %}
Sources:
- FDA, "Heat therapy devices: safety tips" (2024): skin burns.
{% endcomment %}
{% block service_body %}
  <h2>What it is</h2>
  <p>Warm packs ease tight muscles for a short time. You use them at home.</p>
  <h2>Serious risks</h2>
  <p>Heat that is too hot can cause burns on the skin. Keep a cloth between the pack and your skin.</p>
{% endblock %}
"""

NINTH_SPANISH_TEMPLATE = """{% extends "pages/service_detail.html" %}
{% comment %}
Sources:
- FDA, "Heat therapy devices: safety tips" (2024): skin burns.
{% endcomment %}
{% block service_body %}
  <h2>Qué es</h2>
  <p>Las bolsas tibias aflojan los músculos tensos por un rato. Usted las usa en su casa.</p>
  <h2>Riesgos graves</h2>
  <p>El calor muy fuerte puede causar quemaduras en la piel. Ponga una tela entre la bolsa y su piel.</p>
{% endblock %}
"""

NINTH_ENTRY = """    Service(
        slug=pgettext_noop("URL slug", "warm-packs"),
        title=_("Warm packs at home"),
        description=_("Warm packs ease tight back muscles at home; use them without burns."),
        summary=_("Warm packs you use at home to ease tight muscles for a while."),
        schema_type="MedicalTherapy",
        articles=_FAILED_BACK_SURGERY,
        serious_risks=(pgettext_lazy("serious risk", "burns on the skin"),),
        updated=date({year}, {month}, {day}),
    ),
)

CONDITIONS = ("""


def test_the_readme_names_every_step_this_recipe_takes():
    for step in (
        "templates/pages/services/<slug>.html",
        "pages/service_detail.html",
        "service_body",
        "{% comment %}",
        "`Service` to `pages/registry.py`",
        "serious_risks",
        "templates/es/pages/services/<slug>.html",
        "`make messages`",
        'context "URL slug"',
        ".venv/bin/python -m tests.test_copy_dates",
    ):
        assert step in README, f"the README's recipe for a treatment page no longer says {step!r}"


def test_a_ninth_treatment_added_by_the_readmes_steps_leaves_the_suite_green(tmp_path):
    checkout = fresh_checkout(tmp_path / "checkout")
    # 1. The template, extending the service page, with its sources in a comment.
    (checkout / "templates/pages/services/warm-packs.html").write_text(NINTH_TEMPLATE)
    # 2. The registry entry, with its serious risks and today's date for its words.
    registry = checkout / "pages/registry.py"
    today = date.today()
    source = registry.read_text()
    end_of_services = "\n)\n\nCONDITIONS = ("
    assert source.count(end_of_services) == 1
    entry = NINTH_ENTRY.format(year=today.year, month=today.month, day=today.day)
    registry.write_text(source.replace(end_of_services, "\n" + entry))
    # 3. The Spanish page.
    (checkout / "templates/es/pages/services/warm-packs.html").write_text(NINTH_SPANISH_TEMPLATE)
    # 4. The catalogue gathers the new words; each gets its Spanish.
    run(["make", "--no-print-directory", "messages"], checkout)
    catalogue = checkout / "locale/es/LC_MESSAGES/django.po"
    catalogue.write_text(translated(catalogue.read_text(), NINTH_IN_SPANISH))
    # 5. Record the page's date.
    run([sys.executable, "-m", "tests.test_copy_dates"], checkout)
    # The suite (all but the browser, the live servers and these recipes) is green.
    result = run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-m",
            "not browser and not live and not slow",
        ],
        checkout,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:]
    assert "warm-packs" not in result.stdout, "no test failed on the new page"


def translated(catalogue, entries):
    """The catalogue with each (context, English, Spanish) entry's empty msgstr filled."""
    for context, english, spanish in entries:
        head = f'msgctxt "{context}"\n' if context else ""
        entry = re.compile(rf'^({re.escape(head)}msgid "{re.escape(english)}"\nmsgstr )""$', re.MULTILINE)
        catalogue, count = entry.subn(rf'\1"{spanish}"', catalogue)
        assert count == 1, f"make messages did not gather {english!r} as one new entry"
    return catalogue


def run(command, cwd: Path, check=True):
    # On the embedded database: a copy of the suite must not share (and drop) this run's.
    return subprocess.run(  # noqa: S603
        command,
        cwd=cwd,
        env=newcomers_environment(),
        capture_output=True,
        text=True,
        check=check,
        timeout=900,
    )
