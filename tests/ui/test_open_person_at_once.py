"""Opening someone whose row of the paged list is not read yet (issue 18, the window with
margin): the person page shows them at once, from their id, while the list finds their
row and reads its page on the worker; when it has, they are selected there and the page
is not filled a second time."""

from __future__ import annotations

import pytest

from relapp.domain.model import PersonDraft
from relapp.paths import AppPaths
from relapp.storage import Database, bulk
from relapp.ui.app import open_window
from relapp.ui.main_window import MainWindow
from relapp.ui.people_model import PAGE
from relapp.ui.tasks import TaskRunner


@pytest.fixture
def window(qtbot, db: Database, paths: AppPaths, runner: TaskRunner) -> MainWindow:
    with db.atomic():
        bulk.insert_people(db, [PersonDraft(f"Person {n:04}") for n in range(4 * PAGE)])
    win = open_window(db, paths, runner=runner)
    qtbot.addWidget(win)
    win.resize(1280, 760)
    win.show()
    qtbot.waitUntil(lambda: win.list_loaded and runner.idle)
    return win


def test_a_person_off_the_pages_read_is_shown_at_once_and_once(
    qtbot, window: MainWindow, db: Database, runner: TaskRunner
) -> None:
    far = db.connection().execute("SELECT id FROM person WHERE display_name = 'Person 0350'")
    person_id = far.fetchone()[0]
    assert window.model.row_of(person_id) is None  # on the fourth page, not read
    shown: list[int] = []
    window.page.personShown.connect(lambda person: shown.append(person.id))
    window.open_person(person_id)
    assert window.page.person is not None and window.page.person.id == person_id
    assert window.stack.currentWidget() is window.page
    qtbot.waitUntil(lambda: window.current_person_id() == person_id and runner.idle)
    assert window.model.row_of(person_id) == 350
    assert window.view.currentIndex().row() == 350
    assert shown == [person_id]  # filled once


def test_an_archived_person_waits_for_the_list_that_shows_them(
    qtbot, window: MainWindow, db: Database, runner: TaskRunner
) -> None:
    """Not shown ahead: the list of the others does not show them (no page shown and
    then left for "nobody selected")."""
    from relapp.services import people

    far = db.connection().execute("SELECT id FROM person WHERE display_name = 'Person 0360'")
    person_id = far.fetchone()[0]
    people.archive_person(db, person_id)
    window.open_person(person_id)
    assert window.page.person is None or window.page.person.id != person_id
    qtbot.waitUntil(lambda: runner.idle)
