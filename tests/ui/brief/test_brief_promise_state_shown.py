"""A promise line cut for width keeps its state in sight: "send the pilot res… (snoozed,
reminds you in 2 hours)", not "send the pilot results summary (snooz…" (seen on Priya's
page in the four-stories e2e run at 1200 px)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from relapp.domain.brief import Brief, OpenPromise
from relapp.domain.promises import Promiser
from relapp.storage import Database
from relapp.ui.brief.panel import BriefPanel
from relapp.ui.tasks import TaskRunner

NOW = datetime(2026, 12, 6, 15, 0, tzinfo=UTC)


def test_a_cut_promise_line_keeps_its_state_words(qtbot, db: Database, runner: TaskRunner) -> None:
    snoozed = OpenPromise(
        "send the pilot results summary with the charts",
        Promiser.ME,
        NOW - timedelta(days=2),
        snoozed_until=NOW + timedelta(hours=2, minutes=30),
    )
    panel = BriefPanel(db, runner, columns=1, clock=lambda: NOW)
    qtbot.addWidget(panel)
    panel.set_brief(Brief(7, "Priya", NOW, promises=(snoozed,)))
    panel.resize(420, 300)
    panel.show()
    qtbot.waitExposed(panel)
    label = panel.line_labels["you_owe"][0]
    full = "send the pilot results summary with the charts (snoozed, reminds you in 2 hours)"
    assert label.full_text() == full
    shown = label.shown_text()
    assert shown != full and "…" in shown  # too long for the width: cut ...
    assert shown.endswith("(snoozed, reminds you in 2 hours)")  # ... in the what, not the state
    assert label.fontMetrics().horizontalAdvance(shown) <= label.width()
