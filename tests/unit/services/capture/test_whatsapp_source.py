"""The WhatsApp reader: exported chats (.txt or .zip) in every locale's date format."""

from __future__ import annotations

import time
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from relapp.domain.capture.records import (
    AddressKind,
    Captured,
    CaptureItem,
    CaptureProblem,
    Party,
    RecordKind,
    SourceKind,
)
from relapp.services.capture.sources import whatsapp as source
from tests.capture.generators.chats import (
    whatsapp_text,
    whatsapp_zip,
    write_large_whatsapp,
    zip_bomb,
)
from tests.capture.generators.memory import (
    GROWTH_BOUND_MB,
    LARGE_FILE_MB,
    peak_memory_reading,
)

BERLIN = ZoneInfo("Europe/Berlin")

MESSAGES = [
    (datetime(2023, 12, 30, 9, 5), None, "Messages and calls are end-to-end encrypted."),
    (datetime(2023, 12, 30, 9, 5), "Carol Roth", "Are we still on for\nthe 31st?\nI hope so"),
    (datetime(2023, 12, 31, 21, 41), "+49 170 1234567", "yes: see you"),
    (datetime(2023, 12, 31, 21, 41), "+49 170 1234567", "bringing cake"),
    (datetime(2024, 1, 2, 8, 0), None, "Carol Roth changed this group's icon"),
    (datetime(2024, 1, 2, 8, 1), None, 'Carol Roth changed the subject to "Trip: Rome"'),
]


@pytest.fixture(autouse=True)
def berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The exporting phone's (and this machine's) local time is Berlin's."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def records(items: list[CaptureItem]) -> list[Captured]:
    return [item for item in items if isinstance(item, Captured)]


def problems(items: list[CaptureItem]) -> list[CaptureProblem]:
    return [item for item in items if isinstance(item, CaptureProblem)]


@pytest.mark.parametrize("style", ["android-us", "android-de", "iphone-uk", "iphone-us", "iso"])
def test_each_locales_format_yields_the_same_messages(tmp_path: Path, style: str) -> None:
    path = tmp_path / "WhatsApp Chat with Carol Roth.txt"
    path.write_bytes(whatsapp_text(MESSAGES, style))

    items = list(source.read(path))

    assert problems(items) == []
    found = records(items)
    assert [(r.occurred_at, r.sender.address if r.sender else None) for r in found] == [
        (datetime(2023, 12, 30, 9, 5, tzinfo=BERLIN), "Carol Roth"),
        (datetime(2023, 12, 31, 21, 41, tzinfo=BERLIN), "+49 170 1234567"),
        (datetime(2023, 12, 31, 21, 41, tzinfo=BERLIN), "+49 170 1234567"),
    ]
    assert [r.key for r in found] == [
        "Carol Roth#2023-12-30T09:05:00#Carol Roth#1",
        "Carol Roth#2023-12-31T21:41:00#+49 170 1234567#1",
        "Carol Roth#2023-12-31T21:41:00#+49 170 1234567#2",
    ]
    first, second, _ = found
    assert first.kind is RecordKind.MESSAGE and first.source is SourceKind.WHATSAPP
    assert first.thread == "Carol Roth" and first.subject == "Carol Roth"
    assert first.from_me is None  # the chat is with the one it is named after:
    assert first.recipients == (Party("Carol Roth", AddressKind.NAME, name="Carol Roth"),)
    assert first.sender is not None and first.sender.kind is AddressKind.NAME
    assert first.sender.name == "Carol Roth"
    assert second.sender is not None and second.sender.kind is AddressKind.PHONE
    assert [r.where for r in found] == ["line 2", "line 5", "line 6"]
    assert all("cake" not in repr(r) and "hope" not in repr(r) for r in found)  # no text


def test_day_and_month_order_is_decided_per_file(tmp_path: Path) -> None:
    # Only ambiguous dates, a 12-hour clock (which alone suggests month first), but
    # read month first they would run backwards in time: day first.
    australian = [
        (datetime(2024, 1, 5, 9), "Carol Roth", "a"),
        (datetime(2024, 1, 6, 9), "Carol Roth", "b"),
        (datetime(2024, 2, 1, 9), "Carol Roth", "c"),
    ]
    text = whatsapp_text(australian, "android-us")  # writes month/day...
    swapped = b"\n".join(  # ...so swap them, as an Australian phone writes
        b"/".join([part.split(b"/")[1], part.split(b"/")[0], *part.split(b"/")[2:]])
        for part in text.splitlines()
    )
    path = tmp_path / "au.txt"
    path.write_bytes(swapped + b"\n")
    assert [r.occurred_at.date().isoformat() for r in records(list(source.read(path)))] == [
        "2024-01-05",
        "2024-01-06",
        "2024-02-01",
    ]

    # A day above 12 anywhere in the file decides for every line.
    us = [(datetime(2024, 3, 4, 9), "Carol Roth", "a"), (datetime(2024, 3, 31, 9), "Dan", "b")]
    path.write_bytes(whatsapp_text(us, "android-us"))
    assert [r.occurred_at.day for r in records(list(source.read(path)))] == [4, 31]

    # Nothing tells: a 12-hour clock reads month first, a 24-hour one day first.
    one = [(datetime(2024, 3, 4, 9), "Carol Roth", "a")]
    path.write_bytes(whatsapp_text(one, "android-us"))
    assert records(list(source.read(path)))[0].occurred_at.month == 3
    path.write_bytes(whatsapp_text(one, "iphone-uk"))
    assert records(list(source.read(path)))[0].occurred_at.month == 3


def test_a_zip_from_an_iphone_takes_its_name_and_never_reads_the_media(tmp_path: Path) -> None:
    path = whatsapp_zip(
        tmp_path / "WhatsApp Chat - Carol Roth.zip",
        whatsapp_text(MESSAGES, "iphone-uk"),
        extra=[("00000012-PHOTO-2023-12-31.jpg", b"\xff\xd8\xff" + bytes(1000))],
    )

    assert source.sniff(path, path.read_bytes()[: 64 << 10]) is SourceKind.WHATSAPP
    items = list(source.read(path))

    assert problems(items) == []
    assert [r.thread for r in records(items)] == ["Carol Roth"] * 3


def test_an_android_zip_names_the_chat_by_its_text_file(tmp_path: Path) -> None:
    path = whatsapp_zip(
        tmp_path / "export.zip",
        whatsapp_text(MESSAGES, "android-de"),
        chat_name="WhatsApp Chat mit Carol Roth.txt",
    )

    assert {r.thread for r in records(list(source.read(path)))} == {"Carol Roth"}


def test_dangerous_zip_entries_are_problems_and_the_chat_still_reads(tmp_path: Path) -> None:
    inner = whatsapp_zip(tmp_path / "inner.zip", whatsapp_text(MESSAGES))
    path = whatsapp_zip(
        tmp_path / "WhatsApp Chat - Carol Roth.zip",
        whatsapp_text(MESSAGES, "iphone-uk"),
        extra=[
            ("../../evil.txt", b"x"),
            ("/etc/evil.txt", b"x"),
            ("secret.jpg", b"x" * 100),
            ("more.zip", inner.read_bytes()),
        ],
        encrypted=["secret.jpg"],
    )
    before = sorted(p.name for p in tmp_path.rglob("*"))

    items = list(source.read(path))

    assert len(records(items)) == 3
    found = {p.where: p.message for p in problems(items)}
    assert found == {
        "entry ../../evil.txt": "its path leads outside the export; not read",
        "entry /etc/evil.txt": "its path leads outside the export; not read",
        "entry secret.jpg": "it is encrypted; not read",
        "entry more.zip": "it is a zip inside the zip; not opened",
    }
    assert all(p.file == str(path) for p in problems(items))
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # nothing extracted


def test_a_zip_bomb_is_refused_without_expanding_it(tmp_path: Path) -> None:
    path = zip_bomb(tmp_path / "WhatsApp Chat - Bomb.zip", 200 << 20)
    assert path.stat().st_size < 1 << 20

    started = time.process_time()  # CPU: a wall clock also counts other processes' turns
    items = list(source.read(path))

    assert time.process_time() - started < 2
    assert records(items) == []
    bomb, nothing = problems(items)
    assert bomb.where == "entry _chat.txt" and "zip bomb" in bomb.message
    assert "200.0 MB" in bomb.message
    assert "no chat text" in nothing.message


def test_a_damaged_or_truncated_zip_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    whole = whatsapp_zip(tmp_path / "whole.zip", whatsapp_text(MESSAGES))
    cut = tmp_path / "WhatsApp Chat - Cut.zip"
    cut.write_bytes(whole.read_bytes()[:-30])

    (problem,) = source.read(cut)

    assert isinstance(problem, CaptureProblem) and "cannot be opened" in problem.message


def test_invalid_bytes_and_impossible_dates_are_problems_of_their_line(tmp_path: Path) -> None:
    text = whatsapp_text(MESSAGES, "android-de")
    lines = text.split(b"\n")
    lines[2] += b" caf\xe9"  # a continuation line in Latin-1
    lines.insert(5, b"31.02.23, 10:00 - Carol Roth: the 31st of February")
    path = tmp_path / "bad.txt"
    path.write_bytes(b"\n".join(lines))

    items = list(source.read(path))

    assert len(records(items)) == 3
    assert {(p.where, p.message.split(":")[0]) for p in problems(items)} == {
        ("line 3", "not valid UTF-8; read with replacement characters"),
        ("line 6", "impossible date or time"),
    }


def test_reading_again_gives_the_same_keys_and_a_grown_chat_a_superset(tmp_path: Path) -> None:
    path = tmp_path / "WhatsApp Chat with Carol Roth.txt"
    path.write_bytes(whatsapp_text(MESSAGES))
    first = [r.key for r in records(list(source.read(path)))]
    assert first == [r.key for r in records(list(source.read(path)))]

    later = [(datetime(2024, 1, 3, 10, 0), "Carol Roth", "happy new year")]
    path.write_bytes(whatsapp_text(MESSAGES + later))
    again = [r.key for r in records(list(source.read(path)))]

    assert again[: len(first)] == first
    assert again[-1] == "Carol Roth#2024-01-03T10:00:00#Carol Roth#1"


def test_chat_ids_come_from_the_file_name() -> None:
    assert source.chat_id("WhatsApp Chat with Carol Roth.txt") == "Carol Roth"
    assert source.chat_id("WhatsApp Chat with Carol Roth (1).txt") == "Carol Roth"
    assert source.chat_id("WhatsApp-Chat mit Familie.zip") == "Familie"
    assert source.chat_id("WhatsApp Chat - Book club.zip") == "Book club"
    assert source.chat_id("notes.txt") == "notes"


def test_a_large_chat_is_read_with_bounded_memory(tmp_path: Path) -> None:
    """Streamed, from the text file and from inside the zip: the reader grows by under
    GROWTH_BOUND_MB (0.3 MB at 30 MB and at 100 MB alike) while the chat is
    LARGE_FILE_MB, three times the bound, so a reader that held the chat's text alone
    (a byte a character at the least; for the zip, the entry unpacked) would exceed it.
    (Was 100 MB against a 40 MB bound: 8-12 s of CPU for the same proof.)"""
    path = tmp_path / "WhatsApp Chat with Carol Roth.txt"
    count = write_large_whatsapp(path, LARGE_FILE_MB << 20)
    assert path.stat().st_size >= 3 * GROWTH_BOUND_MB << 20
    with zipfile.ZipFile(tmp_path / "big.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(path, "_chat.txt")

    for target in (path, tmp_path / "big.zip"):
        result = peak_memory_reading("relapp.services.capture.sources.whatsapp", target)

        assert result["counts"] == {"Captured": count}
        growth = (int(result["after_kb"]) - int(result["before_kb"])) / 1024  # type: ignore[call-overload]
        assert growth < GROWTH_BOUND_MB, f"reading {target.name} grew memory by {growth:.1f} MB"
