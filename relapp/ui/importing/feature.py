"""Importing vCards into the main window: File ▸ Import…, drag and drop, the preview,
applying with progress and Cancel, and undoing an import.

Planning and applying run on ``shell.runner`` (off the GUI thread); the window keeps
repainting. Dialogs are opened (not exec'd) so the event loop keeps running.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QStandardPaths, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QFileDialog,
    QMessageBox,
    QProgressDialog,
)

from relapp.domain.dates import day_clock_text
from relapp.domain.i18n import _
from relapp.domain.importing.plan import Choice, ImportPlan
from relapp.domain.importing.records import ImportBatch, UndoResult
from relapp.services import importing, people
from relapp.services.importing import ImportCancelled, ImportResult
from relapp.ui import gc_collector
from relapp.ui.errors import show_error
from relapp.ui.importing.batches_dialog import BatchesDialog, undo_details
from relapp.ui.importing.confirm import MergeIntoPersonBox
from relapp.ui.importing.drop import DropHandler
from relapp.ui.importing.preview_dialog import PreviewDialog
from relapp.ui.importing.preview_facts import Prepared, PreviewFacts, prepared, preview_facts
from relapp.ui.shell import Shell, everything_about
from relapp.ui.tasks import Report

FILE_FILTER = "vCard files (*.vcf *.vcard *.VCF *.VCARD);;All files (*)"


def _message(parent: Any, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    box = QMessageBox(icon, title, "", QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    return box


def _let_go(held: list[ImportPlan]) -> ImportPlan:
    """The plan, taken out of the task's hands: once applied, the worker that applied it
    holds its last reference and frees it there. 10,000 cards are some 150,000 objects;
    freed on the GUI thread as the import's last callback returned, they held it for
    20-25 ms (issue 18). A plan holds no Qt object, so freeing it on the worker is safe."""
    return held.pop()


def install(shell: Shell) -> ImportFeature:
    return ImportFeature(shell)


class ImportFeature(QObject):
    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self.shell = shell
        self.dialog_parent = shell.widget  # the parent of the import's dialogs
        self.busy = False
        self.preview: PreviewDialog | None = None
        self.confirm: MergeIntoPersonBox | None = None
        self.question: QMessageBox | None = None
        self.notice: QMessageBox | None = None
        self.progress: QProgressDialog | None = None
        self.batches_dialog: BatchesDialog | None = None
        self.last_result: ImportResult | None = None
        self.last_undo: UndoResult | None = None
        self._build_actions()
        self.drop = DropHandler(
            shell.widget,
            shell.person_page,
            on_files=self.import_files,
            on_data=self.import_data,
            on_person_files=self.merge_into_person,
            current_person=self._current_person,
            tell=self._tell,
        )
        self.drop.install()
        shell.filesReceived.connect(self.files_received)

    # --- wiring ------------------------------------------------------------------------
    def _build_actions(self) -> None:
        parent = self.dialog_parent
        self.import_action = QAction(_("&Import vCards…"), parent)
        self.import_action.setObjectName("import-vcard")  # the welcome finds it by name
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.setStatusTip(_("Import .vcf files from a phone, Gmail, Outlook…"))
        self.import_action.triggered.connect(self.choose_files)
        self.undo_action = QAction(_("Undo &Last Import…"), parent)
        self.undo_action.triggered.connect(self.undo_last)
        self.batches_action = QAction(_("Im&ports…"), parent)
        self.batches_action.setStatusTip(_("Every import, and undoing one"))
        self.batches_action.triggered.connect(self.show_batches)
        self.shell.add_actions(
            "file", self.import_action, self.batches_action, self.undo_action, separate=True
        )

    def _current_person(self) -> tuple[int, str] | None:
        person = self.shell.shown_person
        return (person.id, person.display_name) if person is not None else None

    def _tell(self, text: str, msecs: int = 8000) -> None:
        self.shell.tell(text, msecs)

    # --- ways in -----------------------------------------------------------------------
    def choose_files(self) -> None:
        start = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DownloadLocation)
        paths, _filter = QFileDialog.getOpenFileNames(
            self.dialog_parent, _("Import vCards"), start, FILE_FILTER
        )
        if paths:
            self.import_files(paths)

    def files_received(self, paths: list[str]) -> None:
        """Files handed over on the command line (or by a second launch)."""
        from relapp.services.capture import sources
        from relapp.services.importing.folders import is_vcard_name

        # a folder: the vCard files in it (read on the worker), unless it is a Maildir
        cards = [
            p
            for p in paths
            if is_vcard_name(p) or (Path(p).is_dir() and sources.detect(Path(p)) is None)
        ]
        # history archives (mail, calendars, chats) are the capture feature's
        others = [Path(p).name for p in paths if p not in cards and not sources.detect(Path(p))]
        if others:
            self._tell(
                _(
                    "Not imported (not vCard files): {files}. "
                    "Relapp JSON files are read with: relapp import FILE.json"
                ).format(files=", ".join(others[:3])),
                15000,
            )
        if cards:
            self.import_files(cards)

    def import_files(self, paths: list[str]) -> None:
        db = self.shell.db
        names = ", ".join(Path(p).name for p in paths)
        self._plan(
            lambda report, cancel: prepared(
                importing.plan_import(db, paths, progress=report, cancel=cancel)
            ),
            self._show_prepared,
            _("Reading {files}…").format(files=names),
        )

    def import_data(self, data: bytes) -> None:
        db = self.shell.db
        self._plan(
            lambda report, cancel: prepared(
                importing.plan_import_data(
                    db, [("dropped contact", data)], progress=report, cancel=cancel
                )
            ),
            self._show_prepared,
            _("Reading the dropped contact…"),
        )

    def merge_into_person(self, paths: list[str], person_id: int) -> None:
        db = self.shell.db

        def work(report: Report, cancel: Callable[[], bool]) -> tuple[ImportPlan, Any]:
            plan = importing.plan_merge_into(db, paths, person_id)
            return plan, importing.preview_merges(db, plan, plan.defaults())

        self._plan(work, lambda result: self._confirm_merge(paths, person_id, *result), "")

    # --- planning ----------------------------------------------------------------------
    def _plan(self, work: Callable[[Report, Callable[[], bool]], Any], then: Callable, label: str):
        if self.busy:
            self._tell(_("An import is already under way; wait for it to finish."))
            return
        self.busy = True
        cancel = threading.Event()
        dialog = self._progress(label, cancel, minimum_duration=400) if label else None

        def done(result: Any) -> None:
            self._end(dialog)
            then(result)

        def failed(error: BaseException) -> None:
            self._end(dialog)
            self._failed(error)

        self.shell.runner.submit_with_progress(
            lambda report: work(report, cancel.is_set),
            done,
            failed,
            lambda d, t: self._step(dialog, d, t),
            name="the import",  # a write waiting behind it: "Saving after the import…"
        )

    def _show_prepared(self, ready: Prepared) -> None:
        self.show_preview(ready.plan, ready.facts)

    def show_preview(self, plan: ImportPlan, facts: PreviewFacts | None = None) -> None:
        facts = facts or preview_facts(plan)  # found on the worker when it planned
        if facts.readable == 0:
            problems = "\n".join(str(e) for e in plan.errors[:10]) or _("There are no cards in it.")
            self.notice = _message(
                self.dialog_parent,
                QMessageBox.Icon.Warning,
                _("Nothing to import"),
                _("Nothing could be imported; nothing was changed.") + f"\n\n{problems}",
            )
            self.notice.open()
            self._tell(_("Nothing imported: the file could not be read."))
            return
        dialog = PreviewDialog(plan, self.dialog_parent, facts=facts)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.apply(*dialog.hand_over()))
        dialog.finished.connect(lambda _result: self._preview_closed(dialog))
        self.preview = dialog
        gc_collector.set_busy(dialog, True)  # no full collection walks the plan meanwhile
        dialog.open()

    def _preview_closed(self, dialog: PreviewDialog) -> None:
        """Let the plan go with its dialog: 10,000 cards are some 80,000 objects that a
        full garbage collection would walk, holding the GUI thread, until the next
        preview replaced them."""
        gc_collector.set_busy(dialog, False)
        if self.preview is dialog:
            self.preview = None

    def _confirm_merge(
        self, paths: list[str], person_id: int, plan: ImportPlan, resolution: Any
    ) -> None:
        if plan.readable == 0:
            self.show_preview(plan)
            return
        row = self.shell.shown_person
        name = row.display_name if row is not None and row.id == person_id else "this person"
        box = MergeIntoPersonBox(plan, resolution, name, self.dialog_parent)
        self.confirm = box

        def answered(_result: int) -> None:
            clicked: QAbstractButton | None = box.clickedButton()
            if clicked is not None and clicked is box.add_button:
                self.apply(plan, plan.defaults(), select=person_id)
            elif clicked is not None and clicked is box.import_instead:
                self.import_files(paths)

        box.finished.connect(answered)
        box.open()

    # --- applying ----------------------------------------------------------------------
    def apply(
        self, plan: ImportPlan, choices: dict[int, Choice], *, select: int | None = None
    ) -> None:
        if self.busy:
            self._tell(_("An import is already under way; wait for it to finish."))
            return
        self.busy = True
        cancel = threading.Event()
        dialog = self._progress(_("Importing…"), cancel, minimum_duration=0)
        db = self.shell.db

        def done(result: ImportResult) -> None:
            self._end(dialog)
            self._applied(result, select)

        def failed(error: BaseException) -> None:
            self._end(dialog)
            self._failed(error)

        held = [plan]  # the task's own reference, dropped on the worker (see _let_go)

        def work(report: Report) -> ImportResult:
            return importing.apply_import(
                db, _let_go(held), choices, progress=report, cancel=cancel.is_set
            )

        self.shell.runner.submit_with_progress(
            work,
            done,
            failed,
            lambda d, t: self._step(dialog, d, t),
            name="the import",  # a write waiting behind it: "Saving after the import…"
        )

    def _applied(self, result: ImportResult, select: int | None) -> None:
        self.last_result = result
        if result.person_ids:
            # New people and details added to people already known.
            self.shell.announce(people.changes(result.person_ids, tags=True), select)
        self._tell(result.summary(), 20000)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ImportCancelled):
            self._tell(_("Import cancelled; nothing was changed."))
            return
        show_error(self.dialog_parent, error)

    # --- progress ----------------------------------------------------------------------
    def _progress(
        self, label: str, cancel: threading.Event, *, minimum_duration: int
    ) -> QProgressDialog:
        dialog = QProgressDialog(label, _("Cancel"), 0, 1000, self.dialog_parent)
        dialog.setWindowTitle(_("Import"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(minimum_duration)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(cancel.set)
        dialog.canceled.connect(lambda: dialog.setLabelText(_("Cancelling…")))
        dialog.setValue(0)
        self.progress = dialog
        return dialog

    @staticmethod
    def _step(dialog: QProgressDialog | None, done: int, total: int) -> None:
        if dialog is not None and not dialog.wasCanceled() and total > 0:
            dialog.setValue(min(1000, done * 1000 // total))

    def _end(self, dialog: QProgressDialog | None) -> None:
        self.busy = False
        if dialog is not None:
            dialog.canceled.disconnect()
            dialog.close()
            dialog.deleteLater()
        if self.progress is dialog:
            self.progress = None

    # --- undo --------------------------------------------------------------------------
    def undo_last(self) -> None:
        batches = importing.list_batches(self.shell.db)
        live = next((b for b in batches if not b.undone), None)
        if live is None:
            self._tell(_("There is no import to undo."))
            return
        self.ask_undo(live)

    def show_batches(self) -> None:
        dialog = BatchesDialog(
            importing.list_batches(self.shell.db), self.ask_undo, self.dialog_parent
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: setattr(self, "batches_dialog", None))
        self.batches_dialog = dialog
        dialog.open()

    def ask_undo(self, batch: ImportBatch) -> None:
        when = day_clock_text(batch.imported_at.astimezone())
        box = _message(
            self.batches_dialog or self.dialog_parent,
            QMessageBox.Icon.Question,
            _("Undo import?"),
            _("Undo the import of {file} ({when})?").format(file=batch.file_name, when=when)
            + "\n\n"
            + undo_details(batch),
        )
        box.setStandardButtons(QMessageBox.StandardButton.Cancel)
        undo = box.addButton(_("Undo Import"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        self.question = box

        def answered(_result: int) -> None:
            if box.clickedButton() is undo:
                self.undo(batch.id)

        box.finished.connect(answered)
        box.open()

    def undo(self, batch_id: int) -> None:
        if self.busy:
            self._tell(_("An import is already under way; wait for it to finish."))
            return
        self.busy = True
        db = self.shell.db

        def done(result: UndoResult) -> None:
            self.busy = False
            self.last_undo = result
            # Removed people take whatever was theirs with them.
            self.shell.announce(everything_about(result.person_ids))
            self._tell(result.summary(), 20000)
            if self.batches_dialog is not None:
                self.batches_dialog.set_batches(importing.list_batches(db))

        def failed(error: BaseException) -> None:
            self.busy = False
            show_error(self.dialog_parent, error)

        self.shell.runner.write(
            lambda: importing.undo_import(db, batch_id), done, failed, name="undoing the import"
        )
