"""The people list's count: the words under it, and the whole count of a search that
was counted only so far with the keystroke (``search.COUNTED_AT_ONCE``: "1,000+"),
read after the list is shown.

The whole count starts once the list has painted (``paint_hold.after_paint``), and only
while no other search was asked for since: at a million people it costs the worker
25-50 ms (an FTS5 count of hundreds of thousands of matches), which competed with the
list's paint for the two cores, and the next keystroke's search waited behind it
(issue 18). It is submitted under the list's own task key, so a keystroke after it has
started drops its result, and one before it starts skips it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from relapp.domain.dates import number_text
from relapp.domain.i18n import _, ngettext
from relapp.storage import Database
from relapp.ui.paint_hold import after_paint
from relapp.ui.people import lazy_services as services
from relapp.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from relapp.services import search

LIST_KEY = "people-list"  # the list's searches and their whole counts: the newest wins


def count_text(shown: int, total: int, query: str, archived: bool, more: bool) -> str:
    """ "12 of 1,000 people", "1,000+ of 1,000,000 people" (``more``: ``shown`` is one
    past what was counted), "3 archived people"."""
    if archived:
        counted = ngettext("{n} archived person", "{n} archived people", total)
    else:
        counted = ngettext("{n} person", "{n} people", total)
    counted = counted.format(n=number_text(total))
    if not query.strip():
        return counted
    found = f"{number_text(shown - 1)}+" if more else number_text(shown)
    return _("{shown} of {total}").format(shown=found, total=counted)


class WholeCount:
    """The whole count of the search the list shows, read on the runner after the list
    has painted (see the module's text); ``done(result, found)`` on the GUI thread."""

    def __init__(
        self,
        shown: QWidget,
        runner: TaskRunner,
        db: Database,
        done: Callable[[search.PeopleList, int], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        self._shown = shown
        self._runner = runner
        self._db = db
        self._done = done
        self._on_error = on_error
        self._searches = 0

    def searched(self) -> None:
        """A search was asked for (submitted under ``LIST_KEY``): a whole count not
        started yet is no longer wanted."""
        self._searches += 1

    def after_paint(self, result: search.PeopleList) -> None:
        """Count the whole of ``result``'s search once the list has painted, unless a
        search was asked for meanwhile."""
        asked, db, searches = result.asked, self._db, self._searches

        def work() -> int:
            return services.search().count_found(db, asked)

        def start() -> None:
            if searches == self._searches:
                done = self._done
                self._runner.submit(
                    work, lambda found: done(result, found), self._on_error, key=LIST_KEY
                )

        after_paint(self._shown, start)
