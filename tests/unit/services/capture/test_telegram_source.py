"""The Telegram reader: Telegram Desktop's result.json, one chat or the whole account."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from relapp.domain.capture.records import (
    AddressKind,
    Captured,
    CaptureItem,
    CaptureProblem,
    RecordKind,
    SourceKind,
)
from relapp.services.capture.sources import telegram as source
from tests.capture.generators.chats import (
    telegram_chat,
    telegram_export,
    telegram_json,
    telegram_message,
    write_large_telegram,
)
from tests.capture.generators.memory import peak_memory_reading

T = datetime(2023, 12, 31, 21, 41, 5, tzinfo=UTC)
ME = ("Me Example", "user1001")
CAROL = ("Carol Roth", "user7")
DAN = ("Dan Example", "user8")


def records(items: list[CaptureItem]) -> list[Captured]:
    return [item for item in items if isinstance(item, Captured)]


def problems(items: list[CaptureItem]) -> list[CaptureProblem]:
    return [item for item in items if isinstance(item, CaptureProblem)]


def chats() -> list[dict[str, object]]:
    return [
        telegram_chat(
            "Carol Roth",
            "personal_chat",
            7,
            [
                telegram_message(1, T, *CAROL),
                telegram_message(2, T.replace(minute=45), *ME),
            ],
        ),
        telegram_chat(
            "Book club",
            "private_supergroup",
            9000,
            [
                telegram_message(10, T, *CAROL, kind="service"),
                telegram_message(11, T.replace(hour=22), *DAN),
                telegram_message(12, T.replace(hour=23), *ME),
            ],
        ),
        telegram_chat("Saved Messages", "saved_messages", 1001, [telegram_message(5, T, *ME)]),
    ]


def write(path: Path, document: dict[str, object]) -> Path:
    path.write_bytes(telegram_json(document))
    return path


def test_a_full_export_yields_every_chats_messages_with_from_me(tmp_path: Path) -> None:
    path = write(tmp_path / "result.json", telegram_export(chats()))

    items = list(source.read(path))

    assert problems(items) == []
    found = records(items)
    assert [(r.thread, r.from_me) for r in found] == [
        ("7", False),
        ("7", True),
        ("9000", False),  # the service message is skipped
        ("9000", True),
        ("1001", True),
    ]
    carols, mine = found[:2]
    assert carols.kind is RecordKind.MESSAGE and carols.source is SourceKind.TELEGRAM
    assert carols.occurred_at == T and carols.subject == "Carol Roth"
    assert carols.key == "7#2023-12-31T21:41:05Z#user7#1"
    assert carols.sender is not None
    assert (carols.sender.address, carols.sender.kind) == ("Carol Roth", AddressKind.NAME)
    assert carols.recipients == ()
    assert [p.name for p in mine.recipients] == ["Carol Roth"]  # my message went to her
    assert found[2].recipients == ()  # a group names no one
    assert carols.where == "chat 'Carol Roth', message 1"
    assert all("hello" not in repr(r) for r in found)


def test_without_personal_information_saved_messages_tell_who_i_am(tmp_path: Path) -> None:
    path = write(tmp_path / "result.json", telegram_export(chats(), user_id=None))
    assert [r.from_me for r in records(list(source.read(path)))] == [
        False,
        True,
        False,
        True,
        True,
    ]

    no_saved = telegram_export(chats()[:2], user_id=None)
    write(path, no_saved)
    assert [r.from_me for r in records(list(source.read(path)))] == [
        False,  # a personal chat's id is the other person's: it still tells
        True,
        None,  # a group does not
        None,
    ]


def test_a_single_chat_export_reads_too(tmp_path: Path) -> None:
    path = write(tmp_path / "result.json", chats()[1])

    assert source.sniff(path, path.read_bytes()) is SourceKind.TELEGRAM
    found = records(list(source.read(path)))

    assert [r.key for r in found] == [
        "9000#2023-12-31T22:41:05Z#user8#11",
        "9000#2023-12-31T23:41:05Z#user1001#12",
    ]
    assert {r.from_me for r in found} == {None}  # nothing in a group's file says who I am

    path = write(tmp_path / "result.json", chats()[0])
    assert [r.from_me for r in records(list(source.read(path)))] == [False, True]


def test_sniff_wants_telegrams_shape(tmp_path: Path) -> None:
    full = telegram_json(telegram_export(chats()))
    assert source.sniff(tmp_path / "x", full) is SourceKind.TELEGRAM
    assert source.sniff(tmp_path / "x", b'{"messages": [], "type": "other"}') is None
    assert source.sniff(tmp_path / "x", b"[1, 2, 3]") is None
    assert source.sniff(tmp_path / "x", b"BEGIN:VCARD\r\nVERSION:3.0\r\n") is None


def test_a_broken_message_is_skipped_and_the_rest_reads(tmp_path: Path) -> None:
    text = telegram_json(telegram_export(chats()))
    broken = text.replace(b'"id": 11,', b'"id": 11,, "oops"', 1)
    path = tmp_path / "result.json"
    path.write_bytes(broken)

    items = list(source.read(path))

    (problem,) = problems(items)
    assert problem.where == "chat 'Book club', message 4" and "broken JSON" in problem.message
    assert [r.key.split("#")[-1] for r in records(items)] == ["1", "2", "12", "5"]


def test_a_truncated_export_keeps_what_came_before(tmp_path: Path) -> None:
    text = telegram_json(telegram_export(chats()))
    path = tmp_path / "result.json"
    path.write_bytes(text[: text.index(b'"id": 12')])

    items = list(source.read(path))

    assert [r.key.split("#")[-1] for r in records(items)] == ["1", "2", "11"]
    (problem,) = problems(items)
    assert "truncated" in problem.message and "Book club" in problem.where


def test_invalid_bytes_and_impossible_dates_are_problems(tmp_path: Path) -> None:
    document = telegram_export(chats())
    text = telegram_json(document).replace(b'"Dan Example"', b'"Dan \xe9xample"', 1)
    text = text.replace(
        b'"date_unixtime": "' + str(int(T.timestamp())).encode(), b'"date_unixtime": "soon', 1
    )
    path = tmp_path / "result.json"
    path.write_bytes(text)

    items = list(source.read(path))

    found = {p.where: p.message for p in problems(items)}
    assert "impossible or missing date" in found["chat 'Carol Roth', message 1"]
    (utf8,) = [p for p in problems(items) if "not UTF-8" in p.message]
    assert utf8.where.startswith("characters 0 to ")
    assert len(records(items)) == 4
    assert records(items)[1].sender is not None
    assert records(items)[1].sender.name == "Dan \ufffdxample"


def test_reading_again_gives_the_same_keys_and_a_grown_export_a_superset(tmp_path: Path) -> None:
    path = write(tmp_path / "result.json", telegram_export(chats()))
    first = [r.key for r in records(list(source.read(path)))]
    assert first == [r.key for r in records(list(source.read(path)))]

    grown = chats()
    messages = grown[0]["messages"]
    assert isinstance(messages, list)
    messages.append(telegram_message(3, T.replace(day=1, month=1, year=2024), *CAROL))
    write(path, telegram_export(grown))
    again = [r.key for r in records(list(source.read(path)))]

    assert set(first) < set(again) and len(again) == len(first) + 1


def test_a_100_mb_export_is_read_with_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "result.json"
    count = write_large_telegram(path, 100 << 20)
    assert path.stat().st_size >= 100 << 20

    result = peak_memory_reading("relapp.services.capture.sources.telegram", path)

    assert result["counts"] == {"Captured": count}
    growth = (int(result["after_kb"]) - int(result["before_kb"])) / 1024  # type: ignore[call-overload]
    assert growth < 40, f"reading grew memory by {growth:.0f} MB"
