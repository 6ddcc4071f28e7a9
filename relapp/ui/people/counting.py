"""The people list's count: the words under it, and the whole count of a search that
was counted only so far with the keystroke (``search.COUNTED_AT_ONCE``: "1,000+"),
read after the list is shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from relapp.domain.dates import number_text
from relapp.domain.i18n import _, ngettext
from relapp.storage import Database
from relapp.ui.people import lazy_services as services
from relapp.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from relapp.services import search


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


def count_the_rest(
    runner: TaskRunner,
    db: Database,
    result: search.PeopleList,
    done: Callable[[search.PeopleList, int], None],
    on_error: Callable[[BaseException], None],
) -> None:
    """Count the whole of ``result``'s search on the runner (the next search's count
    supersedes it); ``done(result, found)`` on the GUI thread."""
    asked = result.asked

    def work() -> int:
        return services.search().count_found(db, asked)

    runner.submit(work, lambda found: done(result, found), on_error, key="people-count")
