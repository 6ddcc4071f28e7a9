"""A promise in one state in every view, and views that read again when its state
changes (issue 13: the brief kept saying "due in 2 minutes" after the row turned red;
five open promises grew the window past the screen)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from relapp.domain.model import Channel
from relapp.domain.promises import PromiseDraft, Promiser
from relapp.services import promises as service
from relapp.storage import Database
from relapp.ui.introductions.feature import IntroductionsFeature
from tests.ui.promises.conftest import START

MINUTE = timedelta(minutes=1)


@pytest.fixture(autouse=True)
def utc(monkeypatch) -> None:
    monkeypatch.setenv("TZ", "UTC")


def add(db: Database, person: int, what: str, due, who: Promiser = Promiser.ME) -> int:
    draft = PromiseDraft(person, who, what, Channel.EMAIL, due)
    return service.create_promise(db, draft, now=START - timedelta(days=3)).id


def test_the_brief_and_the_row_turn_overdue_when_the_due_moment_passes(
    qtbot, db: Database, priya: int, make_relapp, runner
) -> None:
    add(db, priya, "send the pilot results", START + 2 * MINUTE)
    app = make_relapp()
    panel = app.window.features.get(IntroductionsFeature).brief
    panel.clock = app.clock
    app.window.open_person(priya)
    qtbot.waitUntil(lambda: panel.brief is not None and panel.brief.person_id == priya)
    panel.show_person(priya)  # read with the test's clock
    qtbot.waitUntil(lambda: runner.idle and "due in" in panel.texts("you_owe")[0])
    section = app.feature.section
    assert section.when_texts() == ["by email · due today at 10:02"]

    # One single-shot timer each, no polling: the row for the due moment ("due today at
    # 10:02"), the brief for when its words change ("due in 1 minute" -> "due just now").
    for timer in (panel.state_timer, section.state_timer):
        assert timer.armed and timer.timer.isSingleShot()
        assert timer.timer.timerType() == Qt.TimerType.PreciseTimer  # on time, not 5% late
    assert section.state_timer.next_at == START + 2 * MINUTE
    assert 100_000 < section.state_timer.timer.remainingTime() <= 121_000
    assert panel.texts("you_owe")[0] == "send the pilot results (due in 1 minute)"
    assert panel.state_timer.next_at == START + MINUTE + timedelta(microseconds=1)
    assert 40_000 < panel.state_timer.timer.remainingTime() <= 61_000
    panel.state_timer.timer.start(0)  # the minute passes (the clock runs with real time)
    app.clock.jump(MINUTE)
    qtbot.waitUntil(lambda: panel.texts("you_owe")[0] == "send the pilot results (due just now)")
    assert panel.state_timer.next_at == START + 2 * MINUTE  # then the due moment itself

    app.clock.jump(2 * MINUTE)  # the due moment passes; let the timers fire now
    for timer in (panel.state_timer, section.state_timer):
        timer.timer.start(0)
    qtbot.waitUntil(lambda: panel.texts("you_owe")[0].startswith("send the pilot results (overdue"))
    assert panel.line_labels["you_owe"][0].palette().windowText().color().name() == "#c62828"
    qtbot.waitUntil(lambda: section.when_texts() == ["by email · overdue, was due today at 10:02"])
    # ... and each timer is armed again, for when the grace runs out (broken)
    assert section.state_timer.next_at == START + 2 * MINUTE + timedelta(days=1)
    # (the brief sooner: "was due 1 minute ago" reads "2 minutes ago" at 10:04)
    qtbot.waitUntil(lambda: panel.state_timer.next_at == START + 4 * MINUTE)


def test_a_snoozed_promise_reads_snoozed_in_the_row_the_brief_and_due(
    qtbot, db: Database, priya: int, make_relapp
) -> None:
    pid = add(db, priya, "send the pilot results", START - timedelta(days=2))
    service.snooze_promise_until(db, pid, START + timedelta(hours=3), now=START)
    app = make_relapp()
    panel = app.window.features.get(IntroductionsFeature).brief
    panel.clock = app.clock
    app.window.open_person(priya)
    qtbot.waitUntil(lambda: app.window.page.person is not None)
    panel.show_person(priya)
    qtbot.waitUntil(lambda: panel.brief is not None and "snoozed" in panel.texts("you_owe")[0])
    assert "overdue" not in panel.texts("you_owe")[0]
    assert app.feature.section.when_texts() == ["by email · snoozed until today at 13:00"]
    view = app.feature.due_view
    with qtbot.waitSignal(view.loaded, timeout=3000):
        view.refresh()
    assert view.waiting() == 0
    assert not any(title.startswith("Overdue") for title in view.rows())


def test_five_open_promises_scroll_inside_the_section_not_grow_the_window(
    qtbot, db: Database, priya: int, make_relapp
) -> None:
    add(db, priya, "one", START + timedelta(days=1))
    app = make_relapp()
    app.window.open_person(priya)
    section = app.feature.section
    qtbot.waitUntil(lambda: section.title.text() == "Open promises · 1")
    one_row = section.sizeHint().height()
    for n in range(4):
        add(db, priya, f"more {n}", START + timedelta(days=2 + n))
    section.reload()
    assert section.title.text() == "Open promises · 5"
    five_rows = section.sizeHint().height()
    row = section.scroll.height()
    assert five_rows - one_row <= 2 * row  # at most three rows' room, whatever the count
    qtbot.waitUntil(lambda: section.scroll.verticalScrollBar().maximum() > 0)
    screen = app.window.screen().availableGeometry().height()
    assert app.window.minimumSizeHint().height() < screen
