"""The person page paints first and the chart follows: the page never shows another
person's chart (nor exports it) while the new one is worked out, and showing a person
again paints the page without the chart, which comes back in the next turn of the event
loop (issue 18: opening the busiest person within 35 ms)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QModelIndex

from relapp.domain.model import Channel, Direction, InteractionDraft, PersonDraft
from relapp.services import interactions, people
from relapp.storage import Database
from relapp.ui.health.feature import HealthFeature
from relapp.ui.health.person_header import CHART_HEIGHT
from relapp.ui.main_window import MainWindow

NOW = datetime.now(UTC)


def someone(db: Database, name: str, days_ago: list[int]) -> int:
    pid = people.add_person(db, PersonDraft(name, cadence_days=30)).id
    for n in days_ago:
        draft = InteractionDraft(NOW - timedelta(days=n), Channel.CALL, Direction.BOTH, (pid,))
        interactions.log_interaction(db, draft)
    return pid


@pytest.fixture
def two(db: Database) -> tuple[int, int]:
    return someone(db, "Ada Early", [5, 40, 90]), someone(db, "Bo Later", [2, 3])


def drawn(qtbot, window: MainWindow, feature: HealthFeature, pid: int) -> None:
    with qtbot.waitSignal(feature.header.chartShown, timeout=10_000):
        window.open_person(pid)
    view = feature.header.view
    assert view is not None
    qtbot.waitUntil(view.isVisible)


def test_another_person_never_shows_the_chart_of_the_one_before(
    qtbot, two, window: MainWindow, feature: HealthFeature
) -> None:
    ada, bo = two
    window.refresh_list()
    drawn(qtbot, window, feature, ada)
    header = feature.header
    assert header.export_button.isEnabled()
    window.open_person(bo)  # Bo's chart is worked out in the background: not here yet
    assert window.page.person is not None and window.page.person.id == bo
    assert header.view is not None and not header.view.isVisible()  # no Ada under Bo's name
    assert not header.export_button.isEnabled()  # nor saved as Bo's
    assert not header.all_button.isEnabled()
    window.repaint()
    assert header.chart_box.height() == CHART_HEIGHT  # the chart's room is kept
    with qtbot.waitSignal(header.chartShown, timeout=10_000):
        pass
    assert header.view.isVisible()
    assert header.export_button.isEnabled()
    assert header.view.interaction_marker_count() == 2


def test_showing_a_person_again_paints_the_page_first_and_the_chart_right_after(
    qtbot, two, window: MainWindow, feature: HealthFeature
) -> None:
    ada, _bo = two
    window.refresh_list()
    drawn(qtbot, window, feature, ada)
    view = feature.header.view
    painted: list[int] = []
    paint_event = view.plot.paintEvent

    def counting(event) -> None:  # type: ignore[no-untyped-def]
        painted.append(1)
        paint_event(event)

    view.plot.paintEvent = counting
    window.view.setCurrentIndex(QModelIndex())  # nobody selected, then Ada again
    qtbot.waitUntil(lambda: window.stack.currentWidget() is not window.page)
    window.open_person(ada)
    window.repaint()
    assert painted == []  # the first paint is the page without the chart
    assert feature.header.chart_box.height() == CHART_HEIGHT
    qtbot.waitUntil(view.isVisible, timeout=1_000)  # her chart, without new data
    assert view.interaction_marker_count() == 3
    qtbot.waitUntil(lambda: bool(painted), timeout=1_000)  # and it is painted
