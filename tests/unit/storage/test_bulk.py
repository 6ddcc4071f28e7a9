"""The bulk fast path stores exactly what the one-at-a-time services store."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from relapp.domain.introductions import IntroductionDraft, met_how_text
from relapp.domain.model import (
    Birthday,
    Channel,
    ContactKind,
    ContactPoint,
    Direction,
    InteractionDraft,
    InteractionKind,
    PersonDraft,
)
from relapp.domain.promises import Promise, PromiseDraft, Promiser, PromiseStatus
from relapp.services import interactions, introductions, people, promises
from relapp.storage import Database, bulk, promises_repo

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


def test_bulk_introductions_and_met_read_back_as_the_service_wrote_them(db: Database) -> None:
    carol, dan, ed = (people.add_person(db, PersonDraft(n)).id for n in ("Carol", "Dan", "Ed"))
    names = {carol: "Carol", dan: "Dan", ed: "Ed"}
    to_me = IntroductionDraft(carol, None, dan, date(2024, 3, 1), "at the SmallBiz conference")
    among = IntroductionDraft(carol, dan, ed, date(2024, 5, 2), "by email")
    with db.atomic():
        logged = bulk.insert_interactions(
            db,
            [
                InteractionDraft(
                    datetime(2024, 3, 1, 12, tzinfo=UTC),
                    Channel.MEETING,
                    Direction.BOTH,
                    to_me.people(),
                    kind=InteractionKind.INTRODUCTION,
                )
            ],
        )
        ids = bulk.insert_introductions(db, [to_me, among], [logged[0], None])
        bulk.set_met(db, [(dan, str(met_how_text(to_me, names)), to_me.occurred_on)])
    assert ids == [ids[0], ids[0] + 1]
    first = introductions.get_introduction(db, ids[0])
    assert first.draft() == to_me and first.interaction_id == logged[0]
    assert introductions.get_introduction(db, ids[1]).interaction_id is None
    view = introductions.introductions_of(db, dan)
    assert [r.introduction.id for r in view.relations.introduced_to_you_by] == [ids[0]]
    assert [r.introduction.id for r in view.relations.introduced_to_others] == [ids[1]]
    stored = people.get_person(db, dan)
    assert stored.met_how == "Introduced by Carol at the SmallBiz conference"
    assert stored.met_on == date(2024, 3, 1)
    assert people.list_people(db, "smallbiz") == [dan]  # the search index follows


def test_bulk_promises_read_back_as_stored(db: Database) -> None:
    jeff = people.add_person(db, PersonDraft("Jeff")).id
    due = datetime(2026, 3, 5, 15, tzinfo=UTC)
    made = datetime(2026, 3, 1, 10, tzinfo=UTC)
    kept = interactions.log_interaction(
        db, InteractionDraft(due, Channel.CALL, Direction.INBOUND, (jeff,), "Call back")
    )
    base = Promise(
        person_id=jeff,
        promiser=Promiser.THEM,
        what="call back",
        channel=Channel.CALL,
        due_at=due,
        id=0,
        status=PromiseStatus.DONE,
        snoozed_until=None,
        last_notified_at=due,
        created_at=made,
        done_at=due + timedelta(hours=1),
    )
    open_one = replace(
        base,
        promiser=Promiser.ME,
        what="send the pricing",
        channel=None,
        status=PromiseStatus.OPEN,
        due_at=due + timedelta(days=30),
        snoozed_until=due + timedelta(days=31),
        last_notified_at=None,
        done_at=None,
    )
    with db.atomic():
        ids = bulk.insert_promises(db, [base, open_one], [kept.id, None])
    assert promises.get_promise(db, ids[0]) == replace(base, id=ids[0])
    assert promises.get_promise(db, ids[1]) == replace(open_one, id=ids[1])
    assert promises_repo.interaction_of(db, ids[0]) == kept.id
    assert [e.id for e in promises.open_promises_for(db, jeff)] == [ids[1]]
    later = promises.create_promise(
        db, PromiseDraft(jeff, Promiser.ME, "later", None, due), now=made
    )
    assert later.id == ids[1] + 1
