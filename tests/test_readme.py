"""The README stays true: every command it shows in a code block is run by a test or by CI."""

import re
from pathlib import Path

from tests.readme_commands import CI, ON_A_SERVER, RUN_HERE

PROJECT_DIR = Path(__file__).resolve().parent.parent


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


def test_every_command_in_the_readme_is_run_by_a_test_or_by_ci():
    shown = set(commands_in_code_blocks((PROJECT_DIR / "README.md").read_text()))
    listed = set(RUN_HERE) | set(ON_A_SERVER)
    assert not shown - listed, (
        f"list these in tests/readme_commands.py with the test that runs them: {shown - listed}"
    )
    assert not listed - shown, (
        f"no longer in the README, drop them from tests/readme_commands.py: {listed - shown}"
    )


def test_every_test_named_for_a_readme_command_exists():
    for runner in {*RUN_HERE.values(), *ON_A_SERVER.values()}:
        if runner == CI:
            assert "make test" in (PROJECT_DIR / ".ci/run").read_text()
            continue
        path, _, name = runner.partition("::")
        assert re.search(rf"^def {name}\(", (PROJECT_DIR / path).read_text(), re.M), f"{runner} is not a test"


def test_code_blocks_are_read_as_a_person_reads_them():
    text = "```sh\nmake run    # serves it\nfoo \\\n    --bar\n```\n\n  ```\n  sudo x   # y\n  ```\n"
    assert commands_in_code_blocks(text) == ["make run", "foo --bar", "sudo x"]
