"""Every word the window shows goes through the catalogue: a plain string or an f-string
handed straight to a Qt text setter (a label, a button, a title, a tooltip, a status
message) in relapp/ui fails here, with where it is. The catalogue test
(test_translations.py) then holds every marked message translated in German."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Calls whose text arguments the user reads.
SHOWN = {
    "setText",
    "setWindowTitle",
    "setToolTip",
    "setStatusTip",
    "setPlaceholderText",
    "setAccessibleName",
    "setAccessibleDescription",
    "setSuffix",
    "setPrefix",
    "setSpecialValueText",
    "setLabelText",
    "setInformativeText",
    "setTitle",
    "setHeaderLabels",
    "setHorizontalHeaderLabels",
    "addRow",
    "addItem",
    "addAction",
    "addButton",
    "addTab",
    "showMessage",
    "tell",
    "QLabel",
    "QPushButton",
    "QCheckBox",
    "QRadioButton",
    "QGroupBox",
    "QAction",
    "QToolButton",
    "QMessageBox",
    "QProgressDialog",
    "plain_label",
    "heading",
    "section_title",
    "getOpenFileName",
    "getOpenFileNames",
    "getSaveFileName",
    "getExistingDirectory",
}
# Words that are the same in every language: names, formats, symbols.
SAME_EVERYWHERE = {
    "Relapp",
    "vCard 4.0",
    "vCard 3.0",
    "https://dav.example.com/",
    "HH:mm",
    "d MMM yyyy",
    "<qt><br></qt>",  # a tooltip's frame around user text
}


def _words(node: ast.expr) -> str | None:
    """The English words of a literal or an f-string argument; None for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, ast.List | ast.Tuple):
        found = [_words(item) for item in node.elts]
        return " ".join(w for w in found if w) or None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        parts = [_words(node.left), _words(node.right)]
        return " ".join(p for p in parts if p) or None
    if isinstance(node, ast.IfExp):
        parts = [_words(node.body), _words(node.orelse)]
        return " ".join(p for p in parts if p) or None
    return None


def _is_words(text: str) -> bool:
    stripped = text.strip()
    return stripped not in SAME_EVERYWHERE and sum(c.isalpha() for c in stripped) >= 2


def unmarked_texts(folder: Path) -> list[str]:
    problems = []
    for path in sorted(folder.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name not in SHOWN:
                continue
            for arg in [*node.args, *(k.value for k in node.keywords if k.arg != "objectName")]:
                text = _words(arg)
                if text is not None and _is_words(text):
                    where = f"{path.relative_to(ROOT)}:{node.lineno}"
                    problems.append(f"{where}: {name}({text[:60]!r})")
    return problems


def test_every_text_the_window_shows_is_marked_for_translation() -> None:
    problems = unmarked_texts(ROOT / "relapp" / "ui")
    assert problems == [], (
        "Shown to the user but not marked: wrap it in _() / ngettext() "
        "(docs/translations.md), then run packaging/messages.py and translate:\n"
        + "\n".join(problems)
    )


def test_the_check_finds_an_unmarked_label(tmp_path: Path) -> None:
    """The check itself: a plain label, an f-string title and a list of headers are found;
    marked ones, symbols and names are not."""
    module = tmp_path / "relapp" / "ui" / "sample.py"
    module.parent.mkdir(parents=True)
    module.write_text(
        "label = QLabel('Contact details:')\n"
        "dialog.setWindowTitle(f'Import {name}')\n"
        "table.setHorizontalHeaderLabels(['Date', 'Size'])\n"
        "ok = QLabel(_('Contact details:'))\n"
        "button.setText('✕')\n"
        "box.setWindowTitle('Relapp')\n",
        encoding="utf-8",
    )
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        found = unmarked_texts(tmp_path / "relapp" / "ui")
    finally:
        ROOT = saved
    assert [line.split(": ", 1)[1] for line in found] == [
        "QLabel('Contact details:')",
        "setWindowTitle('Import ')",
        "setHorizontalHeaderLabels('Date Size')",
    ]
