"""Counting everyone in the list does not step through each person (issue 18, start-up
at a million people). ``count(*) ... WHERE archived_at IS NULL`` walks the index a row
at a time, three steps of SQLite's machine each: 3,000,000 steps and 175-430 ms at
1,000,000 people, the first thing the list does once the window has painted and again
after every edit. SQLite counts a whole table's index a page at a time (no row read),
so everyone not archived is everyone less the archived (an index range): 29 steps,
26-51 ms at 1,000,000 (the xl benchmark database, read-only). The steps are counted
with SQLite's progress handler, the same at any machine's speed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from relapp.domain.model import PersonDraft
from relapp.services import people as people_service
from relapp.storage import Database, bulk, people_repo, people_search_repo

PEOPLE = 3_000
ARCHIVED = 7


@contextmanager
def steps_counted(db: Database) -> Iterator[list[int]]:
    """The steps SQLite's machine takes on this thread's connection meanwhile."""
    steps = [0]

    def step() -> int:
        steps[0] += 1
        return 0

    conn = db.connection()
    conn.set_progress_handler(step, 1)
    try:
        yield steps
    finally:
        conn.set_progress_handler(None, 1)


def _fill(db: Database) -> None:
    with db.atomic():
        ids = bulk.insert_people(db, [PersonDraft(f"Person {n:05}") for n in range(PEOPLE)])
    for person_id in ids[:ARCHIVED]:
        people_service.archive_person(db, person_id)


def test_counting_everyone_reads_no_person_one_by_one(db: Database) -> None:
    _fill(db)
    with steps_counted(db) as steps:
        listed = people_search_repo.count_found(db, "")
        archived = people_search_repo.count_found(db, "", archived=True)
        counted = people_repo.count_people(db)
    assert (listed, archived, counted) == (PEOPLE - ARCHIVED, ARCHIVED, PEOPLE - ARCHIVED)
    assert steps[0] < 200, f"{steps[0]:,} steps for {PEOPLE:,} people"  # was 18,000+


def test_the_count_follows_archiving_and_adding(db: Database) -> None:
    _fill(db)
    people_service.unarchive_person(db, people_service.list_people(db, archived=True)[0])
    people_service.add_person(db, PersonDraft("Ann New"))
    expected = PEOPLE - ARCHIVED + 1 + 1
    assert people_search_repo.count_found(db, "") == expected
    assert people_search_repo.count_found(db, "", archived=True) == ARCHIVED - 1
    assert people_repo.count_people(db) == expected
    assert people_repo.count_people(db, archived=True) == ARCHIVED - 1
