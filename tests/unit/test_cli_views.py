"""``relapp show``, ``today`` and ``due`` run as a terminal user runs them: a separate
process on a real database (the demo's four stories), text and ``--json``, exit codes,
and the same truths the window's services tell. They never write."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from relapp.demo.build import build_demo
from relapp.domain.model import PersonDraft
from relapp.services import brief, health, people
from relapp.services import promises as promise_service
from relapp.storage import Database, open_database
from relapp.storage.readonly import open_readonly

ROOT = Path(__file__).resolve().parents[2]


def relapp(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), TZ="UTC")
    env.pop("RELAPP_DATA_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "relapp", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with the demo database (and two people named Ann), closed."""
    folder = tmp_path_factory.mktemp("data")
    db = open_database(folder / "relapp.sqlite3")
    build_demo(db)
    people.add_person(db, PersonDraft("Ann Lee"))
    people.add_person(db, PersonDraft("Ann Marsh"))
    db.close()
    return folder


@pytest.fixture
def db(data: Path) -> Iterator[Database]:
    database = open_readonly(data / "relapp.sqlite3")
    yield database
    database.close()


def person_id(db: Database, name: str) -> int:
    [found] = [
        i for i in people.list_people(db, name) if people.get_person(db, i).display_name == name
    ]
    return found


def test_show_tells_the_brief_introductions_promises_health_and_contacts(data: Path) -> None:
    done = relapp(data, "show", "Dan")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Dan Whitaker (Whitaker Freight Co.) #2"
    assert lines[1].startswith("Health ")
    for heading in ("Brief", "Introductions", "Open promises", "Last contacts"):
        assert heading in lines
    # Story 1: the introduction is told, whatever happened since.
    assert (
        "  Introduced to you by: Carol Roth introduced you to Dan Whitaker at the SmallBiz "
        "conference in Denver (" in done.stdout
    )
    assert "  Dan Whitaker owes you: send the Tulsa firm's contact details — due " in done.stdout


def test_show_json_is_what_the_window_reads(data: Path, db: Database) -> None:
    done = relapp(data, "show", "priya", "--json")
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert set(shown) == {"person", "health", "brief", "introductions", "promises", "last_contacts"}
    pid = person_id(db, "Priya Nair")
    assert shown["person"]["id"] == pid
    assert (shown["person"]["preferred_channel"], shown["person"]["avoid_channels"]) == (
        "email",
        ["call"],
    )
    now = datetime.now(UTC)
    assert [line["text"] for line in shown["brief"]] == [
        line.text for line in brief.brief_for(db, pid, now=now).lines()
    ]
    score = health.person_health(db, pid, now)
    assert (shown["health"]["score"], shown["health"]["band"]) == (round(score.value), score.band)
    assert shown["health"]["factors"] == list(score.factors)
    assert [p["id"] for p in shown["promises"]] == [
        e.id for e in promise_service.open_promises_for(db, pid)
    ]
    [promise] = shown["promises"]
    assert promise["state"] == "overdue"
    assert promise["title"] == "Email Priya Nair: send the pilot results summary"
    # the state rule's word first (past the grace: "broken, was due ..."), as in the window
    assert ", was due " in promise["due"] or promise["due"].startswith("was due ")
    assert {i["group"] for i in shown["introductions"]} == {
        "introduced_you_to",
        "you_introduced_them_to",
    }
    assert len(shown["last_contacts"]) == 5
    times = [c["occurred_at"] for c in shown["last_contacts"]]
    assert times == sorted(times, reverse=True)


def test_nobody_matching_exits_1_with_a_message(data: Path) -> None:
    done = relapp(data, "show", "Zebediah")
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.strip() == "relapp show: nobody matches 'Zebediah'."


def test_several_matching_are_listed_and_exit_2(data: Path) -> None:
    done = relapp(data, "show", "Ann")
    assert done.returncode == 2
    assert done.stdout == ""
    assert "people match 'Ann'; say more of the name:" in done.stderr
    listed = done.stderr.splitlines()[1:]
    assert any(line.startswith("  Ann Lee #") for line in listed)
    assert any(line.startswith("  Ann Marsh #") for line in listed)
    assert relapp(data, "show", "Ann Marsh").stdout.startswith("Ann Marsh #")


def test_today_is_the_today_list_with_its_reasons(data: Path, db: Database) -> None:
    done = relapp(data, "today", "--json")
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    expected = health.needs_attention(db, datetime.now(UTC))
    assert [(r["name"], r["reason"], r["why"]) for r in shown["rows"]] == [
        (r.name, r.reason.value, r.why) for r in expected.rows
    ]
    assert shown["left_off"] == expected.left_off
    text = relapp(data, "today")
    assert text.returncode == 0
    body = text.stdout.splitlines()
    assert body[0].startswith("Today — ")
    assert len(body) == 1 + len(expected.rows) + (1 if expected.left_off else 0)
    for line, row in zip(body[1:], expected.rows, strict=False):
        assert line.strip().startswith(row.name)
        assert line.endswith(f"[{row.reason.label}] {row.why}")


def test_due_is_the_due_board(data: Path, db: Database) -> None:
    done = relapp(data, "due", "--json")
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    board = promise_service.due_board(db, datetime.now(UTC))
    for group in ("overdue", "today", "upcoming", "owed_to_me"):
        assert [p["id"] for p in shown[group]] == [e.id for e in getattr(board, group)]
    assert shown["overdue"][0]["title"] == "Email Priya Nair: send the pilot results summary"
    text = relapp(data, "due").stdout
    assert text.startswith("Overdue · 1\n  Email Priya Nair: send the pilot results summary — ")
    assert "was due" in text.splitlines()[1]
    assert "\n\nOwed to you · 2\n" in text


def fingerprint(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_they_never_write(data: Path, tmp_path: Path) -> None:
    before = fingerprint(data)
    for args in (["show", "Dan"], ["show", "Dan", "--json"], ["today"], ["due", "--json"]):
        assert relapp(data, *args).returncode == 0
    assert fingerprint(data) == before
    empty = tmp_path / "empty"
    empty.mkdir()
    done = relapp(empty, "today")
    assert done.returncode == 1
    assert "there is no Relapp database here" in done.stderr
    assert list(empty.iterdir()) == []  # nothing was created
    mistyped = tmp_path / "mistyped"
    done = relapp(mistyped, "today")
    assert done.returncode == 2 and "no Relapp data folder here" in done.stderr
    assert not mistyped.exists()


def test_today_lists_an_anniversary_as_the_window_does_in_english_and_german(
    tmp_path: Path,
) -> None:
    from datetime import timedelta

    from relapp.domain.model import Birthday

    day = datetime.now(UTC).date() + timedelta(days=3)  # the processes run with TZ=UTC
    db = open_database(tmp_path / "relapp.sqlite3")
    people.add_person(db, PersonDraft("Ann Wed", anniversary=Birthday(day.month, day.day, 2016)))
    db.close()
    years = day.year - 2016
    suffix = "th" if 11 <= years % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(years % 10, "th")
    done = relapp(tmp_path, "today", "--json")
    assert done.returncode == 0, done.stderr
    (row,) = json.loads(done.stdout)["rows"]
    assert (row["name"], row["reason"], row["label"]) == ("Ann Wed", "anniversary", "Anniversary")
    assert row["why"].startswith(f"{years}{suffix} anniversary in 3 days (")
    text = relapp(tmp_path, "today").stdout.splitlines()
    assert text[1].strip().startswith("Ann Wed  [Anniversary] ")
    german = dict(os.environ, PYTHONPATH=str(ROOT), TZ="UTC", LANGUAGE="de")
    german.pop("RELAPP_DATA_DIR", None)
    done = subprocess.run(
        [sys.executable, "-m", "relapp", "--data-dir", str(tmp_path), "today"],
        capture_output=True,
        text=True,
        env=german,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    line = done.stdout.splitlines()[1].strip()
    assert line.startswith(f"Ann Wed  [Jahrestag] {years}. Jahrestag in 3 Tagen ("), line
