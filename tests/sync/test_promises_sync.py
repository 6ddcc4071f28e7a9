"""Promises, history and introductions through one real Radicale (CalDAV tasks and
journal entries), between two Relapp data folders."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from relapp.domain.introductions import IntroductionDraft
from relapp.domain.model import Channel, Direction, InteractionDraft, PersonDraft
from relapp.domain.promises import PromiseDraft, Promiser, PromiseStatus
from relapp.services import interactions, introductions, people, promises
from relapp.services.sync import engine
from relapp.storage import Database, promises_repo
from tests.dav_server import Account
from tests.sync.calendar_helpers import calendar_url, everything_of, items_on_server
from tests.sync.helpers import folder_db, raw, sync

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
DUE = datetime(2026, 12, 10, 14, 0, tzinfo=UTC)


def person(db: Database, name: str) -> int:
    return people.add_person(db, PersonDraft(name, given_name=name.split()[0])).id


def promise(db: Database, pid: int, what: str, **kw: object) -> int:
    draft = PromiseDraft(pid, kw.pop("promiser", Promiser.ME), what, kw.pop("channel", None), DUE)  # type: ignore[arg-type]
    return promises.create_promise(db, draft, now=NOW).id


def the_promise(db: Database, what: str) -> promises_repo.Promise:
    rows = db.connection().execute("SELECT id FROM promise WHERE what = ?", (what,)).fetchall()
    assert len(rows) == 1, f"{len(rows)} promises say {what!r}"
    return promises_repo.get_promise(db, rows[0][0])


def filled(db: Database) -> None:
    dan, carol, eve = person(db, "Dan Brown"), person(db, "Carol Roth"), person(db, "Eve Adams")
    promise(db, dan, "send the quotes", channel=Channel.EMAIL)
    promise(db, carol, "the venue list", promiser=Promiser.THEM)
    interactions.log_interaction(
        db,
        InteractionDraft(
            NOW - timedelta(days=3),
            Channel.MEETING,
            Direction.BOTH,
            (dan, carol),
            summary="Lunch at Rosa's",
            notes="Talked about looms,\nand numbers; more: here",
        ),
    )
    introductions.record_introduction(
        db, IntroductionDraft(carol, None, eve, date(2026, 11, 2), "at the SmallBiz fair"), now=NOW
    )


def test_two_folders_converge_to_identical_people_promises_history_and_introductions(
    tmp_path: Path, account: Account
) -> None:
    a, b = folder_db(tmp_path, "a"), folder_db(tmp_path, "b")
    filled(a)
    first = sync(a, account)
    assert (first.promises.sent_new, first.history.sent_new) == (2, 3)  # 2 history + 1 intro
    second = sync(b, account)
    assert (second.promises.received_new, second.history.received_new) == (2, 3)
    ea, eb = everything_of(a, tmp_path), everything_of(b, tmp_path)
    assert ea == eb
    assert len(everything_of(b, tmp_path)["introductions"]) == 1
    # The tasks ring on the phone: a due time and an alarm, the reminder's title.
    tasks = items_on_server(account, "promises")
    (quotes,) = [t for t in tasks.values() if "send the quotes" in t]
    assert "SUMMARY:Email Dan Brown: send the quotes" in quotes
    assert "DUE:20261210T140000Z" in quotes and "BEGIN:VALARM" in quotes
    # Nothing to do: nothing sent or received on either side.
    for db in (a, b):
        again = sync(db, account)
        assert not again.promises.anything and not again.history.anything
        assert again.promises.merged == again.history.merged == 0


def test_done_snoozed_and_deleted_travel_both_ways(tmp_path: Path, account: Account) -> None:
    a, b = folder_db(tmp_path, "a"), folder_db(tmp_path, "b")
    filled(a)
    sync(a, account)
    sync(b, account)
    # Done on one side is done on the other (COMPLETED on the server).
    promises.complete_promise(a, the_promise(a, "send the quotes").id, now=NOW)
    snooze_end = DUE + timedelta(days=2)
    promises.snooze_promise_until(b, the_promise(b, "the venue list").id, snooze_end, now=NOW)
    sync(a, account)
    sync(b, account)
    sync(a, account)
    assert the_promise(b, "send the quotes").status is PromiseStatus.DONE
    assert the_promise(a, "the venue list").snoozed_until == snooze_end
    (venue,) = [t for t in items_on_server(account, "promises").values() if "venue" in t]
    assert "TRIGGER;VALUE=DATE-TIME:20261212T140000Z" in venue  # the snooze moved the alarm
    (done,) = [t for t in items_on_server(account, "promises").values() if "quotes" in t]
    assert "STATUS:COMPLETED" in done
    assert everything_of(a, tmp_path) == everything_of(b, tmp_path)
    # Deleted here, gone there; deleted there, gone here.
    promises.delete_promise(a, the_promise(a, "the venue list").id)
    lunch = b.connection().execute("SELECT id FROM interaction WHERE summary LIKE 'Lunch%'")
    interactions.delete_interaction(b, lunch.fetchone()[0])
    sync(a, account)
    sync(b, account)
    sync(a, account)
    for db in (a, b):
        assert (
            not db.connection()
            .execute("SELECT 1 FROM promise WHERE what LIKE 'the venue%'")
            .fetchone()
        )
        assert (
            not db.connection()
            .execute("SELECT 1 FROM interaction WHERE summary LIKE 'Lunch%'")
            .fetchone()
        )
    assert len(items_on_server(account, "promises")) == 1
    assert everything_of(a, tmp_path) == everything_of(b, tmp_path)
    # Before a deleted history entry left "a", a copy of the database was made.
    assert list((tmp_path / "a" / "backups").glob("pre-sync-delete-*.sqlite3"))


def test_a_promise_text_changed_on_both_sides_takes_the_servers_and_keeps_ours(
    tmp_path: Path, account: Account
) -> None:
    a, b = folder_db(tmp_path, "a"), folder_db(tmp_path, "b")
    filled(a)
    sync(a, account)
    sync(b, account)
    pa, pb = the_promise(a, "send the quotes"), the_promise(b, "send the quotes")
    promises.update_promise(
        a,
        pa.id,
        PromiseDraft(pa.person_id, pa.promiser, "send the signed quotes", pa.channel, pa.due_at),
        now=NOW,
    )
    promises.update_promise(
        b,
        pb.id,
        PromiseDraft(pb.person_id, pb.promiser, "send the final quotes", pb.channel, pb.due_at),
        now=NOW,
    )
    sync(a, account)  # a's change reaches the server first
    merged = sync(b, account)
    assert merged.promises.merged == 1
    assert the_promise(b, "send the signed quotes")
    dan = people.get_person(b, pb.person_id)
    assert 'had what "send the final quotes" here' in dan.notes  # nothing typed is lost
    sync(b, account)  # the note goes with Dan's card
    sync(a, account)
    assert everything_of(a, tmp_path) == everything_of(b, tmp_path)


DAVX5_TASK = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:+//IDN bitfire.at//ical4android (org.tasks)
BEGIN:VTODO
DTSTAMP:20261201T101010Z
UID:{uid}
CREATED:20261201T101000Z
LAST-MODIFIED:20261201T101010Z
SUMMARY:{summary}
PRIORITY:1
DUE;TZID=Europe/Berlin:20261215T090000
STATUS:NEEDS-ACTION
X-APPLE-SORT-ORDER:7
CATEGORIES:work,relapp
BEGIN:VALARM
TRIGGER;RELATED=END:-PT15M
ACTION:DISPLAY
DESCRIPTION:Default Tasks.org description
END:VALARM
END:VTODO
END:VCALENDAR
"""


def test_a_task_another_app_wrote_becomes_a_promise_of_the_one_person_it_names(
    tmp_path: Path, account: Account
) -> None:
    a = folder_db(tmp_path, "a")
    dan = person(a, "Dan Brown")
    person(a, "Sam One")
    person(a, "Sam Two")
    sync(a, account)
    url = calendar_url(account, "promises")
    for uid, summary in (
        ("davx5-1", "Call Dan: the signed contract"),
        ("davx5-2", "Sam owes you: the photos"),  # two Sams: left alone
        ("davx5-3", "Buy milk"),  # nobody: left alone
    ):
        put = raw(
            account,
            "PUT",
            f"{url}{uid}.ics",
            data=DAVX5_TASK.format(uid=uid, summary=summary).encode(),
            headers={"Content-Type": "text/calendar; charset=utf-8"},
        )
        assert put.status_code in (201, 204), put.text
    got = sync(a, account).promises
    assert (got.received_new, got.left_alone) == (1, 2)
    contract = the_promise(a, "the signed contract")
    assert (contract.person_id, contract.channel) == (dan, Channel.CALL)
    assert contract.due_at == datetime(2026, 12, 15, 8, 0, tzinfo=UTC)  # 9:00 in Berlin
    # The others stay on the server as the other app wrote them.
    assert len(items_on_server(account, "promises")) == 3
    # A Relapp edit keeps what Relapp does not understand.
    promises.complete_promise(a, contract.id, now=NOW)
    assert sync(a, account).promises.sent_changed == 1
    (text,) = [t for t in items_on_server(account, "promises").values() if "contract" in t]
    for kept in ("PRIORITY:1", "X-APPLE-SORT-ORDER:7", "Default Tasks.org description", "relapp"):
        assert kept in text
    assert "STATUS:COMPLETED" in text
    assert "SUMMARY:Call Dan: the signed contract" in text


def test_a_promise_whose_person_is_not_here_waits_instead_of_making_one(
    tmp_path: Path, account: Account
) -> None:
    a, b = folder_db(tmp_path, "a"), folder_db(tmp_path, "b")
    filled(a)
    sync(a, account)
    early = sync(b, account, only={"promises", "history"})
    assert early.promises.waiting == 2 and early.history.waiting == 3
    assert not b.connection().execute("SELECT 1 FROM person").fetchone()
    assert not b.connection().execute("SELECT 1 FROM promise").fetchone()
    sync(b, account)  # people first, then what waited
    assert everything_of(a, tmp_path) == everything_of(b, tmp_path)
    assert len(items_on_server(account, "promises")) == 2


def test_each_part_can_be_switched_off(tmp_path: Path, account: Account) -> None:
    a = folder_db(tmp_path, "a")
    filled(a)
    with a.atomic():
        engine.set_parts(a, {"people", "history"})
    result = sync(a, account)
    assert (result.people.sent_new, result.history.sent_new) == (3, 3)
    assert not result.promises.anything and result.promises_collection == ""
    with a.atomic():
        engine.set_parts(a, set(engine.PARTS))
    assert sync(a, account).promises.sent_new == 2


def test_a_relapp_task_whose_x_properties_a_phone_dropped_keeps_its_person(
    tmp_path: Path, account: Account
) -> None:
    a = folder_db(tmp_path, "a")
    filled(a)
    sync(a, account)
    before = the_promise(a, "send the quotes")
    person(a, "Dan Brown")  # a second Dan: the title's name alone would not tell
    (href, text), *_ = [
        (h, t) for h, t in items_on_server(account, "promises").items() if "quotes" in t
    ]
    stripped = "\r\n".join(
        line.replace("send the quotes", "send the quotes today")
        for line in text.replace("\r\n", "\n").split("\n")
        if not line.startswith("X-RELAPP")
    )
    put = raw(
        account,
        "PUT",
        calendar_url(account, "promises") + href.rsplit("/", 1)[1],
        data=stripped.encode(),
        headers={"Content-Type": "text/calendar; charset=utf-8"},
    )
    assert put.status_code in (201, 204), put.text
    assert sync(a, account).promises.received_changed == 1
    after = the_promise(a, "send the quotes today")
    assert (after.id, after.person_id) == (before.id, before.person_id)


def test_the_command_chooses_the_parts_and_names_a_wrong_one(
    tmp_path: Path, account: Account
) -> None:
    from tests.process_helpers import environment, relapp

    a = folder_db(tmp_path, "a")
    filled(a)
    a.close()
    env = environment(RELAPP_SYNC_PASSWORD=account.password)
    where = ("--data-dir", tmp_path / "a", "sync", "--url", account.url, "--user", account.user)
    wrong = relapp(*where, "--parts", "people,calendar", env=env)
    assert wrong.returncode == 2
    assert "--parts: calendar is not one of people, promises, history" in wrong.stderr
    done = relapp(*where, "--parts", "people,promises", env=env)
    assert done.returncode == 0, done.stderr
    assert "Sent promises: 2 new" in done.stdout
    assert "Journal (history)" not in done.stdout and "history entries" not in done.stdout
    again = relapp("--data-dir", tmp_path / "a", "sync", env=env)  # the choice is kept
    assert "history entries" not in again.stdout


def test_a_history_entry_edited_on_both_sides_merges_field_by_field(
    tmp_path: Path, account: Account
) -> None:
    a, b = folder_db(tmp_path, "a"), folder_db(tmp_path, "b")
    filled(a)
    sync(a, account)
    sync(b, account)

    def lunch(db: Database) -> tuple[int, InteractionDraft]:
        (iid,) = (
            db.connection()
            .execute("SELECT id FROM interaction WHERE summary LIKE 'Lunch%'")
            .fetchone()
        )
        return iid, interactions.get_interaction(db, iid).draft()

    ia, da = lunch(a)
    ib, db_ = lunch(b)
    interactions.update_interaction(a, ia, dataclasses.replace(da, summary="Lunch at Rosa's, long"))
    interactions.update_interaction(
        b, ib, dataclasses.replace(db_, summary="Lunch with Dan", channel=Channel.CALL)
    )
    sync(a, account)
    assert sync(b, account).history.merged == 1
    sync(a, account)
    _, merged = lunch(b)
    assert merged.summary == "Lunch at Rosa's, long"  # both changed it: the server's
    assert merged.channel is Channel.CALL  # only b changed it: b's
    assert 'summary was "Lunch with Dan" here' in merged.notes  # b's text is kept
    assert everything_of(a, tmp_path) == everything_of(b, tmp_path)
