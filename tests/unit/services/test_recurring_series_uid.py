"""A recurring promise's series keeps one uid (what sync names its task by): Done or
Cancel on one occurrence hands it to the next one, and undo hands it back."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from relapp.domain.model import PersonDraft
from relapp.domain.promises import PromiseDraft, Promiser, PromiseStatus
from relapp.domain.recurrence import Repeat, rule_for
from relapp.services import people
from relapp.services import promises as service
from relapp.storage import Database

BERLIN = ZoneInfo("Europe/Berlin")
FIRST = datetime(2027, 3, 21, 18, 0, tzinfo=BERLIN)


def uids(db: Database) -> dict[str, str]:
    """status -> uid of each promise (one open, at most one done or cancelled)."""
    return dict(db.connection().execute("SELECT status, uid FROM promise"))


@pytest.mark.parametrize("done", [True, False])
def test_the_next_occurrence_takes_the_series_uid_and_undo_gives_it_back(
    db: Database, done: bool
) -> None:
    mum = people.add_person(db, PersonDraft("Mum")).id
    draft = PromiseDraft(
        mum, Promiser.ME, "call Mum", None, FIRST, recurrence=rule_for(Repeat.WEEKLY, FIRST)
    )
    before = service.create_promise(db, draft, now=FIRST.astimezone(UTC))
    (series,) = uids(db).values()
    now = datetime(2027, 3, 21, 18, 30, tzinfo=UTC)
    if done:
        service.complete_promise(db, before.id, now=now, zone=BERLIN)
    else:
        service.cancel_promise(db, before.id, now=now, whole_series=False, zone=BERLIN)
    after = uids(db)
    ended = PromiseStatus.DONE if done else PromiseStatus.CANCELLED
    assert after[PromiseStatus.OPEN] == series
    assert after[ended] not in (None, series)
    service.restore_promise(db, before)
    assert uids(db) == {PromiseStatus.OPEN: series}
