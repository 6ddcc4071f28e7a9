"""The demo's promises: Jeff's "Thursday at 3", what you owe Priya, what Dan owes you, and
one falling due minutes after the demo starts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from relapp.demo.build import build_demo
from relapp.demo.promises import FIRST_REMINDER_IN
from relapp.domain.promises import Promiser, PromiseStatus
from relapp.services import people
from relapp.services import promises as service
from relapp.storage import Database, open_database

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)  # a Monday


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """Built once for the module: the tests only read it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TZ", "America/Chicago")
        database = open_database(tmp_path_factory.mktemp("demo") / "relapp.sqlite3")
        build_demo(database, NOW)
    yield database
    database.close()


def person_id(db: Database, name: str) -> int:
    return next(
        pid for pid in people.list_people(db) if people.get_person(db, pid).display_name == name
    )


def test_jeff_will_call_thursday_at_three_local_time(demo: Database) -> None:
    [entry] = service.open_promises_for(demo, person_id(demo, "Jeff Park"))
    p = entry.promise
    assert p.promiser is Promiser.THEM
    local = p.due_at.astimezone(ZoneInfo("America/Chicago"))
    assert (local.weekday(), local.hour, local.minute) == (3, 15, 0)
    assert timedelta(0) < p.due_at - NOW <= timedelta(days=7)
    assert entry.reminder()[0] == "Jeff Park owes you: call you about the refinance"


def test_jeff_kept_his_first_thursday_at_three(demo: Database) -> None:
    kept = [
        p
        for p in service.promises_kept_by(demo, person_id(demo, "Jeff Park"))
        if p.status is PromiseStatus.DONE
    ]
    assert len(kept) == 1
    assert kept[0].done_at == kept[0].due_at


def test_you_owe_priya_an_email_and_are_late(demo: Database) -> None:
    board = service.due_board(demo, NOW.astimezone(ZoneInfo("America/Chicago")))
    [late] = board.overdue
    assert late.reminder() == (
        "Email Priya Nair: send the pilot results summary",
        "prefers email, not phone",
    )
    assert late.promise.last_notified_at is not None  # no pop-up for old news
    assert [e.person.name for e in board.owed_to_me] == ["Dan Whitaker", "Jeff Park"]


def test_the_first_reminder_falls_due_minutes_after_the_demo_starts(demo: Database) -> None:
    assert service.needing_notification(demo, NOW) == []
    assert service.next_wakeup(demo, NOW) == NOW + FIRST_REMINDER_IN
    [carol] = service.needing_notification(demo, NOW + FIRST_REMINDER_IN)
    assert carol.reminder()[0] == "Email Carol Roth: thank her properly for introducing Dan"


def test_mum_gets_a_call_every_sunday_at_six(demo: Database) -> None:
    [entry] = service.open_promises_for(demo, person_id(demo, "Margaret Ellis"))
    local = entry.promise.due_at.astimezone(ZoneInfo("America/Chicago"))
    assert (local.weekday(), local.hour, local.minute) == (6, 18, 0)
    assert entry.promise.recurrence == "FREQ=WEEKLY;BYDAY=SU;BYHOUR=18;BYMINUTE=0"
    assert people.get_person(demo, entry.person_id).anniversary is not None
