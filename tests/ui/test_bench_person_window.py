"""The benchmark's "open the busiest person, window" row (``bench.person_page``) on a
list longer than one page: the busiest person sits on a page the list has not read
yet, so the window finds their row and reads their page on the worker before showing
them. The xl run (a million people) stopped there with "the window did not show the
person" when the bench expected the person at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bench import person_page
from relapp.domain.model import Channel, Direction, InteractionDraft, PersonDraft
from relapp.services import interactions, people
from relapp.storage import Database
from relapp.ui.main_window import MainWindow
from relapp.ui.people_model import PAGE


def test_the_bench_opens_a_person_on_a_page_not_read_yet(
    qtbot, db: Database, window: MainWindow
) -> None:
    for n in range(PAGE * 3):
        people.add_person(db, PersonDraft(f"Person {n:04d}"))
    last = people.add_person(db, PersonDraft("Zoë Zander"))  # last by name: page 4
    for days in range(1, 6):
        at = datetime.now(UTC) - timedelta(days=days)
        draft = InteractionDraft(at, Channel.CALL, Direction.OUTBOUND, (last.id,))
        interactions.log_interaction(db, draft)
    window.refresh_list()
    qtbot.waitUntil(lambda: window.people_list.model.rowCount() == PAGE * 3 + 1)
    assert last.id not in window.people_list.model.ids(PAGE)

    measured = person_page.measure_window(window, last.id, runs=2)

    assert len(measured["shown"]) == 2 and all(ms > 0 for ms in measured["shown"])
    assert window.page.person is not None and window.page.person.id == last.id
