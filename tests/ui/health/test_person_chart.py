"""The health line and chart on the person page, driven as a person would."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QImage

from relapp.domain.model import Channel, Direction, InteractionDraft, PersonDraft
from relapp.domain.promises import PromiseDraft, Promiser
from relapp.services import interactions, people
from relapp.services import promises as promise_service
from relapp.storage import Database
from relapp.ui.health.feature import HealthFeature
from relapp.ui.main_window import MainWindow

NOW = datetime.now(UTC)
DAY = timedelta(days=1)
HISTORY = [
    # (days ago, channel, direction, summary)
    (3, Channel.MEETING, Direction.BOTH, "Coffee at <b>Blue Lantern</b>"),
    (20, Channel.CALL, Direction.INBOUND, "She called about the boat"),
    (40, Channel.EMAIL, Direction.OUTBOUND, "Sent the photos"),
    (41, Channel.EMAIL, Direction.OUTBOUND, "Sent more photos"),
    (200, Channel.MESSAGE, Direction.INBOUND, "Happy new year"),
    (900, Channel.VIDEO, Direction.BOTH, "Call from Lisbon"),
]


@pytest.fixture
def carol(db: Database) -> dict[str, object]:
    pid = people.add_person(db, PersonDraft("Carol Roth", cadence_days=30)).id
    ids = {}
    for days_ago, channel, direction, summary in HISTORY:
        draft = InteractionDraft(NOW - days_ago * DAY, channel, direction, (pid,), summary)
        ids[summary] = interactions.log_interaction(db, draft).id
    kept = promise_service.create_promise(
        db, PromiseDraft(pid, Promiser.ME, "send the photos", None, NOW - 42 * DAY), now=NOW
    )
    promise_service.complete_promise(db, kept.id, now=NOW - 42 * DAY + timedelta(hours=2))
    promise_service.create_promise(
        db,
        PromiseDraft(pid, Promiser.THEM, "return the <i>book</i>", None, NOW - 10 * DAY),
        now=NOW,
    )
    return {"id": pid, "interactions": ids}


def line_points(view) -> int:
    x, _y = view.line.getData()
    return 0 if x is None else len(x)


def open_chart(qtbot, window: MainWindow, feature: HealthFeature, person_id: int) -> None:
    with qtbot.waitSignal(feature.header.chartShown, timeout=10_000):
        window.open_person(person_id)
    view = feature.header.view
    assert view is not None
    qtbot.waitUntil(lambda: view.isVisible() and view.plot.getPlotItem().getViewBox().width() > 200)


def test_one_marker_per_interaction_and_per_promise_with_a_legend(
    qtbot, carol: dict, window: MainWindow, feature: HealthFeature
) -> None:
    open_chart(qtbot, window, feature, carol["id"])
    view = feature.header.view
    in_last_year = [h for h in HISTORY if h[0] <= 365]
    assert view.interaction_marker_count() == len(in_last_year) == 5
    assert not view.empty_note.isVisible()
    assert view.promise_marker_counts() == (1, 1)  # one kept, one overdue
    qtbot.mouseClick(feature.header.all_button, Qt.MouseButton.LeftButton)
    assert view.interaction_marker_count() == len(HISTORY)
    assert view.legend_names() == [
        "Email",
        "Call",
        "Meeting",
        "Message",
        "Video call",
        "You → them",
        "They → you",  # the domain's words (issue 13)
        "Both ways",
        "Promise kept",
        "Promise missed",
    ]


def test_the_last_year_first_then_all_history(
    qtbot, carol: dict, window: MainWindow, feature: HealthFeature
) -> None:
    open_chart(qtbot, window, feature, carol["id"])
    view = feature.header.view
    low, high = view.visible_range()
    assert (high - low) / 86400 == pytest.approx(365, abs=1)
    qtbot.mouseClick(feature.header.all_button, Qt.MouseButton.LeftButton)
    low, high = view.visible_range()
    assert (high - low) / 86400 > 900  # back to the video call two and a half years ago
    qtbot.mouseClick(feature.header.year_button, Qt.MouseButton.LeftButton)
    low, high = view.visible_range()
    assert (high - low) / 86400 == pytest.approx(365, abs=1)


def test_the_health_line_says_why_and_escapes_its_tooltip(
    qtbot, carol: dict, window: MainWindow, feature: HealthFeature
) -> None:
    open_chart(qtbot, window, feature, carol["id"])
    text = feature.header.summary.text()
    assert text.startswith("Health ")
    assert "last contact 3 days ago" in text
    assert feature.header.summary.textFormat() == Qt.TextFormat.PlainText
    tooltip = feature.header.summary.toolTip()
    assert "<li>last contact 3 days ago</li>" in tooltip
    assert feature.header.band.isVisible()


def test_clicking_a_marker_finds_it_in_the_history(
    qtbot, carol: dict, window: MainWindow, feature: HealthFeature
) -> None:
    open_chart(qtbot, window, feature, carol["id"])
    view = feature.header.view
    wanted = carol["interactions"]["She called about the boat"]
    marks = view.chart.interactions
    i = marks.ids.tolist().index(wanted)
    plot = view.plot
    scene = (
        plot.getPlotItem()
        .getViewBox()
        .mapViewToScene(QPointF(float(marks.t[i]), float(view.chart.interaction_y[i])))
    )
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=plot.mapFromScene(scene))
    qtbot.waitUntil(lambda: window.page.current_entry() is not None)
    assert window.page.current_entry().interaction.id == wanted


def test_hover_tells_what_happened_that_day_in_plain_text(
    qtbot, carol: dict, window: MainWindow, feature: HealthFeature
) -> None:
    open_chart(qtbot, window, feature, carol["id"])
    view = feature.header.view
    x = (NOW - 3 * DAY).timestamp()
    scene = view.plot.getPlotItem().getViewBox().mapViewToScene(QPointF(x, 50.0))
    view._mouse_moved(scene)
    assert view.hover.isVisible()
    assert view.hover.textFormat() == Qt.TextFormat.PlainText
    lines = view.hover.text().splitlines()
    assert lines[0].startswith((NOW - 3 * DAY).strftime("%a %-d %b %Y"))
    assert lines[1] == "Meeting, both ways: Coffee at <b>Blue Lantern</b>"
    overdue = (NOW - 10 * DAY).timestamp() // 86400
    assert "Their promise missed: return the <i>book</i>" in view.describe_day(int(overdue))
    assert view.hover.geometry().right() <= view.plot.width()


def test_export_as_png(
    qtbot, carol: dict, window: MainWindow, feature: HealthFeature, tmp_path: Path
) -> None:
    open_chart(qtbot, window, feature, carol["id"])
    target = tmp_path / "carol.png"
    assert feature.header.view.export_png(target)
    image = QImage(str(target))
    assert not image.isNull()
    assert image.width() == feature.header.view.plot.width()
    assert feature.header.default_export_name() == "Carol Roth — health.png"


def test_a_new_interaction_redraws_the_chart(
    qtbot, db: Database, carol: dict, window: MainWindow, feature: HealthFeature
) -> None:
    open_chart(qtbot, window, feature, carol["id"])
    logged = interactions.log_interaction(
        db, InteractionDraft(NOW, Channel.CALL, Direction.BOTH, (carol["id"],), "Quick call")
    )
    with qtbot.waitSignal(feature.header.chartShown, timeout=10_000):
        window.data_changed(logged.person_ids)
    assert feature.header.view.interaction_marker_count() == 5 + 1  # the last year
    # The one formatter: "just now", or minutes on a busy machine (NOW is taken at import).
    assert re.search(r"last contact (just now|\d+ minutes? ago)", feature.header.summary.text())


def test_someone_with_no_history(
    qtbot, db: Database, window: MainWindow, feature: HealthFeature
) -> None:
    pid = people.add_person(db, PersonDraft("New Friend")).id
    window.refresh_list()
    open_chart(qtbot, window, feature, pid)
    assert feature.header.view.interaction_marker_count() == 0
    # issue 13: someone just added is new, not "Health 0 · fading" in red
    assert feature.header.summary.text() == "Health: new — not enough history yet · no contact yet"
    assert feature.header.band.text() == "New"
    assert feature.header.view.legend_names() == []
    assert feature.header.view.empty_note.isVisible()
    # issue 13 leftover: no 0 line in the red band while the header says "new"
    assert line_points(feature.header.view) == 0


def test_a_new_relationship_draws_no_line_only_its_contact(
    qtbot, db: Database, window: MainWindow, feature: HealthFeature
) -> None:
    pid = people.add_person(db, PersonDraft("Met Today")).id
    interactions.log_interaction(
        db, InteractionDraft(NOW - timedelta(hours=1), Channel.CALL, Direction.BOTH, (pid,), "Hi")
    )
    window.refresh_list()
    open_chart(qtbot, window, feature, pid)
    view = feature.header.view
    assert feature.header.band.text() == "New"
    assert line_points(view) == 0  # no score drawn as a verdict
    assert view.interaction_marker_count() == 1
    assert view.new_note.isVisible()
    assert "not enough history" in view.new_note.text()


def test_a_promise_kept_late_has_its_own_marker_and_words(
    qtbot, db: Database, carol: dict, window: MainWindow, feature: HealthFeature
) -> None:
    late = promise_service.create_promise(
        db,
        PromiseDraft(carol["id"], Promiser.ME, "send the charts", None, NOW - 30 * DAY),
        now=NOW - 31 * DAY,
    )
    promise_service.complete_promise(db, late.id, now=NOW - 25 * DAY)  # past the grace
    open_chart(qtbot, window, feature, carol["id"])
    view = feature.header.view
    assert view.promise_marker_counts() == (1, 1)  # kept on time; their book still missed
    assert view.kept_late_marker_count() == 1
    assert "Promise kept late" in view.legend_names()
    day = int((NOW - 30 * DAY).timestamp() // 86400)
    assert "Your promise kept late: send the charts" in view.describe_day(day)
