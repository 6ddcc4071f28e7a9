"""Logging interactions: history newest first in pages, last contact kept, undo data."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from relapp.domain.errors import InvalidInput, NotFound
from relapp.domain.model import Channel, Direction, InteractionDraft, InteractionKind, PersonDraft
from relapp.services import interactions, people
from relapp.storage import Database

T0 = datetime(2026, 1, 5, 15, 0, tzinfo=UTC)


def test_history_is_newest_first_and_pages(db: Database) -> None:
    carol = people.add_person(db, PersonDraft("Carol")).id
    for day in range(120):
        interactions.log_interaction(
            db,
            InteractionDraft(
                T0 + timedelta(days=day), Channel.EMAIL, Direction.OUTBOUND, (carol,), f"#{day}"
            ),
        )
    assert interactions.history_count(db, carol) == 120
    first = interactions.history_page(db, carol, 0, 50)
    second = interactions.history_page(db, carol, 50, 50)
    last = interactions.history_page(db, carol, 100, 50)
    summaries = [e.interaction.summary for e in first + second + last]
    assert summaries == [f"#{d}" for d in range(119, -1, -1)]


def test_last_contact_follows_logging_editing_and_deleting(db: Database) -> None:
    carol = people.add_person(db, PersonDraft("Carol")).id
    assert people.person_rows(db, [carol])[carol].last_contact_at is None
    early = interactions.log_interaction(
        db, InteractionDraft(T0, Channel.CALL, Direction.BOTH, (carol,))
    )
    late = interactions.log_interaction(
        db, InteractionDraft(T0 + timedelta(days=9), Channel.CALL, Direction.BOTH, (carol,))
    )
    assert people.person_rows(db, [carol])[carol].last_contact_at == T0 + timedelta(days=9)
    interactions.delete_interaction(db, late.id)
    assert people.person_rows(db, [carol])[carol].last_contact_at == T0
    interactions.update_interaction(
        db,
        early.id,
        InteractionDraft(T0 + timedelta(days=1), Channel.CALL, Direction.BOTH, (carol,)),
    )
    assert people.person_rows(db, [carol])[carol].last_contact_at == T0 + timedelta(days=1)


def test_an_interaction_can_involve_several_people(db: Database) -> None:
    carol = people.add_person(db, PersonDraft("Carol")).id
    dan = people.add_person(db, PersonDraft("Dan")).id
    logged = interactions.log_interaction(
        db,
        InteractionDraft(
            T0,
            Channel.MEETING,
            Direction.BOTH,
            (carol, dan),
            "Lunch",
            kind=InteractionKind.INTRODUCTION,
        ),
    )
    for me, other in ((carol, "Dan"), (dan, "Carol")):
        [entry] = interactions.history_page(db, me, 0, 10)
        assert entry.interaction.id == logged.id
        assert [p.display_name for p in entry.others] == [other]
    assert people.list_people(db, "", people.PeopleSort.LAST_CONTACT)[:2] == sorted([carol, dan])


def test_deleted_interaction_can_be_restored_exactly(db: Database) -> None:
    carol = people.add_person(db, PersonDraft("Carol")).id
    logged = interactions.log_interaction(
        db,
        InteractionDraft(
            T0, Channel.LETTER, Direction.INBOUND, (carol,), "Thank-you card", "kind words"
        ),
    )
    gone = interactions.delete_interaction(db, logged.id)
    with pytest.raises(NotFound):
        interactions.get_interaction(db, logged.id)
    assert interactions.restore_interaction(db, gone) == logged


def test_interaction_needs_people_and_a_timezone(db: Database) -> None:
    with pytest.raises(InvalidInput):
        interactions.log_interaction(db, InteractionDraft(T0, Channel.CALL, Direction.BOTH, ()))
    carol = people.add_person(db, PersonDraft("Carol")).id
    with pytest.raises(InvalidInput):
        interactions.log_interaction(
            db, InteractionDraft(datetime(2026, 1, 1), Channel.CALL, Direction.BOTH, (carol,))
        )


def test_sorting_by_last_contact_puts_never_contacted_last(db: Database) -> None:
    never = people.add_person(db, PersonDraft("Aaron")).id
    old = people.add_person(db, PersonDraft("Bea")).id
    recent = people.add_person(db, PersonDraft("Cy")).id
    interactions.log_interaction(db, InteractionDraft(T0, Channel.CALL, Direction.BOTH, (old,)))
    interactions.log_interaction(
        db, InteractionDraft(T0 + timedelta(days=3), Channel.CALL, Direction.BOTH, (recent,))
    )
    assert people.list_people(db, "", people.PeopleSort.LAST_CONTACT) == [recent, old, never]
