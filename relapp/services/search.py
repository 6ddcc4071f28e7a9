"""Search over everything you wrote down: the people a query finds (names, emails,
phones, tags, organisations, notes: ``people.list_people``) and, after them, the
interactions, promises and introductions whose text has its words."""

from __future__ import annotations

from dataclasses import dataclass

from relapp.domain import text_search
from relapp.domain.model import PersonRow
from relapp.domain.text_search import TextHits
from relapp.storage import Database, people_repo, text_search_repo

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
    ids = people_repo.person_ids(db, query) if query.strip() else []
    rows = people_repo.person_rows(db, ids[:people_limit])
    first = tuple(rows[i] for i in ids[:people_limit] if i in rows)
    return Found(first, search_text(db, query), len(ids))
