"""Asking before cards dropped on a person's page are added to that person."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from relapp.domain.importing.apply import Resolution
from relapp.domain.importing.merge import describe_additions
from relapp.domain.importing.plan import ImportPlan
from relapp.domain.text import fold

MAX_LINES = 12
# More cards than this dropped on one person is more likely a whole address book.
FEW_CARDS = 3


def _additions(resolution: Resolution) -> list[str]:
    lines: list[str] = []
    for merge in resolution.merged:
        lines.extend(describe_additions(merge.before, merge.after))
    return lines


class MergeIntoPersonBox(QMessageBox):
    """ "Add to Carol Roth?" with what would be added; ``import_instead`` is the button to
    import the cards as people instead (only offered for several cards)."""

    def __init__(
        self, plan: ImportPlan, resolution: Resolution, name: str, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle(f"Add to {name}?")
        self.setTextFormat(Qt.TextFormat.PlainText)
        readable = [c for c in plan.cards if c.draft is not None]
        files = ", ".join(f.name for f in plan.files)
        lines = _additions(resolution)
        self.has_changes = bool(lines)
        if lines:
            shown = [f"+ {line}" for line in lines[:MAX_LINES]]
            if len(lines) > MAX_LINES:
                shown.append(f"… and {len(lines) - MAX_LINES} more")
            text = f"Add what {files} says to {name}?\n\n" + "\n".join(shown)
        else:
            text = f"{name} already has everything {files} says. Nothing would change."
        notes: list[str] = []
        others = sorted(
            {c.name for c in readable if fold(c.name) != fold(name) and c.name},
            key=fold,
        )
        if others:
            listed = ", ".join(others[:3]) + (" …" if len(others) > 3 else "")
            notes.append(f"The {'card is' if len(readable) == 1 else 'cards are'} for {listed}.")
        if len(readable) > FEW_CARDS:
            notes.append(
                f"The file holds {len(readable):,} cards; adding all of them to one person "
                "is rarely right."
            )
        errors = plan.errors
        if errors:
            notes.append(f"{len(errors)} could not be read: {errors[0]}")
        self.setText(text)
        self.setInformativeText("\n".join(notes))
        self.add_button: QPushButton | None = None
        if self.has_changes:
            self.add_button = self.addButton(f"Add to {name}", QMessageBox.ButtonRole.AcceptRole)
        self.import_instead: QPushButton | None = None
        if len(readable) > 1 or others:
            self.import_instead = self.addButton(
                "Import as people instead…", QMessageBox.ButtonRole.ActionRole
            )
        cancel = self.addButton(
            QMessageBox.StandardButton.Cancel if self.has_changes else QMessageBox.StandardButton.Ok
        )
        self.setDefaultButton(self.add_button or cancel)
        self.setEscapeButton(cancel)
