"""A small database with something of every kind (for the export and restore tests), and a
dump of every table to compare two databases row for row."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime

from relapp.domain.model import (
    Birthday,
    Channel,
    ContactKind,
    ContactPoint,
    Direction,
    InteractionDraft,
    InteractionKind,
    PersonDraft,
)
from relapp.services import interactions, people
from relapp.storage import Database, health_summary_repo

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
JPEG = b"\xff\xd8\xff\xe0" + bytes(reversed(range(256))) * 3
HTML_NAME = '<b>Bold</b> & <img src="x" onerror=alert(1)>'

ADA = PersonDraft(
    display_name="Ada Lovelace",
    given_name="Ada",
    family_name="Lovelace",
    nickname="Addie",
    organisation="Analytical Engines; Ltd",
    title="Programmer",
    birthday=Birthday(12, 10, 1815),
    met_on=date(2021, 3, 14),
    met_how="Babbage's salon",
    preferred_channel=Channel.EMAIL,
    avoid_channels=frozenset({Channel.CALL, Channel.VIDEO}),
    cadence_days=30,
    notes="Likes poetry.\nAnd horses, ponies; mathematics",
    tags=("Zürich", "maths", "friends"),
    contact_points=(
        ContactPoint(ContactKind.EMAIL, "ada@example.com", "work"),
        ContactPoint(ContactKind.EMAIL, "addie@example.org", ""),
        ContactPoint(ContactKind.PHONE, "+44 20 7946 0000", "mobile"),
        ContactPoint(ContactKind.URL, "https://ada.example.com/?a=1,2", "home page"),
        ContactPoint(ContactKind.ADDRESS, "12 St James's Square, London", "home"),
        ContactPoint(ContactKind.SOCIAL, "ada.lovelace", "Book club forum"),
    ),
    photo=PNG,
)
BO = PersonDraft(
    "Bo Leap",
    given_name="Bo",
    family_name="Leap",
    birthday=Birthday(2, 29),
    tags=("friends",),
    contact_points=(ContactPoint(ContactKind.PHONE, "(972) 555-0100", "home"),),
    photo=JPEG,
)
CAROL = PersonDraft(
    "Carol Roth",
    organisation="Roth & Marsh",
    birthday=Birthday(4, 17),
    contact_points=(ContactPoint(ContactKind.EMAIL, "carol@roth.example", "work"),),
)
UNICODE = PersonDraft("Łukasz Żółć 🙂", notes="Prefers Polish.\r\nTabs\tand\\backslashes")


def use(db: Database) -> Database:
    """``db`` itself. (The repositories once worked on the database opened last; tests
    that hold two databases said which one they meant this way. Every repository now
    takes its database, so there is nothing to point.)"""
    return db


def at(year: int, month: int, day: int, hour: int = 12) -> datetime:
    return datetime(year, month, day, hour, 30, tzinfo=UTC)


def build(db: Database) -> dict[str, int]:
    """Everyone by first name; also interactions, introductions, promises and settings."""
    use(db)
    ids = {
        "ada": people.add_person(db, ADA).id,
        "bo": people.add_person(db, BO).id,
        "carol": people.add_person(db, CAROL).id,
        "lukasz": people.add_person(db, UNICODE).id,
        "html": people.add_person(db, PersonDraft(HTML_NAME, notes="<script>x</script>")).id,
    }
    people.archive_person(db, ids["bo"])

    def log(when: datetime, who: tuple[str, ...], kind: InteractionKind, text: str) -> int:
        draft = InteractionDraft(
            when,
            Channel.MEETING,
            Direction.BOTH,
            tuple(ids[w] for w in who),
            summary=text,
            notes=f"notes on {text}",
            kind=kind,
        )
        return interactions.log_interaction(db, draft).id

    ids["dinner"] = log(
        at(2023, 5, 1), ("ada", "carol", "lukasz"), InteractionKind.ORDINARY, "Dinner"
    )
    ids["favour_given"] = log(at(2023, 6, 2), ("carol",), InteractionKind.FAVOUR_GIVEN, "Reviewed")
    ids["favour_received"] = log(at(2023, 7, 3), ("ada",), InteractionKind.FAVOUR_RECEIVED, "Lent")
    ids["intro"] = log(at(2024, 1, 4), ("ada", "carol"), InteractionKind.INTRODUCTION, "Intro")
    log(at(2024, 2, 5), ("bo",), InteractionKind.ORDINARY, "Before archiving")
    conn = db.connection()
    with db.atomic():
        intro_rows = [
            (None, ids["ada"], ids["carol"], "2024-01-04", "Me, over coffee", ids["intro"]),
            (ids["ada"], ids["lukasz"], None, "2023-05-01", "Ada introduced me", None),
            (ids["carol"], ids["html"], ids["bo"], None, "", None),
        ]
        conn.executemany(
            "INSERT INTO introduction (introducer_id, person_a_id, person_b_id, occurred_on,"
            " context, interaction_id, created_at) VALUES (?, ?, ?, ?, ?, ?, 1700000000)",
            intro_rows,
        )
        t = 1_700_000_000
        promise_rows = [
            (ids["carol"], "me", "send the slides", "email", t + 9000, "open", None, None, None),
            (ids["ada"], "them", "lend the book", None, t + 500, "done", None, t + 400, t + 600),
            (ids["lukasz"], "me", "call back", "call", t + 1000, "open", t + 8000, None, None),
            (
                ids["carol"],
                "them",
                "intro to Dan",
                "meeting",
                t + 2000,
                "cancelled",
                None,
                None,
                None,
            ),
        ]
        conn.executemany(
            "INSERT INTO promise (person_id, promiser, what, channel, due_at, status,"
            " snoozed_until, last_notified_at, done_at, created_at, interaction_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1690000000, NULL)",
            promise_rows,
        )
        conn.execute(
            "UPDATE promise SET interaction_id = ? WHERE what = 'lend the book'",
            (ids["favour_received"],),
        )
        conn.execute(  # a promise of its own time zone (a phone's task in New York)
            "UPDATE promise SET time_zone = 'America/New_York' WHERE what = 'call back'"
        )
        conn.execute("INSERT INTO app_state (key, value) VALUES ('outreach.unanswered', '4')")
        conn.execute("INSERT INTO tag (name) VALUES ('nobody has this tag')")
    return ids


def _internal(name: str, fts: set[str]) -> bool:
    return name.startswith("sqlite_") or any(name.startswith(f"{t}_") for t in fts)


def dump(db: Database) -> dict[str, list[tuple]]:
    """Every row of every table, ordered; the search index by its content.

    SQLite's own tables and the FTS5 shadow tables (how the index stores itself) are
    left out; the index's content is compared instead, with each column's words sorted
    (the order in which a person's tags are indexed is not data)."""
    conn: sqlite3.Connection = db.connection()
    tables = [
        row[0] for row in conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
    ]
    fts = {
        name
        for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
        if sql and "VIRTUAL TABLE" in sql.upper()
    }
    out: dict[str, list[tuple]] = {}
    for table in tables:
        if _internal(table, fts) or table in health_summary_repo.TABLES:
            continue  # the health records are derived (test_health_kept holds them)
        if table in fts:
            rows = conn.execute(f"SELECT rowid, * FROM {table}").fetchall()
            out[table] = sorted(
                tuple(" ".join(sorted(v.split())) if isinstance(v, str) else v for v in row)
                for row in rows
            )
            continue
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        order = ", ".join(f'"{c}"' for c in columns)
        out[table] = conn.execute(f"SELECT * FROM {table} ORDER BY {order}").fetchall()
    return out
