"""Everyone's health (16 s of CPU at a million people) is read and computed by the task
runner's worker, never on the GUI thread: the Today list and the overview alike."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from relapp.storage import Database, everyone_health_repo, kept_health_repo
from relapp.storage.everyone_health_repo import EveryoneHealth
from relapp.storage.kept_health_repo import KeptHealth
from relapp.ui.health.feature import HealthFeature
from tests import health_fixture

NOW = datetime.now(UTC)


@pytest.fixture
def slices_read_on(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The name of the thread each slice of everyone was read on (the real reads): of
    their history (the overview) or of their kept summaries (the Today list)."""
    threads: list[str] = []
    read = everyone_health_repo.iter_everyone
    read_part = kept_health_repo._read_part

    def iter_everyone(db: Database, now: int, **kwargs: int | None) -> Iterator[EveryoneHealth]:
        for part in read(db, now, **kwargs):
            threads.append(threading.current_thread().name)
            yield part

    def read_kept(*args: Any) -> KeptHealth | None:
        threads.append(threading.current_thread().name)
        return read_part(*args)

    monkeypatch.setattr(everyone_health_repo, "iter_everyone", iter_everyone)
    monkeypatch.setattr(kept_health_repo, "_read_part", read_kept)
    return threads


def test_the_today_list_and_the_overview_read_everyone_off_the_gui_thread(
    qtbot, db: Database, feature: HealthFeature, slices_read_on: list[str]
) -> None:
    health_fixture.build(db, NOW, NOW.astimezone().date())
    with qtbot.waitSignal(feature.today.loaded, timeout=10_000):
        feature.show_today()
    assert feature.today.names() == list(health_fixture.NEEDS_YOU)
    assert slices_read_on  # the Today list read the kept summaries
    with qtbot.waitSignal(feature.overview.loaded, timeout=10_000):
        feature.overview_action.trigger()
    assert feature.overview.counts is not None
    assert len(slices_read_on) >= 2
    assert threading.main_thread().name not in slices_read_on
