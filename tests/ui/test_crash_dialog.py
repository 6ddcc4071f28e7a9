"""An uncaught error becomes a plain-text dialog naming the log, made on the GUI thread."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication

from relapp.ui import crash_dialog
from relapp.ui.crash_dialog import CrashReporter, crash_box


def test_the_box_names_the_log_and_shows_markup_literally(tmp_path: Path, qapp) -> None:
    box = crash_box("ValueError: <b>bad</b>", tmp_path / "relapp.log")
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert "<b>bad</b>" in box.text()
    assert str(tmp_path / "relapp.log") in box.informativeText()


def test_a_report_from_a_worker_thread_is_shown_on_the_gui_thread(
    qtbot, qapp, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[bool] = []

    class FakeBox:
        def exec(self) -> int:
            threads.append(QThread.currentThread() is QApplication.instance().thread())
            return 0

    monkeypatch.setattr(crash_dialog, "crash_box", lambda text, log: FakeBox())
    reporter = CrashReporter()
    worker = threading.Thread(target=lambda: reporter.report("RuntimeError: x", None))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: reporter.shown == ["RuntimeError: x"])
    assert threads == [True]
