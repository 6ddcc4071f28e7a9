"""Database errors that reach a dialog in words (locked, full disk, read-only), not as
"Something went wrong: OperationalError", and a background check that cannot read the
database (a full disk) is not taken for damage (issue 12, items 6 and 7)."""

from __future__ import annotations

import sqlite3
import sys
import threading
from pathlib import Path

import peewee as pw
import pytest

from relapp.storage.backup import quick_check_file
from relapp.ui.errors import describe
from tests.process_helpers import (
    cards,
    fill,
    relapp,
    tiny_disk_fixture,  # noqa: F401 (the fixture tiny_disk)
)


def test_a_locked_database_is_named_in_the_dialog() -> None:
    title, text = describe(sqlite3.OperationalError("database is locked"))
    assert title == "The database is locked"
    assert "another program" in text.lower() and "OperationalError" not in text


def test_a_full_disk_behind_a_failed_rollback_is_named_in_the_dialog() -> None:
    try:
        try:
            raise sqlite3.OperationalError("database or disk is full")
        except sqlite3.OperationalError:
            raise pw.OperationalError("cannot rollback - no transaction is active") from None
    except pw.OperationalError as error:
        title, text = describe(error)
    assert title == "The disk is full"
    assert "Everything saved before is intact" in text


def test_other_errors_still_name_their_type_for_the_log() -> None:
    assert describe(ValueError("odd")) == ("Something went wrong", "ValueError: odd")


def test_a_check_that_cannot_read_the_database_on_a_full_disk_is_not_damage(
    tiny_disk: Path, tmp_path: Path
) -> None:
    data = tiny_disk / "data"
    data.mkdir()
    (tmp_path / "a.vcf").write_bytes(cards(3))
    assert relapp("--data-dir", data, "import", tmp_path / "a.vcf").returncode == 0
    fill(tiny_disk)
    assert quick_check_file(data / "relapp.sqlite3") == []


class FakeBox:
    def __init__(self, shown: list[tuple[str, ...]], *what: str) -> None:
        self.shown, self.what = shown, what

    def exec(self) -> int:
        self.shown.append(self.what)
        return 0


def test_a_database_locked_mid_session_is_no_unexpected_error(
    qtbot, qapp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write that fails because another program took the lock after start-up (the
    reminder scheduler's, say) is not "Relapp hit an unexpected error"."""
    from relapp.ui import crash_dialog

    shown: list[tuple[str, ...]] = []
    monkeypatch.setattr(
        crash_dialog, "crash_box", lambda text, log: FakeBox(shown, "unexpected", text)
    )
    monkeypatch.setattr(
        crash_dialog, "known_box", lambda title, text: FakeBox(shown, "known", title, text)
    )
    saved = sys.excepthook, threading.excepthook
    try:
        crash_dialog.install(qapp)
        try:
            raise sqlite3.OperationalError("database is locked")
        except sqlite3.OperationalError as error:
            sys.excepthook(type(error), error, error.__traceback__)
        qtbot.waitUntil(lambda: len(shown) == 1)
    finally:
        sys.excepthook, threading.excepthook = saved
    kind, title, text = shown[0]
    assert (kind, title) == ("known", "The database is locked")
    assert "another program" in text.lower()
