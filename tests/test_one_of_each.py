"""Issue 14: one ``Clock`` type and one plain-label helper, each defined in one place
that every module reads (the direction's words: ``tests/ui/test_direction_words.py``
and ``tests/unit/test_contact_words.py``)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "relapp"


def _modules() -> list[tuple[str, ast.Module]]:
    return [
        (path.relative_to(ROOT).as_posix(), ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted(PACKAGE.rglob("*.py"))
    ]


def test_clock_is_defined_once_in_the_domain() -> None:
    defined = [
        rel
        for rel, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign | ast.AnnAssign)
        and any(
            isinstance(t, ast.Name) and t.id == "Clock"
            for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
        )
    ]
    assert defined == ["relapp/domain/clock.py"]


def _makes_a_plain_label(fn: ast.FunctionDef) -> bool:
    returns = ast.unparse(fn.returns) if fn.returns is not None else ""
    return returns.strip("'\"") == "QLabel" and "TextFormat.PlainText" in ast.unparse(fn)


def test_one_helper_makes_plain_text_labels() -> None:
    """Outside the shared widgets (where ``chips.chip`` is a badge of its own), a label
    for user text comes from ``plain_label``: no module keeps a copy of it."""
    helpers = [
        f"{rel}: {node.name}"
        for rel, tree in _modules()
        if not rel.startswith("relapp/ui/widgets/")
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and _makes_a_plain_label(node)
    ]
    assert helpers == []
