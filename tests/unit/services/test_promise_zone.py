"""A promise with its own time zone (issue 16): stored with it, and its series moves
on in that zone whatever the user's is, so a weekly 9:00 in New York stays 9:00 in New
York across both daylight-saving changes while Relapp runs in Berlin."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from relapp.domain.errors import InvalidInput
from relapp.domain.model import PersonDraft
from relapp.domain.promise_model import other_zone, zone_of
from relapp.domain.promises import PromiseDraft, Promiser
from relapp.services import people
from relapp.services import promises as service
from relapp.storage import Database, open_database
from relapp.storage.migrations import LATEST_VERSION

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
FIRST = datetime(2027, 3, 7, 9, 0, tzinfo=NEW_YORK)  # a Sunday; New York's DST on the 14th
RULE = "FREQ=WEEKLY;BYDAY=SU;BYHOUR=9;BYMINUTE=0"


def open_one(db: Database) -> service.Promise:
    (row,) = db.connection().execute("SELECT id FROM promise WHERE status = 'open'")
    return service.get_promise(db, row[0])


def test_a_weekly_9_00_in_new_york_stays_9_00_there_while_relapp_runs_in_berlin(
    db: Database,
) -> None:
    dan = people.add_person(db, PersonDraft("Dan")).id
    draft = PromiseDraft(
        dan, Promiser.ME, "call Dan", None, FIRST, recurrence=RULE, zone="America/New_York"
    )
    service.create_promise(db, draft, now=FIRST.astimezone(UTC))
    seen = []
    for _ in range(4):
        p = open_one(db)
        assert p.zone == "America/New_York"
        seen.append(p.due_at.astimezone(NEW_YORK).strftime("%d %H:%M"))
        service.complete_promise(db, p.id, now=p.due_at, zone=BERLIN)  # the user's zone
    # 7, 14 (New York's clocks moved), 21, 28 March (Berlin's moved): 9:00 in New York.
    assert seen == ["07 09:00", "14 09:00", "21 09:00", "28 09:00"]
    assert open_one(db).due_at == datetime(2027, 4, 4, 13, 0, tzinfo=UTC)


def test_the_zone_a_promise_is_read_in_and_whether_it_is_said() -> None:
    plain = PromiseDraft(1, Promiser.ME, "x", None, FIRST)
    ny = PromiseDraft(1, Promiser.ME, "x", None, FIRST, zone="America/New_York")
    assert zone_of(plain, BERLIN) is BERLIN and zone_of(ny, BERLIN) == NEW_YORK
    assert other_zone(ny, BERLIN) == "America/New_York"
    assert other_zone(ny, NEW_YORK) is None and other_zone(plain, BERLIN) is None
    with pytest.raises(InvalidInput, match="Mars/Olympus"):
        PromiseDraft(1, Promiser.ME, "x", None, FIRST, zone="Mars/Olympus")


def test_promises_from_before_follow_the_users_zone(tmp_path: Path) -> None:
    """The migration gives every existing promise no zone of its own (the user's)."""
    from relapp.storage.migrations import MIGRATIONS, m0016_promise_zone

    path = tmp_path / "relapp.sqlite3"
    conn = sqlite3.connect(path)
    for migration in MIGRATIONS[: m0016_promise_zone.VERSION - 1]:
        migration.apply(conn)
    conn.execute(
        "INSERT INTO person (id, display_name, sort_name, created_at, updated_at)"
        " VALUES (1, 'Dan', 'dan', 0, 0)"
    )
    conn.execute(
        "INSERT INTO promise (id, person_id, promiser, what, due_at, created_at, recurrence)"
        " VALUES (1, 1, 'me', 'call Dan', 1804405200, 0, ?)",
        (RULE,),
    )
    conn.execute(f"PRAGMA user_version = {m0016_promise_zone.VERSION - 1}")
    conn.commit()
    conn.close()
    db = open_database(path, backups_dir=tmp_path / "backups")
    try:
        assert db.schema_version == LATEST_VERSION
        p = service.get_promise(db, 1)
        assert (p.zone, p.recurrence) == (None, RULE)
        assert zone_of(p, BERLIN) is BERLIN
    finally:
        db.close()
