"""Search over everything you wrote down: the people a query finds (names, emails,
phones, tags, organisations, notes: ``people.list_people``) and, after them, the
interactions, promises and introductions whose text has its words."""

from __future__ import annotations

from dataclasses import dataclass

from relapp.domain import text_search
from relapp.domain.model import PersonRow
from relapp.domain.search import match_expression
from relapp.domain.text_search import TextHits
from relapp.storage import Database, people_search_repo, text_search_repo
from relapp.storage.people_order import PeopleSort

TEXT_HITS = 50
"""Text hits a search returns: the newest matches of each index, so a keystroke costs
the same in a history of a thousand entries or a million."""


def search_text(
    db: Database, query: str, *, archived: bool = False, limit: int = TEXT_HITS
) -> TextHits:
    """The interactions, promises and introductions written last whose text matches
    ``query`` (each typed word of two letters or more, as a prefix; see
    ``domain.text_search``), at most ``limit``, newest date first."""
    asked = text_search.text_query(query)
    if asked is None:
        return TextHits(())
    matches = [
        *text_search_repo.interaction_matches(db, asked, limit + 1, archived=archived),
        *text_search_repo.promise_matches(db, asked, limit + 1, archived=archived),
        *text_search_repo.introduction_matches(db, asked, limit + 1, archived=archived),
    ]
    return text_search.describe(matches, query, limit)


@dataclass(frozen=True)
class Found:
    """What a search finds: people first (list order, as the people list shows them),
    then the text hits."""

    people: tuple[PersonRow, ...]
    text: TextHits
    people_found: int = 0  # all the people found (``people`` holds the first ones)


def search_everything(db: Database, query: str, *, people_limit: int = TEXT_HITS) -> Found:
    """People (the first ``people_limit``, in name order) and text hits for ``query``."""
    if not query.strip():
        return Found((), search_text(db, query), 0)
    asked = PeopleQuery(query)
    found = count_found(db, asked)
    first = people_page(db, asked, 0, people_limit, found=found)
    return Found(tuple(first), search_text(db, query), found)


# --- the people list, a page at a time --------------------------------------------------


@dataclass(frozen=True)
class PeopleQuery:
    """What the people list shows: the people ``text`` finds (everyone when it is
    blank), archived or not, in ``sort`` order (``reverse``: read from the end)."""

    text: str = ""
    sort: PeopleSort = PeopleSort.NAME
    reverse: bool = False
    archived: bool = False


COUNTED_AT_ONCE = 1_000
"""People a keystroke counts before the list is shown: past it the list says "1,000+"
and its scroll bar grows when the whole count comes (``count_found`` again, after):
counting all of a million found costs 25-50 ms."""
COUNTED_IN_FULL = 200_000
"""A list of up to this many people has every search counted at once (all of 100,000
cost 3-7 ms): no "1,000+", no second update of the list."""


def count_found(db: Database, asked: PeopleQuery, *, at_most: int | None = None) -> int:
    """How many people the list shows (the FTS5 index counts; no id is read);
    ``at_most``: counted no further (``at_most + 1``: more than that)."""
    return people_search_repo.count_found(db, asked.text, archived=asked.archived, at_most=at_most)


def people_page(
    db: Database,
    asked: PeopleQuery,
    offset: int,
    limit: int,
    *,
    found: int | None = None,
    everyone: int | None = None,
) -> list[PersonRow]:
    """Rows ``offset`` to ``offset + limit`` of the list, in its order. ``found``
    (``count_found``), when known, spares reading past the end; ``everyone`` (the list
    without a query) is no longer needed to choose how a page is read."""
    del everyone
    return people_search_repo.people_page(
        db,
        asked.text,
        asked.sort,
        offset=offset,
        limit=limit,
        reverse=asked.reverse,
        archived=asked.archived,
        found=found,
    )


def position_of(
    db: Database,
    asked: PeopleQuery,
    person_id: int,
    *,
    found: int | None = None,
    everyone: int | None = None,
) -> int | None:
    """The person's row in the list, or None when the list does not show them
    (``found``, ``everyone``: kept for the callers, no longer needed)."""
    del found, everyone
    return people_search_repo.position_of(
        db, person_id, asked.text, asked.sort, reverse=asked.reverse, archived=asked.archived
    )


def _by_name(asked: PeopleQuery) -> bool:
    return asked.sort is PeopleSort.NAME and not asked.archived


@dataclass(frozen=True)
class PeopleList:
    """One search of the people list, as its task hands it to the window: how many it
    shows (``found``) and how many there are without a query (``everyone``), the pages
    read (page number -> rows; the first, and the page of each person to keep
    selected), where those people are (id -> row), and the text hits."""

    asked: PeopleQuery
    found: int
    everyone: int
    pages: dict[int, list[PersonRow]]
    rows_of: dict[int, int]
    text: TextHits
    counted: bool = True  # False: ``found`` is COUNTED_AT_ONCE + 1, "more than"


def people_list(
    db: Database,
    asked: PeopleQuery,
    *,
    page: int,
    keep: tuple[int, ...] = (),
    everyone: int | None = None,
    at_most: int | None = None,
) -> PeopleList:
    """The people list for ``asked``, ``page`` rows a page: counts, the first page, and
    the pages of the people in ``keep`` (if the list shows them). ``everyone``: the
    count without a query, when the caller knows it still holds (a keystroke). A search
    is counted up to ``at_most`` (the window's: ``COUNTED_AT_ONCE``; ``counted`` false
    past it) when the list has more than ``COUNTED_IN_FULL`` people, or further when a
    person kept is past that."""
    if everyone is None:
        everyone = count_found(db, PeopleQuery(archived=asked.archived))
    if everyone <= COUNTED_IN_FULL:
        at_most = None
    # Text with no word in it ("(", "+") shows everyone, as a blank query does.
    found = everyone if match_expression(asked.text) is None else None
    first: list[PersonRow] | None = None
    if found is None and at_most is not None and _by_name(asked):
        found, first = people_search_repo.counted_first_page(
            db, asked.text, limit=page, at_most=at_most, reverse=asked.reverse
        )
    elif found is None:
        found = count_found(db, asked, at_most=at_most)
    counted = at_most is None or found <= at_most
    if first is None:
        first = people_page(db, asked, 0, page, found=found if counted else None)
    pages = {0: first}
    rows_of = {row.id: n for n, row in enumerate(pages[0])}
    for person_id in keep:
        if person_id in rows_of:
            continue
        row = position_of(db, asked, person_id)
        if row is None:
            continue
        if not counted and row >= found:
            found, counted = count_found(db, asked), True  # the list reaches them
        rows_of[person_id] = row
        number = row // page
        if number not in pages:
            pages[number] = people_page(db, asked, number * page, page)
    text = search_text(db, asked.text, archived=asked.archived)
    return PeopleList(asked, found, everyone, pages, rows_of, text, counted)
