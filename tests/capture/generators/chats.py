"""Small generated chat exports (WhatsApp, Telegram) for the readers' tests (no private data)."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

Message = tuple[datetime, str | None, str]  # when, author (None: WhatsApp's own line), text


def _twelve(when: datetime) -> str:
    return f"{(when.hour + 11) % 12 + 1}:{when:%M}\u202f{'AM' if when.hour < 12 else 'PM'}"


WHATSAPP_STYLES: dict[str, Callable[[datetime], str]] = {
    # Android, United States: month first, 12-hour clock with a narrow no-break space.
    "android-us": lambda w: f"{w.month}/{w.day}/{w:%y}, {_twelve(w)} - ",
    # Android, Germany: day first, dots, two-digit year.
    "android-de": lambda w: f"{w:%d.%m.%y}, {w:%H:%M} - ",
    # iPhone, United Kingdom: brackets, seconds, four-digit year.
    "iphone-uk": lambda w: f"[{w:%d/%m/%Y}, {w:%H:%M:%S}] ",
    # iPhone, United States: brackets, 12-hour clock with seconds.
    "iphone-us": lambda w: f"[{w.month}/{w.day}/{w:%y}, {_twelve(w).replace(' ', ':00 ')}] ",
    # Year first (Sweden, Canada...).
    "iso": lambda w: f"{w:%Y-%m-%d} {w:%H:%M} - ",
}


def whatsapp_text(messages: Sequence[Message], style: str = "android-us") -> bytes:
    header = WHATSAPP_STYLES[style]
    lines = []
    for when, author, text in messages:
        lines.append(header(when) + (f"{author}: {text}" if author else text))
    return ("\n".join(lines) + "\n").encode("utf-8")


def whatsapp_zip(
    path: Path,
    chat: bytes,
    *,
    chat_name: str = "_chat.txt",
    extra: Sequence[tuple[str, bytes]] = (),
    encrypted: Sequence[str] = (),
) -> Path:
    """A zip as the phone writes it: the chat text plus media; ``encrypted`` entries get
    the encryption flag (their bytes are not really encrypted: the reader must not try)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(chat_name, chat)
        for name, data in extra:
            archive.writestr(zipfile.ZipInfo(name), data, zipfile.ZIP_DEFLATED)
    if encrypted:
        _flag_encrypted(path, set(encrypted))
    return path


def _flag_encrypted(path: Path, names: set[str]) -> None:
    """Set the "encrypted" bit of these entries in the local and central headers."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.filename in names:
                data[info.header_offset + 6] |= 0x1
        position = archive.start_dir
        while data[position : position + 4] == b"PK\x01\x02":
            size = int.from_bytes(data[position + 28 : position + 30], "little")
            name = bytes(data[position + 46 : position + 46 + size]).decode()
            if name in names:
                data[position + 8] |= 0x1
            extra = int.from_bytes(data[position + 30 : position + 32], "little")
            comment = int.from_bytes(data[position + 32 : position + 34], "little")
            position += 46 + size + extra + comment
    path.write_bytes(bytes(data))


def zip_bomb(path: Path, expanded_bytes: int, chat_name: str = "_chat.txt") -> Path:
    """A zip whose chat entry is ``expanded_bytes`` of zeros: about 1,000 to 1 packed."""
    zeros = bytes(1 << 20)
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open(chat_name, "w", force_zip64=True) as entry,
    ):
        for _ in range(expanded_bytes // len(zeros)):
            entry.write(zeros)
    return path


def write_large_whatsapp(path: Path, at_least_bytes: int) -> int:
    """A chat of at least ``at_least_bytes`` (long multi-line messages); its message count."""
    count = 0
    body = "\n".join(["a line of a long message " * 8] * 20)
    with path.open("wb") as out:
        while out.tell() < at_least_bytes:
            when = datetime(2020, 1, 1, 9).replace(minute=count % 60)
            out.write(whatsapp_text([(when, "Carol Roth", body)] * 100, "android-de"))
            count += 100
    return count


def telegram_message(
    number: int,
    when: datetime,
    author: str | None,
    from_id: str | None,
    text: str = "hello",
    kind: str = "message",
) -> dict[str, object]:
    message: dict[str, object] = {
        "id": number,
        "type": kind,
        "date": when.strftime("%Y-%m-%dT%H:%M:%S"),
        "date_unixtime": str(int(when.timestamp())),
    }
    if kind == "service":
        message.update(actor=author, actor_id=from_id, action="invite_members")
    else:
        message.update({"from": author, "from_id": from_id})
    message["text"] = text
    message["text_entities"] = [{"type": "plain", "text": text}]
    return message


def telegram_chat(
    name: str, chat_type: str, chat_id: int, messages: Sequence[dict[str, object]]
) -> dict[str, object]:
    return {"name": name, "type": chat_type, "id": chat_id, "messages": list(messages)}


def telegram_export(
    chats: Sequence[dict[str, object]], user_id: int | None = 1001
) -> dict[str, object]:
    """A full Telegram Desktop export (Settings > Advanced > Export Telegram data)."""
    export: dict[str, object] = {"about": "Here is the data you requested."}
    if user_id is not None:
        export["personal_information"] = {
            "user_id": user_id,
            "first_name": "Me",
            "last_name": "",
            "phone_number": "+49 170 0000000",
            "bio": "",
        }
    export["contacts"] = {"about": "contacts", "list": [{"first_name": "Carol"}]}
    export["chats"] = {"about": "chats", "list": list(chats)}
    return export


def telegram_json(document: dict[str, object]) -> bytes:
    """As Telegram Desktop writes it: indented, one key per line, UTF-8."""
    return json.dumps(document, indent=1, ensure_ascii=False).encode("utf-8")


def write_large_telegram(path: Path, at_least_bytes: int) -> int:
    """A full export of at least ``at_least_bytes``: a large contacts list to skip, then
    chats of long messages, written in pieces. Returns its message count."""
    head = telegram_json(telegram_export([telegram_chat("Carol Roth", "personal_chat", 7, [])]))
    before_chats, after_messages = head.split(b'"messages": []', 1)
    contact = json.dumps({"first_name": "Someone", "phone_number": "+49 170 0000000"})
    count = 0
    with path.open("wb") as out:
        big_contacts = ",\n".join([contact] * 200_000).encode()
        out.write(before_chats.replace(b'{\n   "first_name": "Carol"\n  }', big_contacts, 1))
        out.write(b'"messages": [\n')
        text = "a long message " * 400
        while out.tell() < at_least_bytes:
            batch = []
            for _ in range(500):
                count += 1
                when = datetime(2023, 1, 1, 9).replace(minute=count % 60, second=count % 59)
                author = ("Carol Roth", "user7") if count % 2 else ("Me", "user1001")
                batch.append(telegram_message(count, when, *author, text=text))
            out.write(b",\n".join(json.dumps(m, indent=1).encode() for m in batch))
            out.write(b",\n")
        out.write(
            json.dumps(telegram_message(count + 1, datetime(2023, 2, 1), "Me", "user1001")).encode()
        )
        count += 1
        out.write(b"\n]" + after_messages)
    return count
