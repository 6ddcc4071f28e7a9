"""The project's own rules: lint and format clean, and the layers import only downwards."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "relapp"


def _ruff() -> list[str]:
    exe = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if exe is None:
        pytest.skip("ruff is not installed (pip install -e '.[test]')")
    return [exe]


def test_ruff_check_is_clean() -> None:
    result = subprocess.run([*_ruff(), "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean() -> None:
    result = subprocess.run(
        [*_ruff(), "format", "--check", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _violations(
    folder: str, forbidden: tuple[str, ...], allowed: tuple[str, ...] = ()
) -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if not rel.startswith(folder) or any(rel.startswith(a) for a in allowed):
            continue
        for name in _imports(path):
            if any(name == f or name.startswith(f + ".") for f in forbidden):
                found.append(f"{rel} imports {name}")
    return found


def test_domain_imports_nothing_of_the_project_but_itself_nor_qt_nor_peewee() -> None:
    forbidden = ("relapp.storage", "relapp.services", "relapp.ui", "PySide6", "peewee", "playhouse")
    assert _violations("relapp/domain/", forbidden) == []


def test_no_qt_outside_ui_and_the_bootstrap() -> None:
    assert (
        _violations("relapp/", ("PySide6", "pyqtgraph"), ("relapp/ui/", "relapp/__main__.py")) == []
    )


def test_no_peewee_or_sql_driver_outside_storage() -> None:
    assert _violations("relapp/", ("peewee", "playhouse", "sqlite3"), ("relapp/storage/",)) == []


def test_services_do_not_reach_into_ui() -> None:
    assert _violations("relapp/services/", ("relapp.ui",)) == []
    assert _violations("relapp/storage/", ("relapp.ui", "relapp.services")) == []


def test_the_demo_is_seed_data_above_the_services() -> None:
    """``relapp/demo/`` fills a database through the services; nothing below it (nor
    the domain) reaches up into the demo, and the demo has no Qt."""
    below = ("relapp/services/", "relapp/storage/", "relapp/domain/")
    for folder in below:
        assert _violations(folder, ("relapp.demo",)) == []
    assert _violations("relapp/demo/", ("relapp.ui",)) == []


def test_the_command_line_is_on_top() -> None:
    """``relapp/cli/`` uses the services; only the entry point (``__main__``) reaches it."""
    for folder in ("relapp/ui/", "relapp/services/", "relapp/storage/", "relapp/domain/"):
        assert _violations(folder, ("relapp.cli",)) == []
    assert _violations("relapp/demo/", ("relapp.cli",)) == []
    assert _violations("relapp/cli/", ("relapp.ui", "PySide6")) == []
