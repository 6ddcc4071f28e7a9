"""No reader lets an exception out, whatever is wrong with the file: damage found by
mutating generated files (each case below raised once), then a seeded run of random
damage over every format."""

from __future__ import annotations

import random
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from types import ModuleType

import pytest

from relapp.domain.capture.records import Captured, CapturedPerson, CaptureItem, CaptureProblem
from relapp.services.capture.sources import calendar, linkedin, sms, telegram, whatsapp
from tests.capture.generators import calendars, chats, phone
from tests.capture.generators import linkedin as linkedin_files

T = datetime(2023, 12, 31, 21, 41, tzinfo=UTC)


def _samples() -> dict[str, tuple[ModuleType, bytes]]:
    moments = [(datetime(2023, 12, 30, 9, 5), "Carol Roth", "a\nb"), (T, "+49 170 1234567", "x")]
    with tempfile.TemporaryDirectory() as folder:
        zipped = chats.whatsapp_zip(
            Path(folder) / "chat.zip",
            chats.whatsapp_text(moments, "iphone-uk"),
            extra=[("00000012-PHOTO.jpg", b"x" * 500)],
        ).read_bytes()
    return {
        "whatsapp-zip": (whatsapp, zipped),
        "ics": (
            calendar,
            calendars.calendar(
                calendars.event(
                    "a@example.org",
                    datetime(2024, 3, 18, 9),
                    tzid="Europe/Berlin",
                    rrule="FREQ=WEEKLY;COUNT=5",
                    attendees=[("b@example.org", "B", "DECLINED")],
                    exdates=[datetime(2024, 3, 25, 9)],
                ),
                calendars.event("b@example.org", date(2024, 1, 1)),
                timezones=[calendars.BERLIN],
            ),
        ),
        "whatsapp": (whatsapp, chats.whatsapp_text(moments * 3, "iphone-us")),
        "telegram": (
            telegram,
            chats.telegram_json(
                chats.telegram_export(
                    [
                        chats.telegram_chat(
                            "C",
                            "personal_chat",
                            7,
                            [chats.telegram_message(i, T, "C", "user7") for i in range(5)],
                        )
                    ]
                )
            ),
        ),
        "sms": (
            sms,
            phone.smses(
                phone.sms(T, "+49 170", 1), phone.mms(T, 1, "+49", ["+44"]), phone.sms(T, "+4", 2)
            ),
        ),
        "calls": (sms, phone.calls(phone.call(T, "+49", 1, 5), phone.call(T, "+49", 3, 0))),
        "linkedin": (
            linkedin,
            linkedin_files.messages_csv(
                [linkedin_files.message_row("c", "2023-12-31 21:41:05 UTC", ("C", "c"), [])] * 4
            ),
        ),
        "connections": (
            linkedin,
            linkedin_files.connections_csv([["C", "R", "https://x", "", "", "", "31 Dec 2023"]]),
        ),
    }


def _read(module: ModuleType, path: Path) -> list[CaptureItem]:
    items: list[CaptureItem] = list(module.read(path))
    module.sniff(path, path.read_bytes()[: 64 << 10])
    return items


def test_a_telegram_message_without_a_date_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "result.json"
    path.write_bytes(_samples()["telegram"][1].replace(b'"date_unixtime"', b'"x"', 1))
    path.write_bytes(path.read_bytes().replace(b'"date":', b'"y":', 1))

    items = _read(telegram, path)

    assert [p.message for p in items if isinstance(p, CaptureProblem)] == [
        "the message has no date"
    ]
    assert len([r for r in items if isinstance(r, Captured)]) == 4


def test_an_xml_declaration_naming_an_unknown_encoding_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "sms.xml"
    path.write_bytes(_samples()["sms"][1].replace(b"encoding='UTF-8'", b"encoding='UTF-R'"))

    (problem,) = _read(sms, path)

    assert isinstance(problem, CaptureProblem) and "UTF-R" in problem.message


def test_a_header_naming_a_column_twice_does_not_misplace_cells(tmp_path: Path) -> None:
    path = tmp_path / "messages.csv"
    path.write_bytes(_samples()["linkedin"][1].replace(b",FOLDER,", b",SUBJECT,", 1))

    items = _read(linkedin, path)

    assert len([r for r in items if isinstance(r, Captured)]) == 4


@pytest.mark.parametrize("name", sorted(_samples()))
def test_random_damage_never_raises(tmp_path: Path, name: str) -> None:
    module, original = _samples()[name]
    chance = random.Random(f"capture-{name}")
    inserts = [b"\n", b":", b",", b'"', b"{", b"<", b"]", b"\xff", b"&x;", b"-1", b"\x00"]
    path = tmp_path / "damaged"
    for _ in range(200 if name == "whatsapp-zip" else 60):
        data = bytearray(original)
        for _ in range(chance.randint(1, 4)):
            at = chance.randrange(len(data)) if data else 0
            what = chance.random()
            if what < 0.3:
                data[at : at + 1] = bytes([chance.randrange(256)])
            elif what < 0.5:
                del data[at : at + chance.randint(1, 50)]
            elif what < 0.6:
                del data[at:]
            else:
                data[at:at] = chance.choice(inserts)
        path.write_bytes(bytes(data))
        for item in _read(module, path):
            assert isinstance(item, Captured | CapturedPerson | CaptureProblem)
            if isinstance(item, Captured):
                assert item.occurred_at.tzinfo is not None and item.key
