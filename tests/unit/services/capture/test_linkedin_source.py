"""The LinkedIn reader: messages.csv (messages) and Connections.csv (people)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from relapp.domain.capture.records import (
    AddressKind,
    Captured,
    CapturedPerson,
    CaptureItem,
    CaptureProblem,
    RecordKind,
    SourceKind,
)
from relapp.services.capture.sources import linkedin as source
from tests.capture.generators.linkedin import (
    connections_csv,
    message_row,
    messages_csv,
    profile,
    write_large_messages,
)
from tests.capture.generators.memory import (
    GROWTH_BOUND_MB,
    LARGE_FILE_MB,
    peak_memory_reading,
)

CAROL = ("Carol Roth", "carol-roth")
ME = ("Me Example", "me-example")
DAN = ("Dan Example", "dan-example")


def records(items: list[CaptureItem]) -> list[Captured]:
    return [item for item in items if isinstance(item, Captured)]


def problems(items: list[CaptureItem]) -> list[CaptureProblem]:
    return [item for item in items if isinstance(item, CaptureProblem)]


def conversation() -> list[list[str]]:
    """As LinkedIn writes it: newest first."""
    return [
        message_row("2-abc", "2024-01-02 08:00:00 UTC", ME, [CAROL, DAN], "Thanks, both!"),
        message_row("2-abc", "2023-12-31 21:41:05 UTC", CAROL, [ME, DAN], subject="Intro"),
        message_row("2-abc", "2023-12-31 21:41:05 UTC", CAROL, [ME, DAN], "and again"),
        message_row("2-abc", "2023-12-30 10:00:00 UTC", CAROL, [ME], draft=True),
    ]


def test_messages_carry_profile_urls_and_no_content(tmp_path: Path) -> None:
    path = tmp_path / "messages.csv"
    path.write_bytes(messages_csv(conversation()))

    items = list(source.read(path))

    assert problems(items) == []
    found = records(items)
    assert [r.key for r in found] == [
        f"2-abc#2024-01-02T08:00:00+00:00#{profile('me-example')}#1",
        f"2-abc#2023-12-31T21:41:05+00:00#{profile('carol-roth')}#1",
        f"2-abc#2023-12-31T21:41:05+00:00#{profile('carol-roth')}#2",
    ]
    mine, carols, _ = found
    assert mine.kind is RecordKind.MESSAGE and mine.source is SourceKind.LINKEDIN_MESSAGES
    assert mine.occurred_at == datetime(2024, 1, 2, 8, tzinfo=UTC)
    assert mine.thread == "2-abc" and mine.from_me is None
    assert mine.sender is not None
    assert (mine.sender.address, mine.sender.kind, mine.sender.name) == (
        profile("me-example"),
        AddressKind.PROFILE_URL,
        "Me Example",
    )
    assert [(p.address, p.name) for p in mine.recipients] == [
        (profile("carol-roth"), "Carol Roth"),
        (profile("dan-example"), "Dan Example"),
    ]
    assert carols.subject == "Intro" and carols.where == "line 3"
    assert mine.where == "line 2"
    assert all("Thanks" not in repr(r) for r in found)


def test_the_one_profile_in_every_message_is_the_exporter(tmp_path: Path) -> None:
    path = tmp_path / "messages.csv"
    path.write_bytes(messages_csv(conversation()))
    # One conversation: Carol is in every row too, so the file cannot tell.
    assert {r.from_me for r in records(list(source.read(path)))} == {None}

    other = message_row("3-def", "2024-02-01 09:00:00 UTC", DAN, [ME])
    path.write_bytes(messages_csv([other, *conversation()]))

    found = records(list(source.read(path)))

    assert [(r.sender.name if r.sender else "", r.from_me) for r in found] == [
        ("Dan Example", False),
        ("Me Example", True),
        ("Carol Roth", False),
        ("Carol Roth", False),
    ]


def test_connections_skip_the_notes_and_bring_people(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_bytes(
        connections_csv(
            [
                [
                    "Carol",
                    "Roth",
                    profile("carol-roth"),
                    "carol@example.org",
                    "Example GmbH",
                    "Engineer",
                    "31 Dec 2023",
                ],
                ["Dan", "Example", profile("dan-example"), "", "", "", "05 Jan 2021"],
                ["", "", "", "", "", "", "01 Feb 2020"],  # hidden by its owner
                ["Eve", "Example", profile("eve"), "", "", "", "31 Feb 2023"],
            ]
        )
    )

    items = list(source.read(path))

    (problem,) = problems(items)
    assert problem.where == "line 8" and "impossible or missing date" in problem.message
    carol, dan = [item for item in items if isinstance(item, CapturedPerson)]
    assert carol == CapturedPerson(
        source=SourceKind.LINKEDIN_CONNECTIONS,
        first_name="Carol",
        last_name="Roth",
        email="carol@example.org",
        profile_url=profile("carol-roth"),
        organisation="Example GmbH",
        title="Engineer",
        connected_on=date(2023, 12, 31),
        where="line 5",
    )
    assert isinstance(dan, CapturedPerson) and dan.connected_on == date(2021, 1, 5)


def test_sniff_by_the_header_not_the_name(tmp_path: Path) -> None:
    assert source.sniff(tmp_path / "x.txt", messages_csv([])) is SourceKind.LINKEDIN_MESSAGES
    assert source.sniff(tmp_path / "x", connections_csv([])) is (SourceKind.LINKEDIN_CONNECTIONS)
    assert source.sniff(tmp_path / "messages.csv", b"id,name,date\n1,a,b\n") is None
    assert source.sniff(tmp_path / "x.csv", b"BEGIN:VCARD\r\nVERSION:3.0\r\n") is None


def test_bad_rows_are_problems_and_the_rest_reads(tmp_path: Path) -> None:
    rows = conversation()
    rows[1][6] = "2023-02-31 10:00:00 UTC"  # no 31st of February
    text = messages_csv(rows)
    text = text.replace(b"and again", b"and caf\xe9")  # Latin-1 in a UTF-8 file
    text += b'2-abc,,Carol Roth,https://x,"cut short'  # truncated in a quoted field
    path = tmp_path / "messages.csv"
    path.write_bytes(text)

    items = list(source.read(path))

    assert len(records(items)) == 2
    found = [(p.where, p.message.split(" '")[0].split(";")[0]) for p in problems(items)]
    assert found == [
        ("line 3", "impossible or missing date"),
        ("line 5", "not valid UTF-8"),
        ("line 8", "the row has 5 fields, the header 11 (cut short?)"),
    ]


def test_a_field_over_the_csv_limit_is_a_problem_of_its_row(tmp_path: Path) -> None:
    rows = conversation()
    rows[1][8] = "x" * 200_000
    path = tmp_path / "messages.csv"
    path.write_bytes(messages_csv(rows))

    items = list(source.read(path))

    (problem,) = problems(items)
    assert problem.where == "line 3" and "broken CSV row" in problem.message
    assert len(records(items)) == 2


def test_reading_again_gives_the_same_keys_and_a_grown_export_a_superset(tmp_path: Path) -> None:
    path = tmp_path / "messages.csv"
    path.write_bytes(messages_csv(conversation()))
    first = [r.key for r in records(list(source.read(path)))]
    assert first == [r.key for r in records(list(source.read(path)))]

    newer = message_row("3-def", "2024-02-01 09:00:00 UTC", DAN, [ME])
    path.write_bytes(messages_csv([newer, *conversation()]))  # new rows come first
    again = [r.key for r in records(list(source.read(path)))]

    assert set(first) < set(again) and len(again) == len(first) + 1


def test_a_large_export_is_read_with_bounded_memory(tmp_path: Path) -> None:
    """Streamed: the reader grows by under GROWTH_BOUND_MB (it grew 0.15 MB at 30 MB and
    at 100 MB alike) while the file is LARGE_FILE_MB, three times the bound, so a reader
    that held the file's text alone (a byte a character at the least) would exceed it.
    (Was 100 MB against a 40 MB bound: 8-12 s of CPU for the same proof.)"""
    path = tmp_path / "messages.csv"
    count = write_large_messages(path, LARGE_FILE_MB << 20)
    assert path.stat().st_size >= 3 * GROWTH_BOUND_MB << 20

    result = peak_memory_reading("relapp.services.capture.sources.linkedin", path)

    assert result["counts"] == {"Captured": count}
    growth = (int(result["after_kb"]) - int(result["before_kb"])) / 1024  # type: ignore[call-overload]
    assert growth < GROWTH_BOUND_MB, f"reading grew memory by {growth:.1f} MB"
