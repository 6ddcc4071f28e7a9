"""Asking before cards dropped on a person's page are added to that person."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from relapp.domain.dates import number_text
from relapp.domain.i18n import _, ngettext
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
        self.setWindowTitle(_("Add to {name}?").format(name=name))
        self.setTextFormat(Qt.TextFormat.PlainText)
        readable = [c for c in plan.cards if c.draft is not None]
        files = ", ".join(f.name for f in plan.files)
        lines = _additions(resolution)
        self.has_changes = bool(lines)
        if lines:
            shown = [f"+ {line}" for line in lines[:MAX_LINES]]
            if len(lines) > MAX_LINES:
                shown.append(_("… and {n} more").format(n=number_text(len(lines) - MAX_LINES)))
            text = _("Add what {files} says to {name}?").format(files=files, name=name)
            text += "\n\n" + "\n".join(shown)
        else:
            text = _("{name} already has everything {files} says. Nothing would change.").format(
                name=name, files=files
            )
        notes: list[str] = []
        others = sorted(
            {c.name for c in readable if fold(c.name) != fold(name) and c.name},
            key=fold,
        )
        if others:
            listed = ", ".join(others[:3]) + (" …" if len(others) > 3 else "")
            notes.append(
                ngettext(
                    "The card is for {names}.", "The cards are for {names}.", len(readable)
                ).format(names=listed)
            )
        if len(readable) > FEW_CARDS:
            notes.append(
                _(
                    "The file holds {n} cards; adding all of them to one person is rarely right."
                ).format(n=number_text(len(readable)))
            )
        errors = plan.errors
        if errors:
            notes.append(
                ngettext(
                    "{n} could not be read: {error}", "{n} could not be read: {error}", len(errors)
                ).format(n=len(errors), error=errors[0])
            )
        self.setText(text)
        self.setInformativeText("\n".join(notes))
        self.add_button: QPushButton | None = None
        if self.has_changes:
            self.add_button = self.addButton(
                _("Add to {name}").format(name=name), QMessageBox.ButtonRole.AcceptRole
            )
        self.import_instead: QPushButton | None = None
        if len(readable) > 1 or others:
            self.import_instead = self.addButton(
                _("Import as people instead…"), QMessageBox.ButtonRole.ActionRole
            )
        cancel = self.addButton(
            QMessageBox.StandardButton.Cancel if self.has_changes else QMessageBox.StandardButton.Ok
        )
        self.setDefaultButton(self.add_button or cancel)
        self.setEscapeButton(cancel)
