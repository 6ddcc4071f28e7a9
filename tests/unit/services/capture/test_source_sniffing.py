"""Each reader knows its own format by content and says no to every other one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from relapp.domain.capture.records import SourceKind
from relapp.services.capture.sources import calendar, linkedin, sms, telegram, whatsapp
from tests.capture.generators.calendars import calendar as ics
from tests.capture.generators.calendars import event
from tests.capture.generators.chats import (
    telegram_chat,
    telegram_export,
    telegram_json,
    telegram_message,
    whatsapp_text,
    whatsapp_zip,
)
from tests.capture.generators.linkedin import connections_csv, message_row, messages_csv
from tests.capture.generators.phone import call, calls, smses
from tests.capture.generators.phone import sms as sms_element

T = datetime(2023, 12, 31, 21, 41, tzinfo=UTC)
VCARD = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Carol Roth\r\nTEL:+49 170 1234567\r\nEND:VCARD\r\n"
MBOX = b"From carol@example.org Sun Dec 31 21:41:05 2023\nFrom: carol@example.org\n\nhi\n"


def _files(folder: Path) -> dict[str, tuple[Path, SourceKind | None]]:
    """One generated sample of every format, named without a telling extension."""
    chat = whatsapp_text([(T.replace(tzinfo=None), "Carol Roth", "hi")], "iphone-uk")
    samples: dict[str, tuple[bytes, SourceKind | None]] = {
        "ics": (ics(event("a@example.org", T)), SourceKind.ICS),
        "whatsapp-txt": (chat, SourceKind.WHATSAPP),
        "whatsapp-android": (
            whatsapp_text([(T, "Carol", "hi")], "android-de"),
            SourceKind.WHATSAPP,
        ),
        "telegram": (
            telegram_json(
                telegram_export(
                    [telegram_chat("C", "personal_chat", 7, [telegram_message(1, T, "C", "user7")])]
                )
            ),
            SourceKind.TELEGRAM,
        ),
        "sms": (smses(sms_element(T, "+49 170 1234567", 1)), SourceKind.SMS),
        "calls": (calls(call(T, "+49 170 1234567", 1, 10)), SourceKind.CALLS),
        "linkedin-messages": (
            messages_csv([message_row("c", "2023-12-31 21:41:05 UTC", ("C", "c"), [("M", "m")])]),
            SourceKind.LINKEDIN_MESSAGES,
        ),
        "linkedin-connections": (
            connections_csv([["C", "R", "https://x", "", "", "", "31 Dec 2023"]]),
            SourceKind.LINKEDIN_CONNECTIONS,
        ),
        "vcard": (VCARD, None),
        "mbox": (MBOX, None),
        "empty": (b"", None),
        "binary": (bytes(range(256)) * 4, None),
    }
    files = {}
    for name, (data, kind) in samples.items():
        path = folder / f"{name}.data"
        path.write_bytes(data)
        files[name] = (path, kind)
    zipped = whatsapp_zip(folder / "chat.data", chat)
    files["whatsapp-zip"] = (zipped, SourceKind.WHATSAPP)
    return files


READERS: dict[str, Callable[[Path, bytes], SourceKind | None]] = {
    "calendar": calendar.sniff,
    "whatsapp": whatsapp.sniff,
    "telegram": telegram.sniff,
    "sms": sms.sniff,
    "linkedin": linkedin.sniff,
}
OWNS = {
    "calendar": {SourceKind.ICS},
    "whatsapp": {SourceKind.WHATSAPP},
    "telegram": {SourceKind.TELEGRAM},
    "sms": {SourceKind.SMS, SourceKind.CALLS},
    "linkedin": {SourceKind.LINKEDIN_MESSAGES, SourceKind.LINKEDIN_CONNECTIONS},
}


@pytest.mark.parametrize("reader", sorted(READERS))
def test_each_reader_sniffs_its_own_formats_and_no_other(tmp_path: Path, reader: str) -> None:
    sniff = READERS[reader]
    for name, (path, kind) in _files(tmp_path).items():
        head = path.read_bytes()[: 64 << 10]
        expected = kind if kind in OWNS[reader] else None
        assert sniff(path, head) == expected, f"{reader} on {name}"
