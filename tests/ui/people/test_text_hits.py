"""The search box finds words in what you wrote down (issue 15): the people list shows
"In your notes" under the people, each hit saying where it is; choosing one opens the
person at that entry; Down from the search box reaches the hits; user text with HTML
shows as text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QStyleOptionViewItem

from relapp.domain.model import Channel, Direction, InteractionDraft, PersonDraft
from relapp.domain.promises import PromiseDraft, Promiser
from relapp.domain.text_search import HitKind
from relapp.services import interactions, people, promises
from relapp.storage import Database
from relapp.ui.main_window import MainWindow
from relapp.ui.people.text_hits import HIT_ROLE
from relapp.ui.tasks import TaskRunner

WHEN = datetime(2025, 3, 12, 15, 0, tzinfo=UTC)


def log(db: Database, who: int, summary: str, notes: str = "", days: int = 0) -> int:
    draft = InteractionDraft(
        WHEN + timedelta(days=days), Channel.EMAIL, Direction.OUTBOUND, (who,), summary, notes
    )
    return interactions.log_interaction(db, draft).id


def type_query(qtbot, window: MainWindow, runner: TaskRunner, text: str) -> None:
    window.search.clear()
    qtbot.waitUntil(lambda: runner.idle)
    qtbot.keyClicks(window.search, text)
    qtbot.waitUntil(lambda: runner.idle and window.search.text() == text)
    qtbot.wait(60)  # the runner's hand-over to the GUI thread
    qtbot.waitUntil(lambda: runner.idle)


def shown_lines(window: MainWindow) -> list[str]:
    model = window.people_list.hits.model
    return [str(model.data(model.index(row))) for row in range(model.rowCount())]


def test_hits_show_under_the_people_and_open_the_person_at_the_entry(
    qtbot, db: Database, window: MainWindow, runner: TaskRunner
) -> None:
    gardener = people.add_person(db, PersonDraft("Gardenia Lee")).id
    carol = people.add_person(db, PersonDraft("Carol Roth")).id
    for day in range(1, 80):  # a long history: the entry is not on the first page
        log(db, carol, f"Catch-up {day}", days=day)
    entry = log(db, carol, "Coffee", "She talked about <b>gardening</b> & her roses")
    window.refresh_list()
    qtbot.waitUntil(lambda: runner.idle)
    type_query(qtbot, window, runner, "garden")
    panel = window.people_list
    qtbot.waitUntil(lambda: panel.hits.count() == 1)
    assert window.model.ids() == [gardener]  # people first, as before
    assert panel.hits.isVisible() and window.view.isVisible()
    assert panel.hits.title.text() == "In your notes · 1 match"
    day = WHEN.astimezone().date()
    assert shown_lines(window) == [
        f"Carol Roth — {day.day} {day:%b %Y}, email\n"
        "Coffee · She talked about <b>gardening</b> & her roses"
    ]
    # Down from the box: the person; Down again: the hit, which opens Carol at the entry.
    window.search.setFocus()
    qtbot.keyClick(window.search, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: window.page.person is not None and window.page.person.id == gardener)
    qtbot.keyClick(window.view, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: window.page.person is not None and window.page.person.id == carol)
    assert panel.hits.view.hasFocus()
    current = window.page.history_view.currentIndex()
    assert current.isValid()
    assert window.page.history_model.entry(current.row()).interaction.id == entry
    assert window.current_person_id() == carol
    assert not window.view.currentIndex().isValid()  # one selection: the hit
    # Return on the hit hands the keyboard to the history; Up goes back to the people.
    qtbot.keyClick(panel.hits.view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.page.history_view.hasFocus())
    panel.hits.view.setFocus()
    qtbot.keyClick(panel.hits.view, Qt.Key.Key_Up)
    qtbot.waitUntil(lambda: window.page.person is not None and window.page.person.id == gardener)
    assert panel.hits.current_hit() is None


def test_html_in_a_note_is_drawn_as_text(
    qtbot, db: Database, window: MainWindow, runner: TaskRunner
) -> None:
    carol = people.add_person(db, PersonDraft("Carol Roth")).id
    log(db, carol, "", "<img src=x> <b>orchard</b> visit")
    type_query(qtbot, window, runner, "orchard")
    panel = window.people_list
    qtbot.waitUntil(lambda: panel.hits.count() == 1)
    view = panel.hits.view
    index = panel.hits.model.index(0)
    assert "<b>orchard</b>" in index.data()
    # What the delegate draws: the texts as they are, through drawText (plain text).
    drawn: list[str] = []

    class Recording(QPainter):
        def drawText(self, *args) -> None:
            drawn.append(args[-1])
            super().drawText(*args)

    image = QImage(400, 60, QImage.Format.Format_ARGB32)
    painter = Recording(image)
    option = QStyleOptionViewItem()
    option.rect = QRect(0, 0, 400, 60)
    option.font = view.font()
    option.palette = view.palette()
    view.itemDelegate().paint(painter, option, index)
    painter.end()
    assert drawn[0].startswith("Carol Roth — ")
    assert drawn[1] == "<img src=x> <b>orchard</b> visit"
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "&lt;b&gt;orchard&lt;/b&gt;" in tip and "<b>" not in tip


def test_nobody_matching_but_the_notes_and_return_opens_the_first_hit(
    qtbot, db: Database, window: MainWindow, runner: TaskRunner
) -> None:
    carol = people.add_person(db, PersonDraft("Carol Roth")).id
    promise = promises.create_promise(
        db, PromiseDraft(carol, Promiser.ME, "send the beekeeping book", None, WHEN), now=WHEN
    )
    type_query(qtbot, window, runner, "beekeep")
    panel = window.people_list
    qtbot.waitUntil(lambda: panel.hits.count() == 1)
    assert not window.view.isVisible() and panel.hits.isVisible()
    assert panel.list_empty.isVisible()  # "No one matches …", above the notes
    hit = panel.hits.model.index(0).data(HIT_ROLE)
    assert (hit.match.kind, hit.match.record_id) == (HitKind.PROMISE, promise.id)
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.page.person is not None and window.page.person.id == carol)
    assert window.stack.currentWidget() is window.page
    # Down from the box, with nobody in the people list, reaches the hit too.
    panel.hits.clear_current()
    window.search.setFocus()
    qtbot.keyClick(window.search, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: panel.hits.view.hasFocus() and panel.hits.current_hit() is not None)
    qtbot.keyClick(panel.hits.view, Qt.Key.Key_Up)
    qtbot.waitUntil(lambda: window.search.hasFocus())


def test_an_edit_keeps_the_hit_and_its_person_and_the_index_follows(
    qtbot, db: Database, window: MainWindow, runner: TaskRunner
) -> None:
    carol = people.add_person(db, PersonDraft("Carol Roth")).id
    entry = log(db, carol, "Lunch", "sailing plans")
    other = log(db, carol, "Call", "sailing club dues", days=1)
    type_query(qtbot, window, runner, "sailing")
    panel = window.people_list
    qtbot.waitUntil(lambda: panel.hits.count() == 2)
    panel.hits.enter(1)
    qtbot.waitUntil(lambda: window.page.person is not None and window.page.person.id == carol)
    chosen = panel.hits.current_hit()
    assert chosen is not None and chosen.match.record_id == entry
    interactions.update_interaction(
        db,
        other,
        InteractionDraft(WHEN, Channel.CALL, Direction.OUTBOUND, (carol,), "Call", "kayak"),
    )
    window.announce(interactions.changes((carol,)))
    qtbot.waitUntil(lambda: runner.idle and panel.hits.count() == 1)
    still = panel.hits.current_hit()
    assert still is not None and still.match.record_id == entry
    assert window.stack.currentWidget() is window.page and window.page.person.id == carol


def test_a_keystroke_that_finds_the_same_hits_leaves_them_as_they_are(
    qtbot, db: Database, window: MainWindow, runner: TaskRunner
) -> None:
    """Typing on a word ("gard", "garde", "garden"): the same hits are not shown afresh
    (a reset, a repaint of the section, its scroll position lost) at each keystroke."""
    carol = people.add_person(db, PersonDraft("Carol Roth")).id
    for day in range(30):
        log(db, carol, f"Gardening day {day}", days=day)
    window.refresh_list()
    qtbot.waitUntil(lambda: runner.idle)
    type_query(qtbot, window, runner, "gard")
    hits = window.people_list.hits
    resets: list[bool] = []
    hits.model.modelReset.connect(lambda: resets.append(True))
    before = shown_lines(window)
    qtbot.keyClicks(window.search, "en")
    qtbot.waitUntil(lambda: runner.idle and window.search.text() == "garden")
    qtbot.wait(60)
    qtbot.waitUntil(lambda: runner.idle)
    assert shown_lines(window) == before and len(before) == 30
    assert resets == []
