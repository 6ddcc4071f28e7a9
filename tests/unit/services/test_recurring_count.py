"""A recurring promise with ``COUNT`` (a phone's "repeat 3 times") has that many
occurrences in all: each Done moves the series on without starting the count again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from relapp.domain.model import PersonDraft
from relapp.domain.promise_wording import repeat_text
from relapp.domain.promises import PromiseDraft, Promiser
from relapp.domain.sync.todo_codec import promise_item, todo_text
from relapp.services import people
from relapp.services import promises as service
from relapp.storage import Database
from tests.sync.test_recurring_sync import phone_occurrences

BERLIN = ZoneInfo("Europe/Berlin")
FIRST = datetime(2027, 3, 21, 18, 0, tzinfo=BERLIN)  # a Sunday
RULE = "FREQ=WEEKLY;COUNT=3;BYDAY=SU;BYHOUR=18;BYMINUTE=0"


def open_one(db: Database) -> service.Promise | None:
    rows = db.connection().execute("SELECT id FROM promise WHERE status = 'open'").fetchall()
    assert len(rows) <= 1
    return service.get_promise(db, rows[0][0]) if rows else None


def three_times(db: Database) -> service.Promise:
    mum = people.add_person(db, PersonDraft("Mum")).id
    draft = PromiseDraft(mum, Promiser.ME, "call Mum", None, FIRST, recurrence=RULE)
    return service.create_promise(db, draft, now=FIRST.astimezone(UTC) - timedelta(days=1))


def test_done_each_time_it_is_three_occurrences_in_all(db: Database) -> None:
    three_times(db)
    dues, words = [], []
    while (p := open_one(db)) is not None:
        dues.append(p.due_at.astimezone(BERLIN).date().isoformat())
        words.append(repeat_text(p, BERLIN))
        # What a phone computes from the task Relapp writes for this occurrence: the
        # occurrences left, this one first.
        text = todo_text(
            promise_item(p, uid="x", person_uid="m", person_name="Mum"), p.due_at, BERLIN
        )
        left = phone_occurrences(text, 10)
        assert len(left) == 3 - len(dues) + 1 and left[0] == p.due_at
        service.complete_promise(db, p.id, now=p.due_at, zone=BERLIN)
        assert len(dues) <= 3, dues
    assert dues == ["2027-03-21", "2027-03-28", "2027-04-04"]
    assert words == [
        "repeats every Sunday at 18:00, 3 times including this one",
        "repeats every Sunday at 18:00, 2 times including this one",
        "repeats every Sunday at 18:00, the last time",
    ]


def test_done_late_the_missed_ones_are_counted(db: Database) -> None:
    p = three_times(db)
    late = p.due_at + timedelta(days=8)  # the 28 March one went by
    service.complete_promise(db, p.id, now=late, zone=BERLIN)
    last = open_one(db)
    assert last is not None and last.due_at == (FIRST + timedelta(days=14)).astimezone(UTC)
    service.complete_promise(db, last.id, now=last.due_at, zone=BERLIN)
    assert open_one(db) is None  # 4 April was the third and last
