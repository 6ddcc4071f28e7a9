"""The project's own rules: lint and format clean, and the layers import only downwards."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from functools import cache
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


@cache  # the files do not change during a run: each is parsed once for the six rules
def _imports(path: Path) -> frozenset[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return frozenset(names)


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


# -- colours come from one style module (issue 17, dark mode) ----------------------------

THEME = "relapp/ui/theme/"
_HEX = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3}(?:[0-9a-fA-F]{2})?)?(?![\w-])")
_CSS_FUNCTION = re.compile(r"\b(?:rgba?|hsla?|hsva?)\s*\(", re.IGNORECASE)
_CSS_NAMED = re.compile(
    r"(?:color|background|border[\w-]*)\s*:[^;}]*\b(?:white|black|red|green|blue|gr[ae]y|"
    r"yellow|orange|purple|pink|brown|cyan|magenta|silver|navy|maroon|teal)\b",
    re.IGNORECASE,
)
# palette(dark)/palette(mid) are the colours of frames and shadows: as text they are grey
# on grey (unreadable in a dark scheme); text takes the style module's muted colour.
_BORDER_ROLE_AS_TEXT = re.compile(r"(?<![\w-])color\s*:\s*palette\((?:dark|mid|midlight|light)\)")
_COLOUR_CALLS = {"QColor", "mkColor", "mkPen", "mkBrush", "intColor"}


def _literal_colours(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
            for pattern in (_HEX, _CSS_FUNCTION, _CSS_NAMED, _BORDER_ROLE_AS_TEXT):
                if match := pattern.search(text):
                    found.append(f"line {node.lineno}: {match.group(0)!r}")
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute):
            if node.value.attr == "GlobalColor" and node.attr != "transparent":
                found.append(f"line {node.lineno}: Qt.GlobalColor.{node.attr}")
        elif isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name in _COLOUR_CALLS and any(isinstance(a, ast.Constant) for a in node.args):
                found.append(f"line {node.lineno}: {name}({ast.unparse(node.args[0])}, ...)")
    return found


def test_no_literal_colour_in_the_ui_outside_the_style_module() -> None:
    problems = [
        f"  {path.relative_to(ROOT).as_posix()} {where}"
        for path in sorted((PACKAGE / "ui").rglob("*.py"))
        if not path.relative_to(ROOT).as_posix().startswith(THEME)
        for where in _literal_colours(path)
    ]
    assert problems == [], (
        f"Rule: every colour in relapp/ui comes from {THEME} (palette roles or light/dark "
        "pairs that follow the colour scheme), never a literal (hex, rgb(), QColor(r, g, b), "
        "a named colour, palette(dark) as text):\n" + "\n".join(problems)
    )


def test_the_literal_colour_finder_sees_each_kind(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        'a = "color: #c62828;"\nb = QColor(0, 0, 0, 120)\nc = pg.mkPen("w")\n'
        'd = "QLabel { color: white; }"\ne = Qt.GlobalColor.red\nf = "rgba(1, 2, 3, 4)"\n'
        'g = "color: palette(dark);"\nh = "#briefPanel { border: none; }"\ni = QColor(x)\n',
        encoding="utf-8",
    )
    lines = sorted(int(hit.split()[1].rstrip(":")) for hit in _literal_colours(sample))
    assert lines == [1, 2, 3, 4, 5, 6, 7]
