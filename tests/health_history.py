"""Generated histories for the tests of health at scale: many people, each with a random
history over the last years, written through the bulk path (one transaction)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from relapp.domain.model import Channel, Direction, InteractionDraft, InteractionKind, PersonDraft
from relapp.domain.promises import Promise, Promiser, PromiseStatus
from relapp.storage import Database, bulk

DAY = timedelta(days=1)
KINDS = (
    *[InteractionKind.ORDINARY] * 12,
    InteractionKind.FAVOUR_GIVEN,
    InteractionKind.FAVOUR_RECEIVED,
    InteractionKind.INTRODUCTION,  # an event, not a contact: health leaves it out
)


def add_people(
    db: Database,
    now: datetime,
    people: int,
    *,
    seed: int,
    per_person: int = 10,
    silent_share: float = 0.1,
) -> list[int]:
    """``people`` new people with about ``per_person`` interactions each over the last
    three years (``silent_share`` of them none), one in six with a cadence, some
    interactions shared by two or three people and a few promises; their ids."""
    rng = random.Random(seed)
    drafts = [
        PersonDraft(f"Person {seed}-{i}", cadence_days=rng.choice([None] * 5 + [7, 14, 30, 90]))
        for i in range(people)
    ]
    with db.atomic():
        ids = bulk.insert_people(db, drafts)
        talked_to = [pid for pid in ids if rng.random() >= silent_share]
        history = []
        for _ in range(len(talked_to) * per_person):
            who = {rng.choice(talked_to) for _ in range(rng.choice((1, 1, 1, 1, 2, 3)))}
            when = now - timedelta(seconds=rng.randrange(3 * 365 * 86400))
            history.append(
                InteractionDraft(
                    when,
                    rng.choice(list(Channel)),
                    rng.choice(list(Direction)),
                    tuple(sorted(who)),
                    "hello",
                    kind=rng.choice(KINDS),
                )
            )
        bulk.insert_interactions(db, history)
        promises = [
            promise(rng.choice(ids), now - rng.randrange(-30, 400) * DAY, rng)
            for _ in range(max(1, people // 20))
        ]
        bulk.insert_promises(db, promises, [None] * len(promises))
    return ids


def promise(person_id: int, due: datetime, rng: random.Random) -> Promise:
    """A promise due at ``due``: open, kept, kept late or cancelled at random."""
    status = rng.choice(list(PromiseStatus))
    done = due + rng.choice((-DAY, DAY, 9 * DAY)) if status is PromiseStatus.DONE else None
    return Promise(
        person_id,
        rng.choice(list(Promiser)),
        "send it",
        None,
        due,
        id=0,
        status=status,
        snoozed_until=None,
        last_notified_at=None,
        created_at=due - 5 * DAY,
        done_at=done,
    )


def add_alike(
    db: Database,
    now: datetime,
    people: int,
    history: list[tuple[float, Channel, Direction]],
    *,
    cadence_days: int | None = None,
) -> list[int]:
    """``people`` new people with the same history (days ago, channel, direction) and
    cadence: their scores and weights tie."""
    drafts = [PersonDraft(f"Alike {i}", cadence_days=cadence_days) for i in range(people)]
    with db.atomic():
        ids = bulk.insert_people(db, drafts)
        bulk.insert_interactions(
            db,
            [
                InteractionDraft(now - days * DAY, channel, direction, (pid,), "same")
                for pid in ids
                for days, channel, direction in history
            ],
        )
    return ids
