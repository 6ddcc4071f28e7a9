"""The people list alone (``ui/people/list_panel.py``), without the main window: a
search on the runner, its empty states and count, and what it tells the window."""

from __future__ import annotations

import pytest

from relapp.domain.model import PersonDraft
from relapp.services import people
from relapp.storage import Database
from relapp.ui.people.list_panel import PeopleListPanel
from relapp.ui.tasks import TaskRunner


@pytest.fixture
def errors() -> list[BaseException]:
    return []


@pytest.fixture
def panel(qtbot, db: Database, runner: TaskRunner, errors: list) -> PeopleListPanel:
    made = PeopleListPanel(db, runner, page_shown=lambda: False, on_error=errors.append)
    qtbot.addWidget(made)
    made.show()
    return made


def names(panel: PeopleListPanel) -> list[str]:
    return [panel.model.index(r, 0).data() for r in range(panel.model.rowCount())]


def settle(qtbot, panel: PeopleListPanel) -> None:
    qtbot.waitUntil(lambda: panel.runner.idle)
    qtbot.wait(10)


def test_an_empty_database_says_so_and_asks_for_the_welcome(qtbot, panel) -> None:
    with qtbot.waitSignal(panel.nobodySelected) as nobody:
        panel.refresh_list()
    assert nobody.args == [True]
    assert panel.list_loaded
    assert panel.list_empty.isVisible() and not panel.view.isVisible()
    assert "No people yet" in panel.list_empty.text()
    assert panel.count_label.text() == "0 people"


def test_typing_filters_and_an_unknown_name_offers_to_add_it(
    qtbot, db: Database, panel: PeopleListPanel, errors: list
) -> None:
    for name in ("Carol Roth", "Dan Whitaker"):
        people.add_person(db, PersonDraft(name))
    panel.refresh_list()
    settle(qtbot, panel)
    assert names(panel) == ["Carol Roth", "Dan Whitaker"]
    qtbot.keyClicks(panel.search, "dan")
    settle(qtbot, panel)
    assert names(panel) == ["Dan Whitaker"]
    assert panel.count_label.text() == "1 of 2 people"
    panel.search.setText("Zoë <b>")
    settle(qtbot, panel)
    assert panel.list_empty.text() == "No one matches “Zoë <b>”."
    assert panel.add_from_search.isVisible()
    with qtbot.waitSignal(panel.newPersonRequested) as asked:
        panel.add_from_search.click()
    assert asked.args == ["Zoë <b>"]
    assert errors == []


def test_selecting_tells_the_window_and_select_person_clears_a_hiding_search(
    qtbot, db: Database, panel: PeopleListPanel
) -> None:
    carol = people.add_person(db, PersonDraft("Carol Roth")).id
    dan = people.add_person(db, PersonDraft("Dan Whitaker")).id
    panel.search.setText("carol")
    settle(qtbot, panel)
    chosen: list[int | None] = []
    panel.currentChanged.connect(chosen.append)
    panel.select_person(dan)  # not among the results: the search is cleared
    qtbot.waitUntil(lambda: panel.current_person_id() == dan)
    assert panel.search.text() == ""
    assert chosen[-1] == dan
    panel.select_person(carol)
    assert chosen[-1] == carol
