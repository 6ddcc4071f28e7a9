"""The people list alone (``ui/people/list_panel.py``), without the main window: a
search on the runner, its empty states and count, and what it tells the window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize, Qt

from relapp.domain.model import PersonDraft
from relapp.services import people
from relapp.storage import Database
from relapp.ui import theme
from relapp.ui.people.list_panel import PeopleListPanel
from relapp.ui.tasks import TaskRunner
from tests.rows_handed import count_rows_handed


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


def test_a_keystroke_is_shown_and_painted_without_a_query_on_the_gui_thread(
    qtbot, db: Database, panel: PeopleListPanel
) -> None:
    """The search's task reads the first page of rows with the ids, so the GUI thread
    only lays out and paints what it is handed (issue 18: the window's share of a
    keystroke). A page scrolled to later is read on the runner when it is shown."""
    from relapp.storage import bulk

    with db.atomic():
        bulk.insert_people(db, [PersonDraft(f"Ana Person {n:03}") for n in range(250)])
    panel.resize(400, 600)
    panel.refresh_list()
    settle(qtbot, panel)
    statements: list[str] = []
    gui_connection = db.connection()  # peewee's connection of this (the GUI) thread
    gui_connection.set_trace_callback(statements.append)
    try:
        qtbot.keyClicks(panel.search, "an")
        settle(qtbot, panel)
        panel.view.viewport().repaint()
        assert panel.model.rowCount() == 250
        assert panel.model.index(2, 0).data() == "Ana Person 002"
        assert statements == []
        panel.view.scrollToBottom()
        panel.view.viewport().repaint()
        qtbot.waitUntil(lambda: panel.model.index(249, 0).data() == "Ana Person 249")
        assert statements == []  # the page scrolled to is read on the runner too
    finally:
        gui_connection.set_trace_callback(None)


def test_a_one_letter_search_reads_a_page_of_the_people_it_finds(
    qtbot, db: Database, panel: PeopleListPanel, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 18, a million people: "a" finds a quarter of everyone (27,302 of 100,000);
    the keystroke reads how many and the page shown, not every id found; a page
    scrolled to is read when it is shown, and the person chosen there is shown."""
    from relapp.storage import bulk
    from relapp.ui.people_model import PAGE

    with db.atomic():
        bulk.insert_people(db, [PersonDraft(f"Ana Person {n:04}") for n in range(1_500)])
    panel.resize(400, 600)
    panel.refresh_list()
    settle(qtbot, panel)
    handed = count_rows_handed(db, monkeypatch)
    qtbot.keyClicks(panel.search, "a")
    settle(qtbot, panel)
    panel.view.viewport().repaint()
    assert panel.model.rowCount() == 1_500
    assert panel.count_label.text() == "1,500 of 1,500 people"
    assert handed[0] <= 2 * PAGE + 10  # the page's keys, its rows, a few counts
    assert len(panel.model.ids()) <= PAGE

    handed[0] = 0
    chosen: list[int | None] = []
    panel.currentChanged.connect(chosen.append)
    panel.view.setFocus()
    panel.view.scrollToBottom()
    panel.view.setCurrentIndex(panel.model.index(1_499, 0))
    qtbot.waitUntil(lambda: panel.model.index(1_499, 0).data() == "Ana Person 1499")
    qtbot.waitUntil(lambda: chosen[-1:] == [panel.model.id_at(1_499)] != [None])
    assert handed[0] <= 2 * PAGE + 10
    assert [panel.model.index(r, 0).data() for r in (0, 1)] == [
        "Ana Person 0000",
        "Ana Person 0001",
    ]


def _search_icon_colours(panel: PeopleListPanel) -> set[str]:
    image = panel.search_icon.icon().pixmap(QSize(16, 16), 1.0).toImage()
    return {
        image.pixelColor(x, y).name()
        for y in range(image.height())
        for x in range(image.width())
        if image.pixelColor(x, y).alpha() == 255
    }


def test_the_search_icon_is_drawn_at_two_ratios_in_the_colours_of_the_scheme(qtbot, panel) -> None:
    """The icon is drawn in advance (Qt paints a line edit's actions on a private widget
    class; a Python icon engine there costs a start-up dearly): sharp at 1x and 2x, and
    drawn again when the scheme changes."""
    icon = panel.search_icon.icon()
    assert {icon.pixmap(QSize(16, 16), ratio).width() for ratio in (1.0, 2.0)} == {16, 32}
    try:
        theme.force("light")
        light = _search_icon_colours(panel)
        theme.force("dark")
        dark = _search_icon_colours(panel)
    finally:
        theme.force("light")
        theme.force(None)
    assert light and dark and light.isdisjoint(dark)


def test_the_clear_button_comes_after_the_first_paint(panel) -> None:
    assert not panel.search.isClearButtonEnabled()
    panel.after_first_paint()
    assert panel.search.isClearButtonEnabled()


def test_a_person_on_a_page_not_read_is_selected_and_the_order_reverses_across_pages(
    qtbot, db: Database, panel: PeopleListPanel
) -> None:
    """Selecting someone the list has not read yet finds their row (a count) and reads
    their page; the selection stays theirs through a keystroke that still finds them;
    a reversed sort is the whole list from the end, page after page."""
    from relapp.storage import bulk
    from relapp.ui.people_model import PAGE

    with db.atomic():
        ids = bulk.insert_people(db, [PersonDraft(f"Ana Person {n:03}") for n in range(350)])
    panel.resize(400, 600)
    panel.refresh_list()
    settle(qtbot, panel)
    far = ids[321]
    assert panel.model.row_of(far) is None  # on a page not read
    panel.select_person(far)
    qtbot.waitUntil(lambda: panel.current_person_id() == far)
    assert panel.view.currentIndex().row() == 321
    qtbot.keyClicks(panel.search, "ana")
    settle(qtbot, panel)
    assert panel.current_person_id() == far and panel.view.currentIndex().row() == 321

    panel.search.clear()
    panel.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    settle(qtbot, panel)
    shown: list[str] = []
    for row in range(0, 350, PAGE):
        panel.view.scrollTo(panel.model.index(row, 0))
        panel.view.viewport().repaint()
        qtbot.waitUntil(lambda row=row: panel.model.index(row, 0).data() is not None)
        shown += [panel.model.index(r, 0).data() for r in range(row, min(350, row + PAGE))]
    assert shown == [f"Ana Person {n:03}" for n in reversed(range(350))]
