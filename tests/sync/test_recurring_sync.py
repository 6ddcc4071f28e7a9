"""Recurring promises through a real Radicale (issue 16, issue 17 item 4): the rule
travels as an ``RRULE`` with a ``DUE`` in the user's zone, Done on one occurrence moves
the series on, a phone's recurring task reads as a recurring promise, and a rule Relapp
cannot follow is kept on the server as it was."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import islice
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from dateutil.rrule import rrulestr

from relapp.domain.model import PersonDraft
from relapp.domain.promise_wording import repeat_text
from relapp.domain.promises import PromiseDraft, Promiser, PromiseStatus
from relapp.domain.recurrence import Repeat, rule_for
from relapp.services import people, promises
from relapp.storage import Database, promises_repo
from tests.dav_server import Account
from tests.sync.calendar_helpers import calendar_url, everything_of, items_on_server
from tests.sync.helpers import folder_db, raw, sync

BERLIN = ZoneInfo("Europe/Berlin")
# Sunday 21 March 2027, 18:00 in Berlin (CET); clocks go forward on 28 March.
FIRST = datetime(2027, 3, 21, 18, 0, tzinfo=BERLIN)
NOW = datetime(2027, 3, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def berlin(monkeypatch: pytest.MonkeyPatch) -> None:
    """The user's zone is Berlin's (``services.timezone.local_zone`` reads TZ)."""
    monkeypatch.setenv("TZ", "Europe/Berlin")


def person(db: Database, name: str) -> int:
    return people.add_person(db, PersonDraft(name, given_name=name.split()[0])).id


def weekly(db: Database, pid: int, what: str = "call Mum") -> int:
    rule = rule_for(Repeat.WEEKLY, FIRST)
    draft = PromiseDraft(pid, Promiser.ME, what, None, FIRST, recurrence=rule)
    return promises.create_promise(db, draft, now=NOW).id


def open_ones(db: Database) -> list[promises_repo.Promise]:
    rows = db.connection().execute("SELECT id FROM promise WHERE status = 'open'").fetchall()
    return [promises_repo.get_promise(db, r[0]) for r in rows]


def the_todo(text: str) -> icalendar.Component:
    return next(c for c in icalendar.Calendar.from_ical(text).walk("VTODO"))


def phone_occurrences(text: str, n: int) -> list[datetime]:
    """What a phone computes from the task: its RRULE from its DUE, in DUE's zone."""
    todo = the_todo(text)
    due = todo["DUE"].dt
    rule = todo["RRULE"].to_ical().decode()
    return [o.astimezone(UTC) for o in islice(rrulestr(rule, dtstart=due), n)]


def recurring_tasks(account: Account) -> list[str]:
    return [t for t in items_on_server(account, "promises").values() if "RRULE" in t]


def test_a_weekly_promise_travels_with_its_rule_and_stays_at_18_00_across_dst(
    tmp_path: Path, account: Account, berlin: None
) -> None:
    a, b = folder_db(tmp_path, "a"), folder_db(tmp_path, "b")
    weekly(a, person(a, "Mum Adams"))
    assert sync(a, account).promises.sent_new == 1
    (text,) = recurring_tasks(account)
    todo = the_todo(text)
    assert todo["DUE"].params.get("TZID") == "Europe/Berlin"
    assert todo["DUE"].dt.replace(tzinfo=None) == datetime(2027, 3, 21, 18, 0)
    assert "BEGIN:VTIMEZONE" in text and "TZID:Europe/Berlin" in text
    # The phone's occurrences: 18:00 in Berlin before and after the clocks change.
    assert phone_occurrences(text, 3) == [
        datetime(2027, 3, 21, 17, 0, tzinfo=UTC),
        datetime(2027, 3, 28, 16, 0, tzinfo=UTC),
        datetime(2027, 4, 4, 16, 0, tzinfo=UTC),
    ]
    # Another Relapp reads the same recurring promise, the rule shown in words.
    assert sync(b, account).promises.received_new == 1
    (mine,) = open_ones(b)
    assert mine.recurrence == rule_for(Repeat.WEEKLY, FIRST)
    assert repeat_text(mine, BERLIN) == "repeats every Sunday at 18:00"
    assert everything_of(a, tmp_path) == everything_of(b, tmp_path)
    for db in (a, b):
        again = sync(db, account).promises
        assert not again.anything and again.merged == 0


def test_done_on_one_occurrence_moves_the_series_on_everywhere(
    tmp_path: Path, account: Account, berlin: None
) -> None:
    a, b = folder_db(tmp_path, "a"), folder_db(tmp_path, "b")
    weekly(a, person(a, "Mum Adams"))
    sync(a, account)
    sync(b, account)
    (series,) = open_ones(a)
    series_uid = a.connection().execute("SELECT uid FROM promise").fetchone()[0]
    done_at = FIRST.astimezone(UTC) + timedelta(hours=1)
    promises.complete_promise(a, series.id, now=done_at, zone=BERLIN)
    got = sync(a, account).promises
    assert (got.sent_changed, got.sent_new) == (1, 1)
    tasks = items_on_server(account, "promises")
    assert len(tasks) == 2
    (text,) = recurring_tasks(account)
    todo = the_todo(text)
    # The series keeps its UID and rule; its DUE moved to the next Sunday, 18:00 local
    # (after the clocks changed); it is not completed.
    assert str(todo["UID"]) == series_uid
    assert todo["DUE"].dt.replace(tzinfo=None) == datetime(2027, 3, 28, 18, 0)
    assert todo["DUE"].params.get("TZID") == "Europe/Berlin"
    assert str(todo["STATUS"]) == "NEEDS-ACTION" and "COMPLETED" not in todo
    assert phone_occurrences(text, 1) == [datetime(2027, 3, 28, 16, 0, tzinfo=UTC)]
    # The occurrence done is a completed task of its own, which does not repeat.
    (kept,) = [t for t in tasks.values() if "RRULE" not in t]
    assert str(the_todo(kept)["STATUS"]) == "COMPLETED"
    # The other Relapp: the series due next Sunday, and the occurrence done.
    got_b = sync(b, account).promises
    assert got_b.received_new == 1 and got_b.received_changed == 1
    (next_one,) = open_ones(b)
    assert next_one.due_at == datetime(2027, 3, 28, 16, 0, tzinfo=UTC)
    assert next_one.recurrence == series.recurrence
    statuses = sorted(r[0] for r in b.connection().execute("SELECT status FROM promise"))
    assert statuses == [PromiseStatus.DONE.value, PromiseStatus.OPEN.value]
    assert everything_of(a, tmp_path) == everything_of(b, tmp_path)
    for db in (a, b):
        assert not sync(db, account).promises.anything


PHONE_TASK = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:+//IDN bitfire.at//ical4android (org.tasks)
BEGIN:VTODO
DTSTAMP:20270301T101500Z
UID:{uid}
CREATED:20270301T101400Z
LAST-MODIFIED:20270301T101500Z
SUMMARY:{summary}
PRIORITY:5
DTSTART;TZID=Europe/Berlin:20270321T180000
DUE;TZID=Europe/Berlin:20270321T180000
RRULE:{rule}
STATUS:NEEDS-ACTION
X-APPLE-SORT-ORDER:12
BEGIN:VALARM
TRIGGER;RELATED=END:PT0S
ACTION:DISPLAY
DESCRIPTION:Default Tasks.org description
END:VALARM
END:VTODO
BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:STANDARD
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
TZNAME:CET
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
TZNAME:CEST
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
END:DAYLIGHT
END:VTIMEZONE
END:VCALENDAR
"""


def put_phone_task(account: Account, uid: str, summary: str, rule: str) -> None:
    url = calendar_url(account, "promises")
    text = PHONE_TASK.format(uid=uid, summary=summary, rule=rule).replace("\n", "\r\n")
    put = raw(
        account,
        "PUT",
        f"{url}{uid}.ics",
        data=text.encode(),
        headers={"Content-Type": "text/calendar; charset=utf-8"},
    )
    assert put.status_code in (201, 204), put.text


def server_text(account: Account, uid: str) -> str:
    (text,) = [t for h, t in items_on_server(account, "promises").items() if uid in h]
    return text


def rrule_lines(text: str) -> list[str]:
    unfolded = text.replace("\r\n ", "").replace("\n ", "")
    todo = unfolded.split("BEGIN:VTODO", 1)[1].split("END:VTODO", 1)[0]
    return [line.strip() for line in todo.splitlines() if line.startswith("RRULE")]


def test_a_phones_weekly_task_is_a_recurring_promise_with_its_rule_in_words(
    tmp_path: Path, account: Account, berlin: None
) -> None:
    a = folder_db(tmp_path, "a")
    mum = person(a, "Mum Adams")
    sync(a, account)
    put_phone_task(account, "tasks-org-1", "Call Mum: the weekly call", "FREQ=WEEKLY;BYDAY=SU")
    before = server_text(account, "tasks-org-1")
    got = sync(a, account).promises
    assert got.received_new == 1 and not got.sent_changed
    (p,) = open_ones(a)
    assert (p.person_id, p.what) == (mum, "the weekly call")
    assert p.due_at == datetime(2027, 3, 21, 17, 0, tzinfo=UTC)
    assert p.recurrence == rule_for(Repeat.WEEKLY, FIRST)
    assert repeat_text(p, BERLIN) == "repeats every Sunday at 18:00"
    assert server_text(account, "tasks-org-1") == before  # read, not rewritten
    assert not sync(a, account).promises.anything
    # Done here: the phone's task moves to the next Sunday, keeping what Relapp does
    # not know, and its rule as the phone wrote it.
    promises.complete_promise(a, p.id, now=datetime(2027, 3, 21, 18, 0, tzinfo=UTC), zone=BERLIN)
    sync(a, account)
    text = server_text(account, "tasks-org-1")
    todo = the_todo(text)
    assert todo["DUE"].dt.replace(tzinfo=None) == datetime(2027, 3, 28, 18, 0)
    assert todo["DTSTART"].dt.replace(tzinfo=None) == datetime(2027, 3, 28, 18, 0)
    assert rrule_lines(text) == ["RRULE:FREQ=WEEKLY;BYDAY=SU"]
    for kept in ("PRIORITY:5", "X-APPLE-SORT-ORDER:12", "Default Tasks.org description"):
        assert kept in text
    assert str(todo["STATUS"]) == "NEEDS-ACTION"


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=6",  # the last weekday, 6 times
        "FREQ=HOURLY;INTERVAL=4",  # Relapp repeats by days at the least
        "FREQ=WEEKLY;UNTIL=20271231T225959Z;BYDAY=SU,WE;WKST=SU",
    ],
)
def test_a_rule_relapp_cannot_follow_is_kept_on_the_server_as_it_was(
    tmp_path: Path, account: Account, rule: str, berlin: None
) -> None:
    a = folder_db(tmp_path, "a")
    person(a, "Mum Adams")
    sync(a, account)
    put_phone_task(account, "tasks-org-2", "Call Mum: the odd one", rule)
    written = rrule_lines(server_text(account, "tasks-org-2"))
    assert sync(a, account).promises.received_new == 1
    (p,) = open_ones(a)
    assert p.what == "the odd one"
    if "HOURLY" in rule:  # not a rule of days: one promise, due when the task is
        assert p.recurrence is None
    else:  # followed and shown as best Relapp can
        assert p.recurrence and repeat_text(p, BERLIN).startswith("repeats ")
    assert not sync(a, account).promises.anything
    # An edit here rewrites what it changed, never the rule.
    promises.update_promise(
        a,
        p.id,
        PromiseDraft(
            p.person_id, p.promiser, "the odd one, moved", None, p.due_at, recurrence=p.recurrence
        ),
        now=NOW,
    )
    assert sync(a, account).promises.sent_changed == 1
    text = server_text(account, "tasks-org-2")
    assert str(the_todo(text)["SUMMARY"]).endswith("the odd one, moved")
    assert rrule_lines(text) == written
