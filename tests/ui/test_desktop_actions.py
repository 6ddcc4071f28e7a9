"""Issue 17: the desktop file's actions, ``relapp --new-person`` and ``relapp --log``,
in this launch or handed by a later launch to the Relapp already running."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

from relapp.__main__ import build_parser
from relapp.domain.model import PersonDraft
from relapp.services import people
from relapp.storage import Database
from relapp.ui import desktop_actions
from relapp.ui.interaction_dialog import InteractionDialog
from relapp.ui.main_window import MainWindow
from relapp.ui.person_dialog import PersonDialog
from relapp.ui.single_instance import COMMANDS, SingleInstance, parse_command

ROOT = Path(__file__).resolve().parent.parent.parent


def test_the_flags_name_the_commands_a_running_relapp_accepts() -> None:
    parser = build_parser()
    assert parser.parse_args(["--new-person"]).new_person
    assert parser.parse_args(["--log"]).log
    assert {desktop_actions.NEW_PERSON, desktop_actions.LOG} == COMMANDS


def test_only_known_commands_are_taken_from_another_launch() -> None:
    assert parse_command(b'{"activate": true, "files": [], "command": "new-person"}') == (
        "new-person"
    )
    assert parse_command(b'{"files": [], "command": "log"}') == "log"
    for hostile in (
        b'{"command": "rm -rf"}',
        b'{"command": ["log"]}',
        b'["log"]',
        b"log",
        b'{"command": "LOG"}',
    ):
        assert parse_command(hostile) is None


def test_a_second_launch_hands_its_desktop_action_to_the_running_relapp(
    qtbot, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    first = SingleInstance(data)
    assert first.acquire()
    commands: list[str] = []
    first.commandReceived.connect(commands.append)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    second = subprocess.Popen(
        [sys.executable, "-m", "relapp", "--data-dir", str(data), "--new-person"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        qtbot.waitUntil(lambda: second.poll() is not None, timeout=30_000)
        assert second.returncode == 0, second.stdout.read() if second.stdout else ""
        qtbot.waitUntil(lambda: commands == ["new-person"], timeout=5000)
    finally:
        if second.poll() is None:
            second.kill()
        first.release()


def close_the_dialog_shown(kinds: list[type]) -> None:
    dialog = QApplication.activeModalWidget()
    kinds.append(type(dialog))
    if isinstance(dialog, QDialog):
        dialog.reject()


def test_new_person_brings_the_window_forward_and_opens_the_dialog(
    qtbot, window: MainWindow
) -> None:
    window.hide()
    shown: list[type] = []
    desktop_actions.run(window, desktop_actions.NEW_PERSON)
    assert window.isVisible()
    QTimer.singleShot(300, lambda: close_the_dialog_shown(shown))
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert shown == [PersonDialog]


def test_log_opens_the_log_dialog_for_the_person_shown(
    qtbot, db: Database, window: MainWindow
) -> None:
    priya = people.add_person(db, PersonDraft("Priya Nair")).id
    window.refresh_list()
    window.select_person(priya)
    qtbot.waitUntil(lambda: window.current_person_id() == priya)
    shown: list[type] = []
    QTimer.singleShot(300, lambda: close_the_dialog_shown(shown))
    desktop_actions.run(window, desktop_actions.LOG)
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert shown == [InteractionDialog]


def test_log_with_nobody_chosen_asks_to_find_the_person_first(qtbot, window: MainWindow) -> None:
    desktop_actions.run(window, desktop_actions.LOG)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == desktop_actions.FIND_FIRST)
    assert QApplication.activeModalWidget() is None
