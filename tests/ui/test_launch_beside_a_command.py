"""The window and the commands share one lock per data folder: a window launch that
finds a command at work there is told so (and nothing about removing lock files)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from relapp.storage.folder_lock import FolderLock
from relapp.ui.app import forward_to_running
from relapp.ui.single_instance import SingleInstance

pytestmark = pytest.mark.skipif(os.name != "posix", reason="flock")


def test_a_launch_beside_a_command_names_the_process_and_waits_for_it(
    qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    command = FolderLock(tmp_path)  # as `relapp import` holds it while it works
    assert command.acquire()
    try:
        instance = SingleInstance(tmp_path)
        assert not instance.acquire()  # the window does not take the folder beside it
        shown: list[str] = []
        monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
        assert forward_to_running(instance, []) == 3  # nobody answers: the folder is held (exit 3)
    finally:
        command.release()
    assert shown and f"(process {os.getpid()})" in shown[0]
    assert "relapp import" in shown[0] and "remove" not in shown[0]
    assert shown[0] in capsys.readouterr().err
    again = SingleInstance(tmp_path)
    assert again.acquire()  # the command is done: the window may start
    again.release()
