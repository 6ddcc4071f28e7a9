"""A search that finds more than a keystroke counts (``search.COUNTED_AT_ONCE``, issue
18 at a million people): the list shows its first page with "1,000+ of ..." at once,
then grows to the whole count, read after on the runner, its pages read kept."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer

from relapp.domain.model import PersonDraft
from relapp.services import search
from relapp.storage import Database, bulk
from relapp.ui.people.list_panel import PeopleListPanel
from relapp.ui.tasks import TaskRunner


@pytest.fixture
def panel(qtbot, db: Database, runner: TaskRunner) -> PeopleListPanel:
    with db.atomic():
        bulk.insert_people(db, [PersonDraft(f"Ana Person {n:03}") for n in range(300)])
        bulk.insert_people(db, [PersonDraft("Bo Eklund")])
    made = PeopleListPanel(db, runner, page_shown=lambda: False, on_error=pytest.fail)
    qtbot.addWidget(made)
    made.show()
    made.refresh_list()
    qtbot.waitUntil(lambda: made.list_loaded and runner.idle)
    return made


def test_the_list_shows_so_far_then_grows_to_the_whole_count(
    qtbot, panel: PeopleListPanel, runner: TaskRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "COUNTED_AT_ONCE", 50)
    monkeypatch.setattr(search, "COUNTED_IN_FULL", 100)  # as at a million people
    seen: list[tuple[str, int, str]] = []
    model = panel.model
    model.modelReset.connect(lambda: seen.append(("shown", model.rowCount(), "")))
    model.rowsInserted.connect(
        lambda *_: seen.append(("grown", model.rowCount(), panel.count_label.text()))
    )
    panel.search.setText("ana")
    qtbot.waitUntil(lambda: runner.idle and len(seen) == 2)
    assert seen == [("shown", 51, ""), ("grown", 300, "50+ of 301 people")]
    assert panel.count_label.text() == "300 of 301 people"
    assert model.index(0, 0).data() == "Ana Person 000"
    panel.view.scrollToBottom()  # the last page is read: the count is whole
    qtbot.waitUntil(lambda: model.index(299, 0).data() == "Ana Person 299")
    panel.search.setText("bo")  # counted at once: nothing comes after
    qtbot.waitUntil(lambda: runner.idle and model.rowCount() == 1)
    qtbot.wait(20)
    assert len(seen) == 3 and panel.count_label.text() == "1 of 301 people"


def test_a_list_of_up_to_counted_in_full_people_is_counted_at_once(
    qtbot, panel: PeopleListPanel, runner: TaskRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "COUNTED_AT_ONCE", 50)  # COUNTED_IN_FULL: 200,000
    grown: list[int] = []
    panel.model.rowsInserted.connect(lambda *_: grown.append(panel.model.rowCount()))
    panel.search.setText("ana")
    qtbot.waitUntil(lambda: runner.idle and panel.model.rowCount() == 300)
    qtbot.wait(20)
    assert grown == [] and panel.count_label.text() == "300 of 301 people"


def test_a_keystroke_before_the_whole_count_starts_spares_it(
    qtbot, panel: PeopleListPanel, runner: TaskRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Typing on: the whole count of a search already typed past is not run (at a
    million people it takes the worker 25-50 ms, and the next keystroke's search would
    wait behind it); the count of the search typed last is."""
    monkeypatch.setattr(search, "COUNTED_AT_ONCE", 50)
    monkeypatch.setattr(search, "COUNTED_IN_FULL", 100)  # as at a million people
    counted: list[str] = []
    real_count = search.count_found

    def count_found(db: Database, asked: search.PeopleQuery, **kwargs: object) -> int:
        if not kwargs:  # the whole count (a keystroke counts ``at_most``)
            counted.append(asked.text)
        return real_count(db, asked, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(search, "count_found", count_found)
    model = panel.model

    def next_key() -> None:  # the list of "ana" is in; the next key comes before its paint
        if panel.search.text() == "ana":
            QTimer.singleShot(0, lambda: panel.search.setText("ana p"))

    model.modelReset.connect(next_key)
    panel.search.setText("ana")
    qtbot.waitUntil(lambda: runner.idle and model.rowCount() == 300)
    qtbot.wait(150)
    assert counted == ["ana p"]
    assert panel.count_label.text() == "300 of 301 people"
