"""History capture in the window: File ▸ Capture History…, dropping archives on the
window, the preview, applying with progress and Cancel, Settings ▸ My Addresses….

Planning and applying run on ``shell.runner`` (the one worker): the window keeps
repainting, and a save made meanwhile waits its turn. The capture is an import batch:
File ▸ Imports… undoes it (``ui/importing``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QProgressDialog

from relapp.domain.capture.plan import CapturePlan
from relapp.domain.i18n import _
from relapp.services import capture, people
from relapp.services.capture import CaptureResult, sources
from relapp.services.importing import ImportCancelled
from relapp.ui.capture.drop import CaptureDrop
from relapp.ui.capture.me_dialog import MyAddressesDialog
from relapp.ui.capture.preview_dialog import CapturePreviewDialog
from relapp.ui.capture.preview_people import PreviewPeople, preview_people
from relapp.ui.errors import show_error
from relapp.ui.shell import Shell
from relapp.ui.tasks import Report


def install(shell: Shell) -> CaptureFeature:
    return CaptureFeature(shell)


class CaptureFeature(QObject):
    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self.shell = shell
        self.busy = False
        self.preview: CapturePreviewDialog | None = None
        self.progress: QProgressDialog | None = None
        self.me_dialog: MyAddressesDialog | None = None
        self.last_result: CaptureResult | None = None
        parent = shell.widget
        self.capture_action = QAction(_("Capture &History…"), parent)
        self.capture_action.setStatusTip(
            _("Add history from mail, calendar and chat archives on this computer")
        )
        self.capture_action.triggered.connect(self.choose_files)
        shell.add_actions("file", self.capture_action)
        self.me_action = QAction(_("My &Addresses…"), parent)
        self.me_action.triggered.connect(self.edit_my_addresses)
        shell.add_actions("settings", self.me_action)
        self.drop = CaptureDrop((shell.widget, shell.person_page), self.capture_files)
        self.drop.install()
        shell.filesReceived.connect(self.files_received)

    def _tell(self, text: str, msecs: int = 8000) -> None:
        self.shell.tell(text, msecs)

    def files_received(self, paths: list[str]) -> None:
        """Files handed over on the command line (or by a second launch): the archives
        among them (vCards are the import's)."""
        found = [p for p in paths if sources.detect(Path(p)) is not None]
        if found:
            self.capture_files(found)

    def choose_files(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(
            self.shell.widget, _("Capture history from"), "", _("All files (*)")
        )
        if paths:
            self.capture_files(paths)

    # --- planning ----------------------------------------------------------------------

    def capture_files(self, paths: list[str]) -> None:
        if self.busy:
            self._tell(_("A capture is already under way; wait for it to finish."))
            return
        db = self.shell.db

        def work(report: Report, cancel: Callable[[], bool]) -> tuple[Any, ...]:
            plan = capture.plan_capture(db, paths, progress=report, cancel=cancel)
            summary = plan.per_person()
            rows = people.person_rows(db, [pid for pid in summary if pid > 0])
            names = {pid: row.display_name for pid, row in rows.items()}
            return plan, preview_people(summary, names)

        self._run(_("Reading the archives…"), work, lambda result: self.show_preview(*result))

    def show_preview(self, plan: CapturePlan, people: PreviewPeople) -> None:
        dialog = CapturePreviewDialog(plan, people, self.shell.widget)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.apply(*dialog.hand_over()))
        dialog.finished.connect(lambda _r: setattr(self, "preview", None))
        self.preview = dialog
        dialog.open()

    # --- applying ----------------------------------------------------------------------

    def apply(self, plan: CapturePlan, add: list[int]) -> None:
        db = self.shell.db
        held = [plan]  # the worker frees it as it finishes: no Qt in it, and 20,000 mails
        # planned are 600,000 memory blocks the GUI thread would free (issue 18)

        def work(report: Report, cancel: Callable[[], bool]) -> CaptureResult:
            return capture.apply_capture(db, held.pop(), add, progress=report, cancel=cancel)

        self._run(_("Capturing history…"), work, self._applied)

    def _applied(self, result: CaptureResult) -> None:
        self.last_result = result
        if result.batch_id is not None:
            self.shell.announce(result.changes)
            self._tell(
                _("{summary} (File ▸ Imports… undoes it)").format(summary=result.summary()), 20000
            )
        else:
            self._tell(_("Nothing new to capture; nothing was changed."), 10000)

    # --- the worker, with progress and Cancel -------------------------------------------

    def _run(
        self,
        label: str,
        work: Callable[[Report, Callable[[], bool]], Any],
        then: Callable[[Any], None],
    ) -> None:
        if self.busy:
            self._tell(_("A capture is already under way; wait for it to finish."))
            return
        self.busy = True
        cancel = threading.Event()
        dialog = QProgressDialog(label, _("Cancel"), 0, 1000, self.shell.widget)
        dialog.setWindowTitle(_("Capture history"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(cancel.set)
        dialog.canceled.connect(lambda: dialog.setLabelText(_("Cancelling…")))
        dialog.setValue(0)
        self.progress = dialog

        def step(done: int, total: int) -> None:
            if not dialog.wasCanceled() and total > 0:
                dialog.setValue(min(1000, done * 1000 // total))

        def end() -> None:
            self.busy = False
            dialog.canceled.disconnect()
            dialog.close()
            dialog.deleteLater()
            self.progress = None

        def done(result: Any) -> None:
            end()
            then(result)

        def failed(error: BaseException) -> None:
            end()
            if isinstance(error, ImportCancelled):
                self._tell(_("Capture cancelled; nothing was changed."))
            else:
                show_error(self.shell.widget, error)

        self.shell.runner.submit_with_progress(
            lambda report: work(report, cancel.is_set),
            done,
            failed,
            step,
            name="the capture",
        )

    # --- my addresses ------------------------------------------------------------------

    def edit_my_addresses(self) -> None:
        dialog = MyAddressesDialog(
            capture.my_addresses(self.shell.db), self._save_addresses, self.shell.widget
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: setattr(self, "me_dialog", None))
        self.me_dialog = dialog
        dialog.open()

    def _save_addresses(self, addresses: list[str]) -> None:
        db = self.shell.db
        dialog = self.me_dialog

        def done(changes: Any) -> None:
            self.shell.announce(changes)
            self._tell(_("My addresses saved."))
            if dialog is not None:
                dialog.saved()

        def failed(error: BaseException) -> None:
            if dialog is not None:
                dialog.refused()
            show_error(dialog or self.shell.widget, error)

        self.shell.runner.write(
            lambda: capture.set_my_addresses(db, addresses), done, failed, name="my addresses"
        )
