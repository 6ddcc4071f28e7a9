"""Me in chats: WhatsApp and Telegram name their authors, not their addresses, so "me"
also holds my chat names (``--me "Ana Silva"``, Settings ▸ My Addresses…), suggested from
the files (the one author present in every chat). Real files, real SQLite."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from relapp.domain.capture.me import Me
from relapp.domain.errors import InvalidInput
from relapp.domain.model import Direction, PersonDraft
from relapp.services import capture, interactions, people
from relapp.storage import Database
from tests.capture.generators.chats import whatsapp_text

TZ = ZoneInfo("Europe/Berlin")
AT = datetime(2025, 3, 12, 9, 30)
NOW = datetime(2025, 4, 1, tzinfo=TZ)
ME = "Ana Silva"


def chat(tmp_path: Path, other: str, authors: list[str], day: int = 0) -> Path:
    path = tmp_path / f"WhatsApp Chat with {other}.txt"
    messages = [(AT + timedelta(days=day, minutes=n), a, "hi") for n, a in enumerate(authors)]
    path.write_bytes(whatsapp_text(messages))
    return path


def person(db: Database, name: str) -> int:
    return people.add_person(db, PersonDraft(name)).id


def only_entry(db: Database, pid: int) -> Direction:
    [entry] = interactions.history_page(db, pid, 0, 10)
    return entry.interaction.direction


def test_a_chat_where_i_wrote_every_message_is_outbound(db: Database, tmp_path: Path) -> None:
    carol = person(db, "Carol Roth")
    path = chat(tmp_path, "Carol Roth", [ME, ME, ME])
    plan = capture.plan_capture(db, [path], me=(ME,), now=NOW, tz=TZ)
    capture.apply_capture(db, plan, backup_first=False)
    assert only_entry(db, carol) is Direction.OUTBOUND
    assert plan.me.addresses == (ME,)


def test_a_chat_with_both_of_us_writing_is_both_and_i_am_not_a_party(
    db: Database, tmp_path: Path
) -> None:
    carol = person(db, "Carol Roth")
    person(db, "Ana Silva")  # my own card: never a party of my chats
    path = chat(tmp_path, "Carol Roth", ["Carol Roth", ME, "Carol Roth"])
    plan = capture.plan_capture(db, [path], me=("ana  SILVA",), now=NOW, tz=TZ)
    capture.apply_capture(db, plan, backup_first=False)
    assert only_entry(db, carol) is Direction.BOTH
    [planned] = plan.interactions
    assert planned.person_ids == (carol,)


def test_my_chat_name_is_suggested_as_the_author_in_every_chat(
    db: Database, tmp_path: Path
) -> None:
    carol, bob = person(db, "Carol Roth"), person(db, "Bob Li")
    carol_chat = chat(tmp_path, "Carol Roth", ["Carol Roth", ME])
    bob_chat = chat(tmp_path, "Bob Li", [ME, ME], day=1)
    plan = capture.plan_capture(db, [carol_chat, bob_chat], now=NOW, tz=TZ)
    assert plan.me_suggested and plan.me.addresses == (ME,)
    capture.apply_capture(db, plan, backup_first=False)
    assert only_entry(db, carol) is Direction.BOTH
    assert only_entry(db, bob) is Direction.OUTBOUND


def test_one_chat_suggests_no_name_nobody_can_tell_who_is_me(db: Database, tmp_path: Path) -> None:
    path = chat(tmp_path, "Carol Roth", ["Carol Roth", ME])
    plan = capture.plan_capture(db, [path], now=NOW, tz=TZ)
    assert not plan.me


def test_my_chat_names_are_kept_beside_my_addresses(db: Database) -> None:
    capture.set_my_addresses(db, ["me@example.com", " Ana  Silva ", "ana silva"])
    assert capture.my_addresses(db) == ("me@example.com", "Ana Silva")
    assert "name:ana silva" in Me.of(capture.my_addresses(db))
    for wrong in ("12", "!!!", "me@"):
        with pytest.raises(InvalidInput, match="neither an email address"):
            capture.set_my_addresses(db, [wrong])
