"""The README and the documents it links to stay true: every command they show in a code
block is run by a test or by CI, every path they name exists, and the README's "What is
where" names every module of every app.

Paths in backticks are read from the repository's root (`deploy/render.py`), as a
newcomer types them; links are read from the document's own folder, as GitHub follows
them. A `<slug>` in a path stands for any name.
"""

import fnmatch
import re
from pathlib import Path

import pytest

from tests.readme_commands import CI, ON_A_SERVER, RUN_HERE
from tests.test_layout import APPS

PROJECT_DIR = Path(__file__).resolve().parent.parent
README = PROJECT_DIR / "README.md"
# Files a document may name that running the site or its tools writes (git ignores them).
WRITTEN_BY_RUNS = ("bench/results/", "screenshots/", ".venv/", "staticfiles/")
FILE_ENDINGS = (
    ".py",
    ".md",
    ".html",
    ".txt",
    ".json",
    ".jsonld",
    ".po",
    ".conf",
    ".service",
    ".timer",
    ".css",
)


def links_in(text):
    """The targets of a document's Markdown links, without their #fragment."""
    return [
        target.split("#")[0]
        for target in re.findall(r"\]\(([^)\s]+)\)", text)
        if not re.match(r"[a-z]+:", target) and not target.startswith("#")
    ]


def documents():
    """The README and every document it leads to through links, the README first."""
    found, waiting = [README], [README]
    while waiting:
        document = waiting.pop()
        for target in links_in(document.read_text()):
            linked = (document.parent / target).resolve()
            if linked.suffix == ".md" and linked.is_file() and linked not in found:
                found.append(linked)
                waiting.append(linked)
    return found


def name(document):
    return str(document.relative_to(PROJECT_DIR))


def commands_in_code_blocks(text):
    """Each command in a fenced block, continuation lines joined and trailing comments cut."""
    commands = []
    for block in re.finditer(r"^( *)```[a-z]*\n(.*?)^\1```", text, re.S | re.M):
        joined = re.sub(r"\\\n\s*", "", block[2])
        for line in joined.splitlines():
            command = re.sub(r"\s+#\s.*$", "", line).strip()
            if command:
                commands.append(command)
    return commands


def paths_named_in(text):
    """Spans in backticks that name a file or folder of the repository."""
    top_level = {entry.name for entry in PROJECT_DIR.iterdir()}
    for span in re.findall(r"`([^`\s]+)`", text):
        if "/" not in span or "://" in span or span.startswith("/"):
            continue  # not a path, a URL, or a path on the server or the site
        if span.split("/")[0] in top_level or span.endswith(FILE_ENDINGS):
            yield span


def exists(path):
    if path.startswith(WRITTEN_BY_RUNS):
        return True
    pattern = re.sub(r"<[^>]+>", "*", path.rstrip("/"))
    if "*" not in pattern:
        return (PROJECT_DIR / pattern).exists()
    folder = PROJECT_DIR / pattern.split("*")[0].rsplit("/", 1)[0]
    return any(fnmatch.fnmatch(str(path.relative_to(PROJECT_DIR)), pattern) for path in folder.rglob("*"))


def test_the_readme_leads_to_every_document():
    reached = {name(document) for document in documents()}
    written = {
        str(path.relative_to(PROJECT_DIR))
        for path in [
            *PROJECT_DIR.glob("docs/*.md"),
            *PROJECT_DIR.glob("*/README.md"),
            *PROJECT_DIR.glob("*/*/README.md"),
        ]
        if not path.relative_to(PROJECT_DIR).parts[0].startswith(".")
        and path.relative_to(PROJECT_DIR).parts[0] != "node_modules"
    }
    assert written - reached == set(), "link these from the README or a document it links to"
    assert {"deploy/README.md", "bench/README.md", "tests/README.md", "docs/configuration.md"} <= reached


def test_every_command_in_the_documents_is_run_by_a_test_or_by_ci():
    shown = {
        command: name(document)
        for document in documents()
        for command in commands_in_code_blocks(document.read_text())
    }
    listed = set(RUN_HERE) | set(ON_A_SERVER)
    unlisted = {command: shown[command] for command in set(shown) - listed}
    assert not unlisted, f"list these in tests/readme_commands.py with the test that runs them: {unlisted}"
    assert not listed - set(shown), (
        f"no longer in any document, drop them from tests/readme_commands.py: {listed - set(shown)}"
    )


def test_every_test_named_for_a_readme_command_exists():
    for runner in {*RUN_HERE.values(), *ON_A_SERVER.values()}:
        if runner == CI:
            assert "make test" in (PROJECT_DIR / ".ci/run").read_text()
            continue
        path, _, name = runner.partition("::")
        assert re.search(rf"^def {name}\(", (PROJECT_DIR / path).read_text(), re.M), f"{runner} is not a test"


@pytest.mark.parametrize("document", documents(), ids=name)
def test_every_path_a_document_names_exists(document):
    text = document.read_text()
    missing = [path for path in paths_named_in(text) if not exists(path)]
    missing += [target for target in links_in(text) if not (document.parent / target).exists()]
    assert missing == []


def what_is_where():
    """The README's "What is where" table: (the paths its first column names, the names in its second)."""
    section = README.read_text().split("## What is where", 1)[1].split("\n## ", 1)[0]
    rows = [
        line.split("|")[1:3] for line in section.splitlines() if line.startswith("| ") and "---" not in line
    ]
    return [(re.findall(r"`([^`]+)`", first), re.findall(r"`([^`]+)`", second)) for first, second in rows[1:]]


def main_modules(app):
    """Every module of an app but its package markers, its AppConfig and its migrations."""
    for path in sorted((PROJECT_DIR / app).rglob("*.py")):
        if path.name not in ("__init__.py", "apps.py") and "migrations" not in path.parts:
            yield path.relative_to(PROJECT_DIR)


@pytest.mark.parametrize("app", [*APPS, "clinic_site"])
def test_what_is_where_names_every_module_of_every_app(app):
    """Each module is named in the first column, or lives in a folder named there and is
    named (as `module.py`, or a command or tag library by its name) in that row."""

    def named(module):
        for paths, names in what_is_where():
            if str(module) in paths:
                return True
            folders = [path for path in paths if path.endswith("/") and str(module).startswith(path)]
            if folders and (module.name in names or module.stem in names):
                return True
        return False

    assert [str(module) for module in main_modules(app) if not named(module)] == []


def test_what_is_where_names_only_modules_that_exist():
    for paths, names in what_is_where():
        folders = [PROJECT_DIR / path for path in paths if path.endswith("/")]
        for module in (name for name in names if name.endswith(".py") and "/" not in name):
            assert any(next(folder.rglob(module), None) for folder in folders), (
                f"{module} is in none of {paths}"
            )


def test_code_blocks_are_read_as_a_person_reads_them():
    text = "```sh\nmake run    # serves it\nfoo \\\n    --bar\n```\n\n  ```\n  sudo x   # y\n  ```\n"
    assert commands_in_code_blocks(text) == ["make run", "foo --bar", "sudo x"]


def test_paths_and_links_are_read_as_a_person_reads_them():
    text = (
        "See `deploy/render.py`, `templates/pages/services/<slug>.html`, `5/h`, `/srv/clinic`, "
        "`redis://host:6379/0`, `manage.py check` and [the runbook](deploy/README.md#backups), "
        "[above](#configuration), [Django](https://djangoproject.com/)."
    )
    assert list(paths_named_in(text)) == ["deploy/render.py", "templates/pages/services/<slug>.html"]
    assert links_in(text) == ["deploy/README.md"]
    assert exists("templates/pages/services/<slug>.html")
    assert not exists("templates/pages/services/<slug>.txt")
    assert not exists("deploy/no-such-file.py")
