"""``relapp search QUERY [--json]`` as a terminal user runs it: a separate process on a
real database; people first, then the text hits with where they are; --json gives the
same hits; it never writes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from relapp.domain.model import Channel, Direction, InteractionDraft, PersonDraft
from relapp.domain.promises import PromiseDraft, Promiser
from relapp.services import interactions, people, promises
from relapp.services.search import search_everything
from relapp.storage import open_database

ROOT = Path(__file__).resolve().parents[2]
WHEN = datetime(2025, 3, 12, 15, 0, tzinfo=UTC)


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
    folder = tmp_path_factory.mktemp("data")
    db = open_database(folder / "relapp.sqlite3")
    carol = people.add_person(db, PersonDraft("Carol Roth", tags=("gardening",))).id
    dan = people.add_person(db, PersonDraft("Dan Whit")).id
    interactions.log_interaction(
        db,
        InteractionDraft(
            WHEN, Channel.EMAIL, Direction.INBOUND, (dan,), "Plans", "<b>gardening</b> & bees"
        ),
    )
    promises.create_promise(
        db, PromiseDraft(dan, Promiser.THEM, "bring gardening gloves", None, WHEN), now=WHEN
    )
    assert carol
    db.close()
    return folder


def test_search_prints_people_then_where_each_text_hit_is(data: Path) -> None:
    done = relapp(data, "search", "garden")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[:2] == ["People (1 person)", "  Carol Roth"]
    assert lines[2] == "In your notes (2 matches)"
    assert "  Dan Whit — 12 Mar 2025, email: 'Plans · <b>gardening</b> & bees'" in lines
    assert "  Dan Whit — their promise, due 12 Mar 2025: 'bring gardening gloves'" in lines


def test_json_gives_the_same_hits(data: Path) -> None:
    text = relapp(data, "search", "garden").stdout
    done = relapp(data, "search", "garden", "--json")
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert [p["name"] for p in shown["people"]] == ["Carol Roth"]
    assert [f"  {h['where']}: '{h['snippet']}'" for h in shown["text"]] == [
        line for line in text.splitlines() if line.startswith("  Dan Whit — ")
    ]
    db = open_database(data / "relapp.sqlite3")
    try:
        expected = search_everything(db, "garden")
    finally:
        db.close()
    assert [(h["kind"], h["id"]) for h in shown["text"]] == [
        (h.match.kind.value, h.match.record_id) for h in expected.text.hits
    ]
    assert shown["more_text"] is False


@pytest.mark.parametrize("typed", ['"', "NEAR(garden", "garden -bees*", "(", "'"])
def test_fts_syntax_in_the_query_is_no_error(data: Path, typed: str) -> None:
    done = relapp(data, "search", typed)
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr


def test_nothing_found_exits_1_with_a_message(data: Path) -> None:
    done = relapp(data, "search", "zebediah")
    assert done.returncode == 1
    assert done.stdout.strip() == "Nothing matches 'zebediah'."


def test_many_people_say_how_many_there_are(tmp_path: Path) -> None:
    db = open_database(tmp_path / "relapp.sqlite3")
    for n in range(60):
        people.add_person(db, PersonDraft(f"Gardener {n:02}"))
    db.close()
    done = relapp(tmp_path, "search", "gardener")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "People (the first 50 of 60 people)"
    assert lines[1:51] == [f"  Gardener {n:02}" for n in range(50)]
    shown = json.loads(relapp(tmp_path, "search", "gardener", "--json").stdout)
    assert shown["people_found"] == 60 and len(shown["people"]) == 50
