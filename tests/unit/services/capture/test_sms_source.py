"""The SMS Backup & Restore reader: sms.xml (texts, MMS) and calls.xml."""

from __future__ import annotations

import time
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
from relapp.services.capture.sources import sms as source
from tests.capture.generators.memory import peak_memory_reading
from tests.capture.generators.phone import (
    billion_laughs,
    call,
    calls,
    millis,
    mms,
    sms,
    smses,
    write_large_sms,
)

T1 = datetime(2023, 12, 31, 20, 41, 5, tzinfo=UTC)
T2 = datetime(2024, 1, 2, 8, 0, tzinfo=UTC)
CAROL = "+49 170 1234567"


def records(items: list[CaptureItem]) -> list[Captured]:
    return [item for item in items if isinstance(item, Captured)]


def problems(items: list[CaptureItem]) -> list[CaptureProblem]:
    return [item for item in items if isinstance(item, CaptureProblem)]


def texts() -> bytes:
    return smses(
        sms(T1, CAROL, 1, contact="Carol Roth"),
        sms(T1.replace(second=9), "+491701234567", 2, contact="Carol Roth"),
        sms(T1.replace(second=20), CAROL, 3),  # a draft: never sent
        mms(T2, 1, CAROL, ["+44 20 7946 0000", "+1 202 555 0100"]),
        mms(T2.replace(minute=5), 2, "insert-address-token", ["+491701234567"]),
    )


def test_texts_say_who_sent_them_and_when(tmp_path: Path) -> None:
    path = tmp_path / "sms-20240102.xml"
    path.write_bytes(texts())

    items = list(source.read(path))

    assert problems(items) == []
    received, sent, group, sent_mms = records(items)
    assert received.kind is RecordKind.MESSAGE and received.source is SourceKind.SMS
    assert received.occurred_at == T1 and received.from_me is False
    assert received.sender is not None
    assert (received.sender.address, received.sender.kind, received.sender.name) == (
        CAROL,
        AddressKind.PHONE,
        "Carol Roth",
    )
    assert received.recipients == () and received.thread == "+491701234567"
    assert received.key == f"{millis(T1)}#sms#+491701234567#1"
    assert received.where == "line 5"
    assert sent.from_me is True and sent.sender is None
    assert [p.address for p in sent.recipients] == ["+491701234567"]
    assert sent.thread == received.thread  # one chat however the number is spaced
    assert group.from_me is False and group.sender is not None
    assert group.sender.address == CAROL
    assert [p.address for p in group.recipients] == ["+44 20 7946 0000", "+1 202 555 0100"]
    assert group.thread == "+12025550100~+442079460000~+491701234567"
    assert sent_mms.from_me is True and sent_mms.sender is None
    assert [p.address for p in sent_mms.recipients] == ["+491701234567"]
    assert all("hi" not in repr(r) and "photo" not in repr(r) for r in records(items))


def test_calls_carry_direction_duration_and_missed(tmp_path: Path) -> None:
    path = tmp_path / "calls-20240102.xml"
    path.write_bytes(
        calls(
            call(T1, CAROL, 1, 65, "Carol Roth"),
            call(T1.replace(minute=50), CAROL, 2, 300, "Carol Roth"),
            call(T2, CAROL, 3, 0, "Carol Roth"),
            call(T2.replace(minute=1), CAROL, 5, 0, "Carol Roth"),
            call(T2.replace(minute=2), CAROL, 6, 0),  # blocked
            call(T2.replace(minute=3), "-2", 1, 10),  # a hidden number
        )
    )

    found = records(list(source.read(path)))

    assert [(r.from_me, r.duration_seconds, r.missed) for r in found] == [
        (False, 65, False),
        (True, 300, False),
        (False, 0, True),
        (False, 0, True),
    ]
    assert all(r.kind is RecordKind.CALL and r.source is SourceKind.CALLS for r in found)
    incoming, outgoing = found[:2]
    assert incoming.sender is not None and incoming.sender.name == "Carol Roth"
    assert outgoing.sender is None and outgoing.recipients[0].address == CAROL
    assert incoming.key == f"{millis(T1)}#call#+491701234567#1"


def test_sniff_knows_texts_from_calls_by_the_root_element(tmp_path: Path) -> None:
    assert source.sniff(tmp_path / "x", texts()) is SourceKind.SMS
    assert source.sniff(tmp_path / "x", calls(call(T1, CAROL, 1, 5))) is SourceKind.CALLS
    assert source.sniff(tmp_path / "x", b"<?xml version='1.0'?>\n<rss><channel/></rss>") is None
    assert source.sniff(tmp_path / "x", b"BEGIN:VCARD\r\nVERSION:3.0\r\n") is None


def test_a_billion_laughs_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "sms.xml"
    path.write_bytes(billion_laughs())

    started = time.process_time()  # CPU: a wall clock also counts other processes' turns
    (problem,) = source.read(path)

    assert time.process_time() - started < 1
    assert isinstance(problem, CaptureProblem)
    assert problem.where == "line 2" and "DTD" in problem.message


def test_broken_xml_and_invalid_bytes_skip_to_the_next_message(tmp_path: Path) -> None:
    lines = texts().split(b"\n")
    lines[4] = lines[4].replace(b'body="hi"', b'body="caf\xe9"')  # Latin-1 in UTF-8
    lines[5] = lines[5].replace(b"/>", b"")  # an unclosed element
    path = tmp_path / "sms.xml"
    path.write_bytes(b"\n".join(lines))

    items = list(source.read(path))

    assert [p.where for p in problems(items)] == ["line 5", "line 7"]
    assert all("broken XML" in p.message for p in problems(items))
    assert [r.key.split("#")[1] for r in records(items)] == ["mms", "mms"]


def test_an_impossible_date_is_a_problem_of_that_message(tmp_path: Path) -> None:
    text = texts().replace(str(millis(T1)).encode(), b"yesterday", 1)
    path = tmp_path / "sms.xml"
    path.write_bytes(text)

    items = list(source.read(path))

    (problem,) = problems(items)
    assert problem.where == "line 5" and "no readable date ('yesterday')" in problem.message
    assert len(records(items)) == 3


def test_a_truncated_file_keeps_what_came_before_and_says_so(tmp_path: Path) -> None:
    whole = texts()
    path = tmp_path / "sms.xml"
    path.write_bytes(whole[: whole.index(b"<mms") + 40])

    items = list(source.read(path))

    assert len(records(items)) == 2
    (problem,) = problems(items)
    assert "truncated" in problem.message


def test_not_a_backup_and_not_xml_are_one_problem_each(tmp_path: Path) -> None:
    path = tmp_path / "other.xml"
    path.write_bytes(b"<?xml version='1.0'?>\n<rss><sms/></rss>\n")
    (problem,) = source.read(path)
    assert isinstance(problem, CaptureProblem) and "<rss>" in problem.message
    path.write_bytes(b"\x00\x01 not xml at all")
    (problem,) = source.read(path)
    assert isinstance(problem, CaptureProblem) and problem.where == "line 1"


def test_reading_again_gives_the_same_keys_and_a_grown_backup_a_superset(tmp_path: Path) -> None:
    path = tmp_path / "sms.xml"
    path.write_bytes(texts())
    first = [r.key for r in records(list(source.read(path)))]
    assert first == [r.key for r in records(list(source.read(path)))]
    assert len(set(first)) == len(first)

    path.write_bytes(
        texts().replace(b"</smses>", sms(T2.replace(hour=9), CAROL, 1).encode() + b"\n</smses>")
    )
    again = [r.key for r in records(list(source.read(path)))]

    assert set(first) < set(again) and len(again) == len(first) + 1


def test_a_100_mb_backup_is_read_with_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "sms.xml"
    count = write_large_sms(path, 100 << 20)

    result = peak_memory_reading("relapp.services.capture.sources.sms", path)

    assert result["counts"] == {"Captured": count}
    growth = (int(result["after_kb"]) - int(result["before_kb"])) / 1024  # type: ignore[call-overload]
    assert growth < 40, f"reading grew memory by {growth:.0f} MB"
