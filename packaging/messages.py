"""The messages marked in relapp/ and the catalogues that translate them (a developer
tool, like xgettext + msgmerge, on Babel; docs/translations.md).

    python packaging/messages.py           # add new messages to every catalogue, drop gone ones

tests/unit/test_translations.py uses ``marked_messages`` to fail when a catalogue lacks
a marked message, keeps one no longer marked, or leaves one untranslated.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "resources" / "locale"
# name -> (index of the context or None, index of the message, index of the plural or None)
MARKERS: dict[str, tuple[int | None, int, int | None]] = {
    "_": (None, 0, None),
    "N_": (None, 0, None),
    "ngettext": (None, 0, 1),
    "pgettext": (0, 1, None),
    "npgettext": (0, 1, 2),
}

Key = tuple[str | None, str]  # (context, msgid)


class Marked:
    def __init__(self) -> None:
        self.messages: dict[Key, str | None] = {}  # -> plural
        self.where: dict[Key, str] = {}
        self.problems: list[str] = []


def _name(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute) and func.attr in MARKERS and func.attr != "_":
        return func.attr
    return None


def marked_messages(folder: Path = ROOT / "relapp") -> Marked:
    """Every message marked for translation under ``folder``: each argument must be a
    plain string (an f-string or an expression cannot be in a catalogue); ``_(NAME)``
    translates a constant marked with ``N_`` where it is defined."""
    found = Marked()
    for path in sorted(folder.rglob("*.py")):
        if path.name == "i18n.py" and path.parent.name == "domain":
            continue  # the markers' own definitions
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = _name(node)
            if name not in MARKERS:
                continue
            context_at, message_at, plural_at = MARKERS[name]
            constant = ast.Name | ast.Attribute | ast.Subscript
            if name == "_" and node.args and isinstance(node.args[0], constant):
                continue  # _(CONSTANT): the constant is marked where it is made, with N_()
            place = f"{path.relative_to(ROOT)}:{node.lineno}"
            texts: list[str | None] = []
            for index in (context_at, message_at, plural_at):
                if index is None:
                    texts.append(None)
                    continue
                arg = node.args[index] if index < len(node.args) else None
                if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                    found.problems.append(f"{place}: {name}() needs a plain string")
                    break
                texts.append(arg.value)
            else:
                key = (texts[0], texts[1] or "")
                found.messages[key] = texts[2]
                found.where.setdefault(key, place)
    return found


def catalogues() -> list[Path]:
    return sorted(LOCALE.glob("*/LC_MESSAGES/relapp.po"))


def read(path: Path) -> Catalog:
    with path.open("rb") as source:
        return read_po(source, locale=path.parent.parent.name)


def update(path: Path, marked: Marked) -> None:
    """Add the marked messages ``path`` lacks (untranslated), drop those no longer marked."""
    catalogue = read(path)
    wanted = set(marked.messages)
    for message in list(catalogue):
        if message.id and (message.context, _id(message.id)) not in wanted:
            catalogue.delete(message.id, context=message.context)
    for (context, msgid), plural in marked.messages.items():
        if catalogue.get(msgid if plural is None else (msgid, plural), context) is None:
            catalogue.add(
                msgid if plural is None else (msgid, plural),
                "" if plural is None else ("", ""),
                context=context,
                locations=[(marked.where[(context, msgid)].rsplit(":", 1)[0], None)],
            )
    with path.open("wb") as out:
        write_po(out, catalogue, width=100, omit_header=False, sort_output=False)


def _id(msgid: str | tuple[str, ...]) -> str:
    return msgid if isinstance(msgid, str) else msgid[0]


if __name__ == "__main__":
    found = marked_messages()
    for problem in found.problems:
        print(problem, file=sys.stderr)
    for po in catalogues():
        update(po, found)
        print(f"updated {po.relative_to(ROOT)}")
