"""Adding or editing a person, with the duplicate guard watching as you type.

While you type a name, an email or a phone, the guard asks (off the GUI thread) whom you
already know that this may be, and shows them above the buttons. Saving checks once more
if the guard has not seen the latest input, so a fast Enter cannot slip a duplicate in.
Saving is a write on the runner's worker (``ui/writer.DialogWrite``): the dialog says
"Saving…" and closes when it is done, so ``exec()`` then ``person`` work as before.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.errors import InvalidInput, RelappError
from relapp.domain.i18n import N_, _
from relapp.domain.model import Person, PersonDraft
from relapp.services import people
from relapp.storage import Database
from relapp.ui import icons, theme
from relapp.ui.duplicate_panel import DuplicateGuard, DuplicatePanel
from relapp.ui.errors import show_error
from relapp.ui.person_form import PersonForm
from relapp.ui.tasks import TaskRunner
from relapp.ui.writer import DialogWrite

PAIR_MERGE_TEXT = (
    N_("Merge with this person…"),
    N_("Close without saving, and merge the two people you have (you choose whom to keep)"),
)


class PersonDialog(QDialog):
    """Add a person (``person=None``) or edit one.

    After ``exec()``: ``outcome`` is "created", "updated", "open" (the user chose to open
    a known person instead: ``chosen_existing_id``), "merged" (the new details were
    added to ``chosen_existing_id``; ``person`` is that person as stored now) or, when
    editing, "merge" (merge the edited person with ``chosen_existing_id``; not saved).
    ``person`` is the stored Person after "created"/"updated"; None when cancelled.
    """

    def __init__(
        self,
        db: Database,
        runner: TaskRunner,
        person: Person | None = None,
        parent: QWidget | None = None,
        *,
        initial_name: str = "",
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.runner = runner
        self.original = person
        self.person: Person | None = None
        self.outcome: str | None = None
        self.chosen_existing_id: int | None = None

        self.setWindowTitle(_("New Person") if person is None else _("Edit Person"))
        self.setWindowIcon(icons.icon("person-add"))
        self.setMinimumSize(560, 460)
        self.resize(680, 700)
        self._build()
        if person is not None:
            self.form.load(person)
            # Only changes the user makes are worth a warning when editing.
            self.guard.mark_seen()
        else:
            self.form.name_touched = bool(initial_name.strip())
            self.form.name_edit.setText(" ".join(initial_name.split()))
        self._connect()
        self._update_tab_order()
        self.form.name_edit.setFocus()
        if person is None and initial_name.strip():
            self.guard.schedule()

    # --- layout --------------------------------------------------------------------
    def _build(self) -> None:
        self.form = PersonForm()
        self.scroll = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(self.form)

        self.duplicates = DuplicatePanel(
            merge_text=None if self.original is None else PAIR_MERGE_TEXT
        )
        self.guard = DuplicateGuard(
            self.db,
            self.runner,
            self.duplicates,
            self.guard_input,
            exclude_id=self.original.id if self.original is not None else None,
            parent=self,
        )
        self.error_label = QLabel()
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setWordWrap(True)
        theme.set_style(self.error_label, "color: $error; font-weight: bold;")
        self.error_label.hide()

        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(
            _("&Save"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)

        self.writing = DialogWrite(
            self,
            self.runner,
            self.save_button,
            (scroll, self.duplicates, self.cancel_button),
            self._show_invalid,
        )
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.duplicates)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def _connect(self) -> None:
        self.form.identityChanged.connect(self.guard.schedule)
        self.guard.matchesShown.connect(self._matches_shown)
        self.form.contacts.rowsChanged.connect(self._update_tab_order)
        self.duplicates.openRequested.connect(self.open_existing)
        self.duplicates.mergeRequested.connect(self.merge_into)
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.save)

    def _update_tab_order(self) -> None:
        chain: list[QWidget] = [
            *self.form.focus_chain(),
            *self.duplicates.focus_chain(),
            self.save_button,
            self.cancel_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def draft(self) -> PersonDraft:
        """What the form says; raises InvalidInput for what cannot be stored."""
        return self.form.draft(self.original.photo if self.original is not None else None)

    def guard_input(self) -> PersonDraft:
        """Just what the duplicate guard looks at: names, emails and phones."""
        return self.form.guard_input()

    # --- the duplicate guard ------------------------------------------------------
    def _matches_shown(self) -> None:
        anyway = _("Create &anyway") if self.original is None else _("Save &anyway")
        self.save_button.setText(anyway if self.duplicates.has_strong else _("&Save"))
        self._update_tab_order()

    # --- outcomes -----------------------------------------------------------------
    def save(self) -> None:
        """Save (or "Create anyway" once strong matches are shown)."""
        if not self.guard.active or self.writing.saving:
            return
        self.error_label.hide()
        try:
            draft = self.draft()
            seen = self.duplicates.strong_ids()
            self.guard.check_now()
            if not self.duplicates.strong_ids() <= seen:
                return  # strong matches the user has not seen yet: let them decide
        except InvalidInput as exc:
            self._show_invalid(exc)
            return
        except RelappError as exc:
            show_error(self, exc)
            return
        db = self.db
        if self.original is None:
            self._write(lambda: people.add_person(db, draft), "created")
        else:
            person_id = self.original.id
            self._write(lambda: people.update_person(db, person_id, draft), "updated")

    def _write(self, work: Callable[[], Person], outcome: str, chosen: int | None = None) -> None:
        """Hand the write to the worker; close when it is done, or say why not."""

        def done(person: Person) -> None:
            self.person, self.outcome = person, outcome
            if chosen is not None:
                self.chosen_existing_id = chosen
            self.accept()

        self.writing.write(work, done)

    def reject(self) -> None:
        if not self.writing.saving:  # a write under way finishes first; then the dialog closes
            super().reject()

    def open_existing(self, person_id: int) -> None:
        self.chosen_existing_id = person_id
        self.outcome = "open"
        self.accept()

    def merge_into(self, person_id: int) -> None:
        """Add the new emails, phones and notes to a known person instead of a new one.

        Editing, the two are both stored: close (nothing saved) with outcome "merge", and
        the window asks whether to merge them (``MainWindow.mergeRequested``)."""
        if self.writing.saving:
            return
        if self.original is not None:
            self.chosen_existing_id = person_id
            self.outcome = "merge"
            self.reject()
            return
        points, notes = self.form.contacts.points(), self.form.notes_edit.toPlainText()
        db = self.db
        self._write(
            lambda: people.add_contact_points(db, person_id, points, notes), "merged", person_id
        )

    def _show_invalid(self, error: InvalidInput) -> None:
        self.error_label.setText(str(error))
        self.error_label.show()
        target = self.form.field_widget(error.field)
        if target is not None:
            target.setFocus()
            self.scroll.ensureWidgetVisible(target)

    def done(self, result: int) -> None:
        self.guard.stop()
        super().done(result)
