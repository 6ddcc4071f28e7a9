"""Return in the search box opens the person the query names, as ``relapp show`` picks
them (issue 13, seen in the four-stories e2e run: "dan whitaker" + Return opened Ben
Harlow, whose organisation and notes mention Dan Whitaker and who sorts first)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from relapp.domain.model import PersonDraft
from relapp.paths import AppPaths
from relapp.services import people
from relapp.storage import Database
from relapp.ui.app import open_window
from relapp.ui.tasks import TaskRunner


def test_return_opens_the_person_whose_name_the_query_is(
    qtbot, db: Database, paths: AppPaths, runner: TaskRunner
) -> None:
    people.add_person(
        db, PersonDraft("Ben Harlow", organisation="Whitaker Freight", met_how="Dan's lead")
    )
    people.add_person(db, PersonDraft("Carol Roth", met_how="She introduced Dan Whitaker"))
    dan = people.add_person(db, PersonDraft("Dan Whitaker")).id
    window = open_window(db, paths, runner=runner)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.list_loaded)
    for typed in ("dan whitaker", "dan whit"):
        window.search.clear()
        qtbot.waitUntil(lambda: runner.idle)
        qtbot.keyClicks(window.search, typed)
        qtbot.waitUntil(lambda: runner.idle and window.model.rowCount() == 3)
        qtbot.keyClick(window.search, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.page.person is not None and window.page.person.id == dan)
    # a query that names nobody in particular still opens the first row
    window.search.clear()
    qtbot.waitUntil(lambda: runner.idle)
    qtbot.keyClicks(window.search, "whitaker freight")
    qtbot.waitUntil(lambda: runner.idle and window.model.rowCount() >= 1)
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.page.person is not None)
    assert window.page.person.display_name == "Ben Harlow"
