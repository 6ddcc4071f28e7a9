"""The first sync's timer may fire after the window and its database have closed (a
quick quit, or a test that ended): it must do nothing, not reopen a database that is
gone (sqlite3 would say "unable to open database file", raised in the event loop)."""

from __future__ import annotations

import pytest

from relapp.storage import Database
from relapp.ui.sync import feature as sync_feature
from tests.ui.fake_shell import FakeShell


def test_the_start_timer_after_the_database_closed_does_nothing(
    qtbot, shell: FakeShell, db: Database, kept_passwords, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sync_feature, "STARTUP_DELAY_MS", 50)
    installed = sync_feature.install(shell)
    db.close()
    db.path.rename(db.path.with_name("gone.sqlite3"))  # the folder went away with it
    qtbot.wait(300)  # the timer fires; pytest-qt fails the test on an exception in it
    assert not installed.scheduler.enabled
    assert not db.path.exists()
