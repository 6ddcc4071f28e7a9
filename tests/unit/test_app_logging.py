"""The log goes to the data folder's logs/ when a data folder was chosen, rotates, and an
uncaught exception (any thread) is logged and handed to the error dialog."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from relapp import app_logging
from relapp.paths import AppPaths


@pytest.fixture
def restore_hooks() -> Iterator[None]:
    saved = sys.excepthook, threading.excepthook
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    sys.excepthook, threading.excepthook = saved
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def test_a_chosen_data_folder_keeps_its_own_logs(tmp_path: Path) -> None:
    paths = AppPaths(tmp_path)
    assert app_logging.log_dir(paths, True) == tmp_path / "logs"


def test_without_a_chosen_folder_the_user_log_folder_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RELAPP_DATA_DIR", raising=False)
    folder = app_logging.log_dir(AppPaths(tmp_path))
    assert folder != tmp_path / "logs"
    assert "Relapp" in str(folder)


def test_the_log_file_rotates_at_a_megabyte(tmp_path: Path, restore_hooks: None) -> None:
    target = app_logging.setup_logging(tmp_path / "logs")
    assert target == tmp_path / "logs" / "relapp.log"
    ours = [h for h in logging.getLogger().handlers if getattr(h, "relapp_log", False)]
    assert len(ours) == 1
    assert ours[0].maxBytes == 1_000_000 and ours[0].backupCount == 5
    logging.getLogger("relapp.test").info("hello from the test")
    ours[0].flush()
    assert "hello from the test" in target.read_text(encoding="utf-8")


def test_setting_up_twice_keeps_one_handler(tmp_path: Path, restore_hooks: None) -> None:
    app_logging.setup_logging(tmp_path / "a")
    app_logging.setup_logging(tmp_path / "b")
    ours = [h for h in logging.getLogger().handlers if getattr(h, "relapp_log", False)]
    assert len(ours) == 1
    assert app_logging.current_log_file() == tmp_path / "b" / "relapp.log"


def test_uncaught_errors_are_logged_and_shown(tmp_path: Path, restore_hooks: None) -> None:
    log_file = app_logging.setup_logging(tmp_path)
    shown: list[tuple[str, Path | None]] = []
    app_logging.install_excepthooks(lambda text, where: shown.append((text, where)))
    try:
        raise ValueError("main thread broke")
    except ValueError:
        sys.excepthook(*sys.exc_info())

    def broken() -> None:
        raise RuntimeError("worker broke")

    worker = threading.Thread(target=broken, name="worker-1")
    worker.start()
    worker.join()
    assert shown == [
        ("ValueError: main thread broke", log_file),
        ("RuntimeError: worker broke", log_file),
    ]
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file.read_text(encoding="utf-8")
    assert "uncaught exception in the main thread" in text
    assert "uncaught exception in worker-1" in text
    assert "Traceback" in text


def test_a_log_that_cannot_be_opened_later_never_raises_at_the_caller(
    tmp_path: Path, restore_hooks: None
) -> None:
    """The file is opened at the first record: a folder gone by then costs the record,
    never an exception where the app logged."""
    folder = tmp_path / "logs"
    target = app_logging.setup_logging(folder)
    assert target is not None
    target.unlink()
    folder.rmdir()
    logging.getLogger("relapp.test").warning("nobody can write this")  # no exception
    assert not folder.exists()
