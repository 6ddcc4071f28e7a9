"""A main window with the promises feature on a clock the test controls."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from relapp.domain.model import Channel, PersonDraft
from relapp.paths import AppPaths
from relapp.services import people
from relapp.storage import Database
from relapp.ui.app import open_window
from relapp.ui.main_window import MainWindow
from relapp.ui.promises import feature as feature_module
from relapp.ui.promises.feature import PromisesFeature
from relapp.ui.tasks import TaskRunner

# A Thursday, 10:00 UTC.
START = datetime(2026, 3, 5, 10, 0, tzinfo=UTC)


class ControlledClock:
    """Wall time that runs with real time from ``START`` and can be made to jump; its own
    monotonic clock runs with real time only (as a sleeping machine's does not)."""

    def __init__(self, start: datetime = START) -> None:
        self.start = start
        self.jumped = timedelta(0)
        self._real = time.monotonic()

    def __call__(self) -> datetime:
        return self.start + self.jumped + timedelta(seconds=time.monotonic() - self._real)

    def monotonic(self) -> float:
        return time.monotonic()

    def jump(self, delta: timedelta) -> None:
        self.jumped += delta


@dataclass
class MessageSpy:
    """Records the tray's showMessage calls: (title, body)."""

    calls: list[tuple[str, str]] = field(default_factory=list)

    def __call__(self, title: str, body: str, *_rest: object) -> None:
        self.calls.append((title, body))


@dataclass
class Relapp:
    window: MainWindow
    feature: PromisesFeature
    clock: ControlledClock
    messages: MessageSpy


@pytest.fixture
def clock() -> ControlledClock:
    return ControlledClock()


@pytest.fixture
def priya(db: Database) -> int:
    return people.add_person(
        db,
        PersonDraft(
            "Priya Nair",
            preferred_channel=Channel.EMAIL,
            avoid_channels=frozenset({Channel.CALL}),
        ),
    ).id


@pytest.fixture
def make_relapp(
    qtbot, db: Database, paths: AppPaths, runner: TaskRunner, monkeypatch, clock: ControlledClock
) -> Iterator[Callable[..., Relapp]]:
    """Start Relapp's window with a tray (or without one) on the controlled clock."""
    made: list[Relapp] = []

    def make(*, tray: bool = True) -> Relapp:
        monkeypatch.setattr(feature_module, "tray_available", lambda: tray)
        window = open_window(db, paths, runner=runner, clock=clock)
        qtbot.addWidget(window)
        feature = window.features.get(PromisesFeature)
        feature.scheduler._monotonic = clock.monotonic
        spy = MessageSpy()
        if feature.tray is not None:
            monkeypatch.setattr(feature.tray.icon, "showMessage", spy)
        window.show()
        qtbot.waitUntil(lambda: window.list_loaded and feature.scheduler.started)
        qtbot.waitUntil(lambda: runner.idle)
        relapp = Relapp(window, feature, clock, spy)
        made.append(relapp)
        return relapp

    yield make
    for relapp in made:
        relapp.feature.scheduler.stop()
        if relapp.feature.tray is not None:
            relapp.feature.tray.hide()


from tests.dbus_fixture import notification_server, session_bus  # noqa: E402, F401
