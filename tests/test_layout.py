"""The apps depend on each other one way, and none on the project package."""

import ast
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent
APPS = ("practice", "pages", "appointments", "analytics", "staff_access")


def imported_modules(app):
    for path in (PROJECT_DIR / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                yield path, node.module
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    yield path, alias.name


@pytest.mark.parametrize("app", APPS)
def test_no_app_imports_the_project_package(app):
    offending = [
        f"{path}: {module}" for path, module in imported_modules(app) if module.split(".")[0] == "clinic_site"
    ]
    assert offending == []


@pytest.mark.parametrize(
    ("app", "never"),
    [
        ("pages", "appointments"),
        ("pages", "analytics"),
        # practice is what the others share: it leans on none of them.
        ("practice", "pages"),
        ("practice", "appointments"),
        ("practice", "analytics"),
        # Signing staff in knows nothing of what they then see.
        ("staff_access", "appointments"),
        ("staff_access", "pages"),
        ("staff_access", "analytics"),
    ],
)
def test_dependencies_point_one_way(app, never):
    offending = [
        f"{path}: {module}" for path, module in imported_modules(app) if module.split(".")[0] == never
    ]
    assert offending == []
