"""The bulk fast path stores exactly what the one-at-a-time services store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from relapp.domain.model import (
    Birthday,
    Channel,
    ContactKind,
    ContactPoint,
    Direction,
    InteractionDraft,
    PersonDraft,
)
from relapp.services import interactions, people
from relapp.storage import Database, bulk

DRAFTS = [
    PersonDraft(
        "Zoë Ågren",
        organisation="Fabrikam",
        birthday=Birthday(7, 14),
        tags=("Sailing", "jazz"),
        contact_points=(
            ContactPoint(ContactKind.EMAIL, "zoe@fabrikam.example", "work"),
            ContactPoint(ContactKind.PHONE, "+46 8 123 456 78", "mobile"),
        ),
        photo=b"\x89PNG fake",
    ),
    PersonDraft("Łukasz Wójcik", tags=("sailing",), notes="sourdough"),
]


def test_bulk_people_equal_service_people(db: Database) -> None:
    with db.atomic():
        ids = bulk.insert_people(db, DRAFTS)
    for pid, draft in zip(ids, DRAFTS, strict=True):
        stored = people.get_person(db, pid)
        assert stored.draft().contact_points == draft.contact_points
        assert stored.photo == draft.photo
        assert {t.lower() for t in stored.tags} == {t.lower() for t in draft.tags}
    assert people.list_people(db, "sailing") == sorted(
        ids, key=lambda i: people.get_person(db, i).display_name.replace("Ł", "L")
    )
    assert people.list_people(db, "8 123 456") == [ids[0]]
    assert people.list_people(db, "sourdough") == [ids[1]]
    later = people.add_person(db, PersonDraft("After"))
    assert later.id == ids[-1] + 1


def test_bulk_interactions_keep_last_contact(db: Database) -> None:
    a, b = (people.add_person(db, PersonDraft(n)).id for n in ("A", "B"))
    t0 = datetime(2025, 5, 1, tzinfo=UTC)
    interactions.log_interaction(
        db, InteractionDraft(t0 + timedelta(days=50), Channel.CALL, Direction.BOTH, (a,))
    )
    with db.atomic():
        bulk.insert_interactions(
            db,
            [
                InteractionDraft(
                    t0 + timedelta(days=d), Channel.EMAIL, Direction.OUTBOUND, (a, b), f"#{d}"
                )
                for d in range(10)
            ],
        )
    rows = people.person_rows(db, [a, b])
    assert rows[a].last_contact_at == t0 + timedelta(days=50)
    assert rows[b].last_contact_at == t0 + timedelta(days=9)
    assert interactions.history_count(db, b) == 10
    assert interactions.history_page(db, b, 0, 1)[0].interaction.summary == "#9"
