"""The "Today" view lists who needs you and opens them, as a person would use it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from relapp.domain.attention import Reason
from relapp.domain.changes import Changes
from relapp.domain.model import Channel, Direction, InteractionDraft, PersonDraft
from relapp.domain.promises import PromiseDraft, Promiser
from relapp.services import interactions, people, promises
from relapp.storage import Database
from relapp.ui.health.feature import HealthFeature
from relapp.ui.health.today_view import REFRESH_DELAY_MS, ROW_ROLE
from relapp.ui.main_window import MainWindow
from tests import health_fixture

NOW = datetime.now(UTC)


@pytest.fixture
def fixture_people(db: Database) -> dict[str, int]:
    return health_fixture.build(db, NOW, NOW.astimezone().date())


def show_today(qtbot, feature: HealthFeature) -> None:
    with qtbot.waitSignal(feature.today.loaded, timeout=10_000):
        feature.show_today()


def test_today_lists_the_expected_people_most_important_first(
    qtbot, fixture_people: dict[str, int], window: MainWindow, feature: HealthFeature
) -> None:
    assert feature.today.result is None  # nothing is computed before the view is shown
    show_today(qtbot, feature)
    assert feature.today.names() == list(health_fixture.NEEDS_YOU)
    view = feature.today.list
    assert view.isVisible() and not feature.today.empty.isVisible()
    first = feature.today.model.index(0, 0)
    assert first.data(ROW_ROLE).reason is Reason.BIRTHDAY
    assert "Birthday in 3 days" in first.data(Qt.ItemDataRole.DisplayRole)
    assert feature.today.status.text() == "4 people."


def test_a_row_opens_the_person(
    qtbot, fixture_people: dict[str, int], window: MainWindow, feature: HealthFeature
) -> None:
    show_today(qtbot, feature)
    view = feature.today.list
    second = feature.today.model.index(1, 0)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(second).center()
    )
    otto = fixture_people["Otto Overdue"]
    qtbot.waitUntil(lambda: window.page.person is not None and window.page.person.id == otto)
    assert window.stack.currentWidget() is window.page
    assert window.left_tabs.currentIndex() == 0  # back on People, with Otto selected
    assert window.current_person_id() == otto


def test_the_list_follows_changes_to_the_data(
    qtbot,
    db: Database,
    fixture_people: dict[str, int],
    window: MainWindow,
    feature: HealthFeature,
) -> None:
    show_today(qtbot, feature)
    fiona = fixture_people["Fiona Friend"]
    logged = interactions.log_interaction(
        db, InteractionDraft(NOW, Channel.CALL, Direction.BOTH, (fiona,), "Caught up")
    )
    with qtbot.waitSignal(feature.today.loaded, timeout=10_000):
        window.data_changed(logged.person_ids)
    assert "Fiona Friend" not in feature.today.names()
    assert len(feature.today.names()) == len(health_fixture.NEEDS_YOU) - 1


def test_user_words_are_shown_literally(
    qtbot, db: Database, fixture_people: dict[str, int], window: MainWindow, feature: HealthFeature
) -> None:
    from relapp.domain.promises import PromiseDraft, Promiser
    from relapp.services import promises

    promises.create_promise(
        db,
        PromiseDraft(
            fixture_people["Hank Healthy"],
            Promiser.ME,
            "<b>bring</b> the <img src=x>",
            None,
            NOW - timedelta(days=1),
        ),
        now=NOW - timedelta(days=2),
    )
    show_today(qtbot, feature)
    row = next(r for r in feature.today.model.rows if r.name == "Hank Healthy")
    assert "<b>bring</b> the <img src=x>" in row.why
    index = feature.today.model.index(feature.today.model.rows.index(row), 0)
    tooltip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "&lt;b&gt;bring&lt;/b&gt; the &lt;img src=x&gt;" in tooltip


def test_nothing_to_do_says_so(qtbot, window: MainWindow, feature: HealthFeature) -> None:
    show_today(qtbot, feature)
    assert feature.today.names() == []
    assert feature.today.empty.isVisible()
    assert not feature.today.list.isVisible()


def test_today_looks_again_when_a_promise_falls_due_and_never_says_due_today_for_it(
    qtbot, db: Database, window: MainWindow, feature: HealthFeature
) -> None:
    now = [NOW]
    feature.today.set_clock(lambda: now[0])
    dan = people.add_person(db, PersonDraft("Dan Whitaker")).id
    due = NOW.replace(microsecond=0) + timedelta(minutes=2)  # stored to the second
    promises.create_promise(db, PromiseDraft(dan, Promiser.ME, "call back", None, due), now=NOW)
    show_today(qtbot, feature)
    assert feature.today.names() == []
    timer = feature.today.state_timer
    assert timer.armed and timer.next_at == due  # one timer, for the due moment
    now[0] = due + timedelta(minutes=1)
    with qtbot.waitSignal(feature.today.loaded, timeout=10_000):
        timer.timer.start(0)  # the moment has come
    (row,) = feature.today.result.rows
    assert row.why.startswith("You promised: call back (overdue, was due ")
    assert "(due today)" not in row.why
    assert timer.next_at == due + timedelta(days=1)  # next: it turns broken


def test_the_list_looks_again_only_after_changes_that_concern_health(
    qtbot, fixture_people: dict[str, int], window: MainWindow, feature: HealthFeature
) -> None:
    show_today(qtbot, feature)
    fiona = fixture_people["Fiona Friend"]
    # Tags and introductions say nothing about health: no second look.
    with qtbot.assertNotEmitted(feature.today.loaded, wait=REFRESH_DELAY_MS + 300):
        window.announce(Changes.of_people((fiona,), tags=True, introductions=True))
    for kind in ("interactions", "promises", "persons"):
        with qtbot.waitSignal(feature.today.loaded, timeout=10_000):
            window.announce(Changes.of_people((fiona,), **{kind: True}))


def test_an_anniversary_is_listed_and_drawn_with_its_own_label(
    qtbot, db: Database, window: MainWindow, feature: HealthFeature
) -> None:
    from relapp.domain.model import Birthday

    day = NOW.astimezone().date() + timedelta(days=2)
    ann = people.add_person(
        db, PersonDraft("Ann Wed", anniversary=Birthday(day.month, day.day, day.year - 10))
    ).id
    show_today(qtbot, feature)
    (row,) = feature.today.model.rows
    assert (row.person_id, row.reason) == (ann, Reason.ANNIVERSARY)
    assert row.reason.label == "Anniversary"
    assert row.why.startswith("10th anniversary in 2 days (")
    shown = feature.today.model.index(0, 0).data(Qt.ItemDataRole.DisplayRole)
    assert shown.startswith("Ann Wed — 10th anniversary in 2 days")
    assert not feature.today.list.grab().isNull()  # the delegate paints the new reason
