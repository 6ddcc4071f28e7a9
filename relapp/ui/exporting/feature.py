"""Exporting from the main window: File ▸ Export… (vCard 4.0, vCard 3.0 or Relapp JSON;
everyone or the person on screen) and Person ▸ Export Person as vCard….

The export runs on ``shell.runner`` (off the GUI thread); how far it is, and what was
written, is shown in the status bar.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog

from relapp.domain.i18n import _
from relapp.services import people
from relapp.services.exporting import ExportResult, export_vcards
from relapp.services.json_file.format import export_json
from relapp.ui.errors import show_error
from relapp.ui.exporting.dialog import ExportChoice, ExportDialog, ExportFormat
from relapp.ui.shell import Shell
from relapp.ui.tasks import Report

FOLDER_KEY = "export/folder"
_NOT_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def install(shell: Shell) -> ExportFeature:
    return ExportFeature(shell)


def file_name_for(name: str, suffix: str) -> str:
    """A file name made from a person's name (no slashes or other characters that some
    systems do not allow)."""
    clean = _NOT_IN_FILE_NAMES.sub(" ", name)
    clean = " ".join(clean.split()).strip(". ")[:80]
    return f"{clean or 'person'}{suffix}"


class ExportFeature(QObject):
    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self.shell = shell
        self.dialog_parent = shell.widget  # the parent of the export's dialogs
        parent = self.dialog_parent
        self.busy = False
        self.dialog: ExportDialog | None = None
        self.last_result: ExportResult | None = None
        self.export_action = QAction(_("&Export…"), parent)
        self.export_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.export_action.setStatusTip(_("Write people as vCards, or everything as Relapp JSON"))
        self.export_action.triggered.connect(self.start)
        self.person_action = QAction(_("Export Person as &vCard…"), parent)
        self.person_action.setStatusTip(_("Write the person on screen as a vCard file"))
        self.person_action.triggered.connect(self.export_person)
        shell.add_actions("file", self.export_action, separate=True)
        shell.add_actions("person", self.person_action, separate=True)
        shell.menu("person").aboutToShow.connect(self._update_actions)
        self._update_actions()

    # --- what is on screen -----------------------------------------------------------
    def _person(self) -> tuple[int, str] | None:
        person = self.shell.shown_person
        if person is None or self.shell.current_person_id() != person.id:
            return None
        return person.id, person.display_name

    def _update_actions(self) -> None:
        self.person_action.setEnabled(self._person() is not None and not self.busy)
        self.export_action.setEnabled(not self.busy)

    def _tell(self, text: str, msecs: int = 10000) -> None:
        self.shell.tell(text, msecs)

    # --- asking ----------------------------------------------------------------------
    def start(self) -> None:
        """File ▸ Export…: count people off the GUI thread, then ask what to export."""
        if self._refuse_if_busy():
            return
        db = self.shell.db
        self.shell.runner.submit(
            lambda: (people.count_people(db), people.count_people(db, archived=True)),
            lambda counts: self.ask(*counts),
            self.shell.report_error,
        )

    def ask(self, everyone: int, archived: int) -> None:
        dialog = ExportDialog(everyone, archived, self._person(), self.dialog_parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.choose_and_export(dialog.choice()))
        self.dialog = dialog
        dialog.open()

    def export_person(self) -> None:
        """Person ▸ Export Person as vCard…: straight to choosing the file."""
        person = self._person()
        if person is None:
            self._tell(_("Choose a person first."))
            return
        self.choose_and_export(ExportChoice(ExportFormat.VCARD_4, person_id=person[0]))

    def choose_and_export(self, choice: ExportChoice) -> None:
        if self._refuse_if_busy():
            return
        suggested = self._suggested_name(choice)
        path = self.choose_path(choice.format, self._folder() / suggested)
        if path is None:
            return
        if path.suffix.lower() != choice.format.suffix:
            path = path.with_name(path.name + choice.format.suffix)
        self.shell.settings.setValue(FOLDER_KEY, str(path.parent))
        self.run(choice, path)

    def _suggested_name(self, choice: ExportChoice) -> str:
        today = date.today().isoformat()
        if choice.format is ExportFormat.JSON:
            return f"Relapp {today}.json"
        person = self._person()
        if choice.person_id is not None and person is not None and person[0] == choice.person_id:
            return file_name_for(person[1], ".vcf")
        return f"Relapp people {today}.vcf"

    def _folder(self) -> Path:
        saved = self.shell.settings.value(FOLDER_KEY)
        if saved and Path(str(saved)).is_dir():
            return Path(str(saved))
        documents = QStandardPaths.StandardLocation.DocumentsLocation
        return Path(QStandardPaths.writableLocation(documents) or Path.home())

    def choose_path(self, fmt: ExportFormat, suggested: Path) -> Path | None:
        """The file to write, from a save dialog (which asks before replacing a file)."""
        pattern = f"*{fmt.suffix}"
        kind = _("Relapp JSON") if fmt is ExportFormat.JSON else _("vCard files")
        chosen, _filter = QFileDialog.getSaveFileName(
            self.dialog_parent,
            _("Export as {format}").format(format=fmt.title),
            str(suggested),
            f"{kind} ({pattern})",
        )
        return Path(chosen) if chosen else None

    # --- exporting -------------------------------------------------------------------
    def run(self, choice: ExportChoice, path: Path) -> None:
        """Write the export off the GUI thread; the status bar tells how far it is."""
        if self._refuse_if_busy():
            return
        self.busy = True
        self._update_actions()
        db = self.shell.db
        label = _("Exporting to {file}…").format(file=path.name)
        self._tell(label, 0)

        def work(report: Report) -> ExportResult:
            if choice.format is ExportFormat.JSON:
                return export_json(db, path, progress=report)
            return export_vcards(
                db,
                path,
                person_ids=None if choice.person_id is None else [choice.person_id],
                version=choice.format.vcard_version or "4.0",
                include_archived=choice.include_archived,
                progress=report,
            )

        def step(done: int, total: int) -> None:
            if self.busy and total:
                self._tell(f"{label} {100 * done // total}%", 0)

        self.shell.runner.submit_with_progress(work, self._done, self._failed, step)

    def _done(self, result: ExportResult) -> None:
        self.busy = False
        self._update_actions()
        self.last_result = result
        self._tell(result.summary(), 15000)

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        self._update_actions()
        self._tell(_("The export failed; nothing was written."), 15000)
        show_error(self.dialog_parent, error)

    def _refuse_if_busy(self) -> bool:
        if self.busy:
            self._tell(_("An export is already under way; wait for it to finish."))
        return self.busy
