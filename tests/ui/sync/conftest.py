"""Fixtures of the window's sync tests: a keyring in memory (the test's own, so no test
touches the desktop's), a real Radicale per test (some stop it), a shell over plain
widgets with a clock the test moves, and the sync feature installed on it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import keyring
import pytest

from relapp.paths import AppPaths
from relapp.storage import Database
from relapp.ui.sync.feature import SyncFeature, install
from relapp.ui.tasks import TaskRunner
from tests.dav_server import Radicale
from tests.memory_keyring import MemoryKeyring
from tests.ui.fake_shell import FakeShell


@pytest.fixture
def kept_passwords() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    kept = MemoryKeyring()
    keyring.set_keyring(kept)
    yield kept
    keyring.set_keyring(before)


@pytest.fixture
def dav(tmp_path: Path) -> Iterator[Radicale]:
    (tmp_path / "dav").mkdir()
    radicale = Radicale(tmp_path / "dav")
    radicale.start()
    yield radicale
    radicale.stop()


class TestClock:
    """The shell's clock, moved by the test (``advance``)."""

    __test__ = False

    def __init__(self) -> None:
        self.now = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> TestClock:
    return TestClock()


@pytest.fixture
def shell(qtbot, db: Database, paths: AppPaths, runner: TaskRunner, clock: TestClock) -> FakeShell:
    fake = FakeShell(db, paths, runner, clock=clock)
    qtbot.addWidget(fake.widget)
    return fake


@pytest.fixture
def feature(shell: FakeShell, kept_passwords: MemoryKeyring) -> Iterator[SyncFeature]:
    installed = install(shell)
    yield installed
    if installed.dialog is not None:
        installed.dialog.reject()
