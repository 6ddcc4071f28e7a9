"""The health overview page, opened from the View menu."""

from __future__ import annotations

from datetime import UTC, datetime

from relapp.storage import Database
from relapp.ui.health.feature import HealthFeature
from relapp.ui.main_window import MainWindow
from tests import health_fixture

NOW = datetime.now(UTC)


def test_the_view_menu_opens_the_overview_with_a_legend(
    qtbot, db: Database, window: MainWindow, feature: HealthFeature
) -> None:
    health_fixture.build(db, NOW, NOW.astimezone().date())
    assert feature.overview_action in window.menus["view"].actions()
    with qtbot.waitSignal(feature.overview.loaded, timeout=10_000):
        feature.overview_action.trigger()
    assert window.stack.currentWidget() is feature.overview
    counts = feature.overview.counts
    assert counts is not None and len(counts.days) == 61  # five years of month ends, and today
    assert int(counts.total[-1]) == 6  # everyone but the archived
    assert feature.overview.summary.text().endswith("of 6 people.")
    qtbot.waitUntil(lambda: feature.overview.view is not None)  # made over a few turns
    chart = feature.overview.view
    assert chart is not None
    assert chart.legend_names() == [
        "New (not enough history yet)",  # issue 13: new people are not counted as fading
        "Fading (under 40)",
        "Cooling (40 to 69)",
        "Healthy (70 and up)",
    ]
    _x, y = chart.areas["new"].getData()
    assert y[-1] == 6
    _x, judged = chart.areas["fading"].getData()
    assert judged[-1] == 6 - counts.new_counts[-1]


def test_choosing_fewer_years(qtbot, window: MainWindow, feature: HealthFeature) -> None:
    with qtbot.waitSignal(feature.overview.loaded, timeout=10_000):
        feature.show_overview()
    with qtbot.waitSignal(feature.overview.loaded, timeout=10_000):
        feature.overview.years.setCurrentIndex(0)
    assert len(feature.overview.counts.days) == 13
    assert feature.overview.summary.text().startswith("Nobody yet")
