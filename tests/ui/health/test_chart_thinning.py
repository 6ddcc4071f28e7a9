"""A person with ten years of daily contacts: zoomed out, the chart draws one marker per
week per channel and its hover counts what each stands for; zoomed in to a month, every
contact is its own marker again (issue 18)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent

from relapp.domain.model import Channel, Direction, InteractionDraft, PersonDraft
from relapp.services import people
from relapp.storage import Database, bulk
from relapp.ui.health.feature import HealthFeature
from relapp.ui.main_window import MainWindow

DAY = 86_400
# Noon today, UTC: ten years back from here, three channels.
END = datetime.now(UTC).replace(hour=12, minute=0, second=0, microsecond=0)
YEARS = 10


def dense_history(pid: int) -> list[InteractionDraft]:
    """Every day a call you make at 9 and an email they send at 18; a meeting every
    third day; two extra calls from them on each Wednesday."""
    drafts = []
    for n in range(YEARS * 365, 0, -1):
        day = (END - timedelta(days=n)).replace(hour=9)
        drafts.append(InteractionDraft(day, Channel.CALL, Direction.OUTBOUND, (pid,), "call"))
        drafts.append(
            InteractionDraft(day.replace(hour=18), Channel.EMAIL, Direction.INBOUND, (pid,), "mail")
        )
        if n % 3 == 0:
            drafts.append(
                InteractionDraft(day.replace(hour=13), Channel.MEETING, Direction.BOTH, (pid,))
            )
        if day.weekday() == 2:
            for hour in (10, 11):
                drafts.append(
                    InteractionDraft(
                        day.replace(hour=hour), Channel.CALL, Direction.INBOUND, (pid,), "back"
                    )
                )
    return drafts


@pytest.fixture
def dana(db: Database) -> tuple[int, list[InteractionDraft]]:
    pid = people.add_person(db, PersonDraft("Dana Dense", cadence_days=7)).id
    drafts = dense_history(pid)
    with db.atomic():
        bulk.insert_interactions(db, drafts)
    return pid, drafts


def open_all_history(qtbot, window: MainWindow, feature: HealthFeature, pid: int):
    window.refresh_list()
    with qtbot.waitSignal(feature.header.chartShown, timeout=20_000):
        window.open_person(pid)
    view = feature.header.view
    assert view is not None
    qtbot.waitUntil(lambda: view.isVisible() and view.plot.getPlotItem().getViewBox().width() > 200)
    qtbot.mouseClick(feature.header.all_button, Qt.MouseButton.LeftButton)
    return view


def drawn(view) -> dict[str, list[float]]:
    """The x (unix seconds) of every marker on screen, by channel name."""
    low, high = view.visible_range()
    out = {}
    for scatter in view.scatters.values():
        xs = [float(x) for x in scatter.data["x"] if low <= x <= high]
        if xs:
            out[scatter.name()] = xs
    return out


def monday_of(seconds: float) -> date:
    day = date(1970, 1, 1) + timedelta(days=int(seconds // DAY))
    return day - timedelta(days=day.weekday())


def test_zoomed_out_a_decade_draws_at_most_one_marker_per_week_per_channel(
    qtbot, dana, window: MainWindow, feature: HealthFeature
) -> None:
    pid, drafts = dana
    view = open_all_history(qtbot, window, feature, pid)
    markers = drawn(view)
    assert set(markers) == {"Call", "Email", "Meeting"}
    weeks = YEARS * 365 / 7
    for name, xs in markers.items():
        mondays = [monday_of(x) for x in xs]
        assert len(set(mondays)) == len(mondays), f"two {name} markers in one week"
        assert weeks - 2 <= len(xs) <= weeks + 2
    assert view.interaction_marker_count() < len(drafts) / 5
    assert view.markers_thinned()
    assert view.weekly_note.isVisible()  # says why, and that zooming in shows each


def test_the_hover_of_a_thinned_marker_says_how_many_contacts_it_stands_for(
    qtbot, dana, window: MainWindow, feature: HealthFeature
) -> None:
    pid, drafts = dana
    view = open_all_history(qtbot, window, feature, pid)
    # a full week five years ago: 7 calls you made and 2 from them on its Wednesday
    monday = monday_of((END - timedelta(days=5 * 365)).timestamp())
    wednesday = datetime.combine(monday + timedelta(days=2), datetime.min.time(), UTC)
    box = view.plot.getPlotItem().getViewBox()
    scene = box.mapViewToScene(QPointF(wednesday.timestamp() + DAY / 2, 50.0))
    view._mouse_moved(scene)
    assert view.hover.isVisible()
    lines = view.hover.text().splitlines()
    assert lines[0].startswith(f"Week of {monday.day} {monday:%B %Y} — health ")
    calls = [
        d
        for d in drafts
        if d.channel is Channel.CALL and monday_of(d.occurred_at.timestamp()) == monday
    ]
    assert len(calls) == 9
    assert "9 calls: 7 you → them, 2 they → you" in lines
    assert "7 emails: 7 they → you" in lines
    assert any(line.startswith(("2 meetings: ", "3 meetings: ")) for line in lines)


def test_zoomed_in_to_a_month_every_contact_is_its_own_marker(
    qtbot, dana, window: MainWindow, feature: HealthFeature
) -> None:
    pid, drafts = dana
    view = open_all_history(qtbot, window, feature, pid)
    start = (END - timedelta(days=800)).timestamp()
    view.plot.getPlotItem().setXRange(start, start + 30 * DAY, padding=0)
    qtbot.waitUntil(lambda: not view.markers_thinned(), timeout=5_000)
    low, high = view.visible_range()
    inside = [d for d in drafts if low <= d.occurred_at.timestamp() <= high]
    assert 70 < len(inside) == view.interaction_marker_count()
    assert not view.weekly_note.isVisible()
    day = datetime.fromtimestamp(start + 10 * DAY, UTC)
    scene = view.plot.getPlotItem().getViewBox().mapViewToScene(QPointF(day.timestamp(), 50.0))
    view._mouse_moved(scene)
    lines = view.hover.text().splitlines()
    assert lines[0].startswith(day.strftime("%a %-d %b %Y"))
    assert "Call, you → them: call" in lines


def test_the_mouse_wheel_zooms_in_without_waiting_then_shows_every_contact(
    qtbot, dana, window: MainWindow, feature: HealthFeature
) -> None:
    pid, _drafts = dana
    view = open_all_history(qtbot, window, feature, pid)
    viewport = view.plot.viewport()
    centre = QPointF(viewport.width() / 2, viewport.height() / 2)
    for _ in range(20):  # about 0.74 of the span per notch: ten years down to a month
        event = QWheelEvent(
            centre,
            viewport.mapToGlobal(centre),
            QPoint(0, 0),
            QPoint(0, 120),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        view.plot.wheelEvent(event)
    low, high = view.visible_range()
    assert (high - low) / DAY < 40
    assert view.markers_thinned()  # nothing recomputed inside the wheel events
    qtbot.waitUntil(lambda: not view.markers_thinned(), timeout=5_000)
    assert 0 < view.interaction_marker_count() < 200


def test_the_cost_of_a_decade_zoomed_out_is_bounded_by_its_weeks_not_its_contacts(
    qtbot, dana, window: MainWindow, feature: HealthFeature, monkeypatch
) -> None:
    """The speed guard, counted rather than timed: pyqtgraph's cost is per point handed
    to it, so zoomed out the scatter items hold no more points than the history has
    (week, channel) pairs, a refresh sets each channel's item at most once, and a zoom
    that stays inside what is loaded hands pyqtgraph nothing at all."""
    import pyqtgraph as pg

    from relapp.domain.health.chart import MAX_LINE_POINTS

    pid, drafts = dana
    view = open_all_history(qtbot, window, feature, pid)
    week_channels = {(monday_of(d.occurred_at.timestamp()), d.channel) for d in drafts}
    held = sum(len(s.data) for s in view.scatters.values())
    assert 0 < held <= len(week_channels) < len(drafts) / 5
    assert len(view.line.xData) <= MAX_LINE_POINTS

    handed: list[int] = []
    set_data = pg.ScatterPlotItem.setData

    def counting(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        handed.append(len(kwargs.get("x", ())))
        return set_data(self, *args, **kwargs)

    monkeypatch.setattr(pg.ScatterPlotItem, "setData", counting)
    view.markers.refresh()  # nothing moved: nothing to hand over
    assert handed == []
    low, high = view.visible_range()
    quarter = (high - low) / 4
    view.plot.getPlotItem().setXRange(low + quarter, high - quarter, padding=0)
    view.markers.refresh()  # zoomed in by half, still weekly and inside what is loaded
    assert view.markers_thinned()
    assert handed == []
    view.show_all()  # "All history" again: one refresh, one call per channel item
    view.plot.getPlotItem().setXRange(high - 30 * DAY, high, padding=0)
    handed.clear()
    view.markers.refresh()  # a month: every contact of it (and a month each side)
    assert not view.markers_thinned()
    assert len(handed) <= len(view.scatters)
    month = [d for d in drafts if high - 90 * DAY <= d.occurred_at.timestamp() <= high]
    assert sum(handed) <= len(month)


def test_a_redraw_looks_up_each_marker_style_once_not_each_marker(
    qtbot, dana, window: MainWindow, feature: HealthFeature, monkeypatch
) -> None:
    """Issue 18, the busiest person at a million people: drawing a decade took 30-46 ms,
    40% of it in pyqtgraph finding each marker's symbol in its atlas, once per point
    (4,000 weekly markers: 8,000 Python calls). The markers of one item share their pen,
    brush and size and have at most three symbols: looked up once each. Counted."""
    import pyqtgraph as pg
    from pyqtgraph.graphicsItems.ScatterPlotItem import SymbolAtlas

    pid, _drafts = dana
    view = open_all_history(qtbot, window, feature, pid)
    assert view.chart is not None
    looked_up: list[int] = []
    keys = SymbolAtlas._keys

    def counting(self, styles):  # type: ignore[no-untyped-def]
        looked_up.append(len(styles))
        return keys(self, styles)

    monkeypatch.setattr(SymbolAtlas, "_keys", counting)
    view.set_chart(view.chart, keep_range=True)
    view.plot.viewport().repaint()
    held = sum(len(s.data) for s in view.scatters.values())
    assert held > 1_000
    assert 0 < sum(looked_up) <= 3 * len(view.scatters), (sum(looked_up), held)
    # and the pixels are those pyqtgraph's own lookup draws
    ours = view.plot.grab().toImage()
    monkeypatch.setattr(type(view.scatters[0]), "updateSpots", pg.ScatterPlotItem.updateSpots)
    for scatter in view.scatters.values():
        scatter.data["sourceRect"] = 0
        scatter.updateSpots()
    assert sum(looked_up) > held / 2  # (pyqtgraph's: a key a point)
    assert view.plot.grab().toImage() == ours
