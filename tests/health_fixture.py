"""A small database where each kind of "needs attention" has exactly one person, and a
few people who need nothing (for the Today list's service and view tests)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from relapp.domain.model import Birthday, Channel, Direction, InteractionDraft, PersonDraft
from relapp.domain.promises import PromiseDraft, Promiser
from relapp.services import interactions, people
from relapp.services import promises as promise_service
from relapp.storage import Database

NEEDS_YOU = ("Bea Birthday", "Otto Overdue", "Fiona Friend", "Sam Silent")
FINE = ("Hank Healthy", "Karl Kept", "Archie Archived")


def _log(db: Database, who: int, when: datetime, channel: Channel, direction: Direction) -> None:
    interactions.log_interaction(
        db, InteractionDraft(when, channel, direction, (who,), f"{channel} {direction}")
    )


def build(db: Database, now: datetime, today: date) -> dict[str, int]:
    """The people by name. ``today`` is the local date the list is computed for."""
    ids: dict[str, int] = {}

    def add(name: str, **fields: object) -> int:
        ids[name] = people.add_person(db, PersonDraft(name, **fields)).id  # type: ignore[arg-type]
        return ids[name]

    day = timedelta(days=1)
    # A friend with a two-week cadence, last seen 40 days ago.
    fiona = add("Fiona Friend", cadence_days=14)
    _log(db, fiona, now - 40 * day, Channel.MEETING, Direction.BOTH)

    # You promised to send photos two days ago and have not.
    otto = add("Otto Overdue")
    _log(db, otto, now - 1 * day, Channel.CALL, Direction.INBOUND)
    promise_service.create_promise(
        db,
        PromiseDraft(otto, Promiser.ME, "send the photos", Channel.EMAIL, now - 2 * day),
        now=now - 3 * day,
    )

    # A birthday in three days.
    soon = today + 3 * day
    bea = add("Bea Birthday", birthday=Birthday(soon.month, soon.day, 1990))
    _log(db, bea, now - 2 * day, Channel.MESSAGE, Direction.BOTH)

    # Four emails in a row with no answer since they last wrote.
    sam = add("Sam Silent")
    _log(db, sam, now - 30 * day, Channel.EMAIL, Direction.INBOUND)
    for days_ago in (12, 9, 5, 2):
        _log(db, sam, now - days_ago * day, Channel.EMAIL, Direction.OUTBOUND)

    # People who need nothing today.
    hank = add("Hank Healthy", cadence_days=30)
    for days_ago in range(3, 400, 10):
        _log(db, hank, now - days_ago * day, Channel.CALL, Direction.BOTH)
    karl = add("Karl Kept")
    _log(db, karl, now - 4 * day, Channel.MEETING, Direction.BOTH)
    kept = promise_service.create_promise(
        db,
        PromiseDraft(karl, Promiser.ME, "lend the book", None, now - 6 * day),
        now=now - 8 * day,
    )
    promise_service.complete_promise(db, kept.id, now=now - 6 * day)
    archie = add("Archie Archived", cadence_days=7)
    _log(db, archie, now - 90 * day, Channel.CALL, Direction.BOTH)
    people.archive_person(db, archie)
    return ids
