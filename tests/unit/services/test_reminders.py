"""Recurring promises and birthday/anniversary notices over a real SQLite file: the
rule and the anniversary stored and read back (also after closing and reopening, and
through the JSON export), Done scheduling the next occurrence in one transaction that
one restore undoes, cancelling one or the series, and notices shown once across
restarts."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from relapp.domain.errors import InvalidInput
from relapp.domain.model import Birthday, PersonDraft
from relapp.domain.occasions import OccasionSettings
from relapp.domain.promises import PromiseDraft, Promiser, PromiseStatus
from relapp.domain.recurrence import Repeat, rule_for
from relapp.paths import AppPaths
from relapp.services import occasions, people
from relapp.services import promises as service
from relapp.services.json_file.format import export_json, import_json
from relapp.storage import Database, open_database, promises_repo

BERLIN = ZoneInfo("Europe/Berlin")
SUNDAY = datetime(2026, 3, 22, 18, 0, tzinfo=BERLIN)  # a week before summer time
WEEKLY = rule_for(Repeat.WEEKLY, SUNDAY)


@pytest.fixture
def mum(db: Database) -> int:
    return people.add_person(
        db, PersonDraft("Mum", birthday=Birthday(3, 29, 1956), anniversary=Birthday(6, 2, 1980))
    ).id


def call_mum(db: Database, person: int) -> int:
    draft = PromiseDraft(person, Promiser.ME, "call Mum", None, SUNDAY, recurrence=WEEKLY)
    return service.create_promise(db, draft, now=SUNDAY - timedelta(days=1)).id


def open_ones(db: Database, person: int) -> list:
    return promises_repo.open_promises_of(db, person)


def test_the_rule_and_the_anniversary_are_stored_in_the_file(
    db: Database, paths: AppPaths, mum: int
) -> None:
    pid = call_mum(db, mum)
    path = db.path
    db.close()
    again = open_database(path)
    try:
        assert service.get_promise(again, pid).recurrence == WEEKLY
        assert people.get_person(again, mum).anniversary == Birthday(6, 2, 1980)
    finally:
        again.close()


def test_a_bad_rule_is_refused_with_what_is_wrong(db: Database, mum: int) -> None:
    with pytest.raises(InvalidInput, match="repeat rule"):
        PromiseDraft(mum, Promiser.ME, "x", None, SUNDAY, recurrence="FREQ=SOMETIMES")


def test_done_schedules_the_next_sunday_at_18_after_the_clocks_change(
    db: Database, mum: int
) -> None:
    pid = call_mum(db, mum)
    done = service.complete_promise(db, pid, now=SUNDAY + timedelta(hours=1), zone=BERLIN)
    assert done.status is PromiseStatus.DONE
    (following,) = open_ones(db, mum)
    local = following.due_at.astimezone(BERLIN)
    assert (local.date().isoformat(), local.hour, local.minute) == ("2026-03-29", 18, 0)
    assert local.utcoffset() == timedelta(hours=2)  # summer time now
    assert (following.what, following.recurrence) == ("call Mum", WEEKLY)


def test_undoing_done_removes_the_next_occurrence_and_reopens_this_one(
    db: Database, mum: int
) -> None:
    pid = call_mum(db, mum)
    before = service.get_promise(db, pid)
    service.complete_promise(db, pid, now=SUNDAY, zone=BERLIN)
    assert len(open_ones(db, mum)) == 1 and open_ones(db, mum)[0].id != pid
    service.restore_promise(db, before)
    assert [p.id for p in open_ones(db, mum)] == [pid]
    assert service.get_promise(db, pid) == before


def test_done_and_the_next_occurrence_are_one_transaction(
    db: Database, mum: int, monkeypatch
) -> None:
    pid = call_mum(db, mum)

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(promises_repo, "insert_promise", broken)
    with pytest.raises(RuntimeError):
        service.complete_promise(db, pid, now=SUNDAY, zone=BERLIN)
    assert service.get_promise(db, pid).status is PromiseStatus.OPEN


def test_snooze_moves_only_this_occurrence(db: Database, mum: int) -> None:
    pid = call_mum(db, mum)
    service.snooze_promise(db, pid, timedelta(hours=2), now=SUNDAY)
    service.complete_promise(db, pid, now=SUNDAY + timedelta(hours=3), zone=BERLIN)
    (following,) = open_ones(db, mum)
    assert following.snoozed_until is None
    assert following.due_at.astimezone(BERLIN).hour == 18


def test_cancelling_this_one_keeps_the_series_and_the_whole_series_ends_it(
    db: Database, mum: int
) -> None:
    pid = call_mum(db, mum)
    service.cancel_promise(db, pid, now=SUNDAY, whole_series=False, zone=BERLIN)
    (following,) = open_ones(db, mum)
    assert following.due_at.astimezone(BERLIN).day == 29
    service.cancel_promise(db, following.id, now=SUNDAY, whole_series=True, zone=BERLIN)
    assert open_ones(db, mum) == []


def test_the_export_carries_the_rule_and_the_anniversary(
    db: Database, mum: int, tmp_path: Path
) -> None:
    call_mum(db, mum)
    target = tmp_path / "out.json"
    export_json(db, target)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["promises"][0]["recurrence"] == WEEKLY
    assert data["people"][0]["anniversary"] == {"month": 6, "day": 2, "year": 1980}
    (tmp_path / "other").mkdir()
    other = open_database(tmp_path / "other" / "relapp.db")
    try:
        import_json(other, target)
        assert [p.recurrence for p in promises_repo.open_promises(other)] == [WEEKLY]
        assert people.get_person(other, mum).anniversary == Birthday(6, 2, 1980)
    finally:
        other.close()


# --- birthday and anniversary notices -------------------------------------------------------


def test_notices_are_shown_once_even_after_a_restart(
    db: Database, paths: AppPaths, mum: int
) -> None:
    at_nine = datetime(2026, 3, 29, 9, 0, tzinfo=BERLIN)
    (notice,) = occasions.due_notices(db, at_nine, BERLIN)
    assert notice.title == "Mum's birthday is today"
    occasions.mark_notified(db, [notice.key], at_nine)
    path = db.path
    db.close()
    again = open_database(path)
    try:
        assert occasions.due_notices(again, at_nine + timedelta(hours=3), BERLIN) == []
    finally:
        again.close()


def test_a_missed_anniversary_is_caught_up_and_archived_people_never_notify(
    db: Database, mum: int
) -> None:
    later = datetime(2026, 6, 4, 8, 0, tzinfo=BERLIN)
    (notice,) = occasions.due_notices(db, later, BERLIN)
    assert notice.title.startswith("Mum's anniversary was on Tuesday")
    people.archive_person(db, mum)
    assert occasions.due_notices(db, later, BERLIN) == []


def test_the_settings_are_stored_and_used(db: Database, mum: int) -> None:
    assert occasions.settings(db) == OccasionSettings()
    occasions.set_settings(db, OccasionSettings(time(7, 15), 2))
    assert occasions.settings(db) == OccasionSettings(time(7, 15), 2)
    ahead = datetime(2026, 3, 27, 7, 15, tzinfo=BERLIN)
    (notice,) = occasions.due_notices(db, ahead, BERLIN)
    assert notice.title == "Mum's birthday is in 2 days (Sun 29 Mar)"
    assert occasions.due_notices(db, ahead - timedelta(minutes=1), BERLIN) == []


def test_a_json_file_with_a_bad_rule_says_where_and_what() -> None:
    from relapp.services.json_file.decode import decode_promise
    from relapp.services.json_file.fields import Problems

    problems = Problems()
    value = {
        "id": 1,
        "person": 1,
        "promiser": "me",
        "what": "call",
        "due_at": "2026-03-22T17:00:00Z",
        "recurrence": "FREQ=FORTNIGHTLY",
    }
    assert decode_promise(value, "promises[0]", 7, problems, 0) is None
    assert len(problems.items) == 1
    assert problems.items == [
        "promises[0]: recurrence is not a repeat rule Relapp can follow"
        " (FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY) (line 7)"
    ]
    value["recurrence"] = WEEKLY
    record = decode_promise(value, "promises[0]", 7, Problems(), 0)
    assert record is not None and record.recurrence == WEEKLY
