"""Every variable the site reads from the environment is documented where operators look."""

import ast
import re
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
READERS = {"env_bool", "env_list", "env_int", "env_yes_no"}


def variables_read_by(path):
    """Names passed as the first argument to os.environ.get / env_bool / env_list / env_int,
    or used as os.environ[NAME]."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            is_environ = isinstance(func, ast.Attribute) and ast.unparse(func.value) == "os.environ"
            if (name == "get" and is_environ) or name in READERS:
                names.add(node.args[0].value)
        elif (
            isinstance(node, ast.Subscript)
            and ast.unparse(node.value) == "os.environ"
            and isinstance(node.slice, ast.Constant)
        ):
            names.add(node.slice.value)
    return names


def documented_in_env_example():
    text = (PROJECT_DIR / ".env.example").read_text()
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", text, re.MULTILINE))


def documented_in_configuration_table():
    """Names in the first column of docs/configuration.md's table (the README links it)."""
    text = (PROJECT_DIR / "docs" / "configuration.md").read_text()
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1])}


def read_variables():
    names = variables_read_by(PROJECT_DIR / "clinic_site" / "settings.py")
    names |= variables_read_by(PROJECT_DIR / "clinic_site" / "gunicorn.conf.py")
    return names


def test_the_settings_reader_finds_the_variables_we_know_of():
    names = read_variables()
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "ANALYTICS_ENABLED", "WEB_CONCURRENCY"} <= names


def test_every_environment_variable_is_in_env_example():
    assert read_variables() - documented_in_env_example() == set()


def test_every_environment_variable_is_in_the_configuration_table():
    assert read_variables() - documented_in_configuration_table() == set()
