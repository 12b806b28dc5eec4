"""The README's recipes, followed to the letter in a fresh checkout, leave the suite green."""

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tools.servers import PROJECT_DIR, fresh_checkout, newcomers_environment

pytestmark = pytest.mark.slow

README = (PROJECT_DIR / "README.md").read_text()

NINTH_TEMPLATE = """{% extends "pages/service_detail.html" %}
{% comment %}
Sources:
- FDA, "Heat therapy devices: safety tips" (2024): skin burns.
{% endcomment %}
{% block service_body %}
  <h2>What it is</h2>
  <p>Warm packs ease tight muscles for a short time. You use them at home.</p>
  <h2>Serious risks</h2>
  <p>Heat that is too hot can cause skin burns. Keep a cloth between the pack and your skin.</p>
{% endblock %}
"""

NINTH_ENTRY = """    Service(
        slug="warm-packs",
        title="Warm packs at home",
        description="How warm packs can ease tight back muscles at home, and how to use them without burns.",
        summary="Warm packs you use at home to ease tight muscles for a while.",
        schema_type="MedicalTherapy",
        articles=_FAILED_BACK_SURGERY,
        serious_risks=("skin burns",),
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
    # 3. Record the page's date.
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
