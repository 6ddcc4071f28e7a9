"""WhatsApp's "Export chat": a ``.txt``, or a ``.zip`` holding it (plus media, never read).

Every message starts a line with its date and time in the phone's locale, e.g.
``12/31/23, 9:41 PM - Name: text`` (Android, US), ``31.12.23, 21:41 - Name: text``,
``[31/12/2023, 21:41:05] Name: text`` (iPhone), ``2023-12-31 21:41 - Name: text``;
lines that do not start so continue the message above. A line without ``Name:`` is
WhatsApp's own ("Messages are end-to-end encrypted", "Bob added Carol") and is skipped.
Only who wrote when is kept: the text is never carried.

Day/month order is decided per file, before any record: a first number above 12 means
day first, a second one above 12 month first; when no date tells, the order under which
the messages run forward in time (exports are in time order); when that does not tell
either, the phone's likely order: month first with a 12-hour clock (US), else day first.
Times carry no zone: they are this machine's local time, as on the phone that exported.
The chat's id is its file name ("WhatsApp Chat with Carol Roth.txt" -> "Carol Roth";
an iPhone's "_chat.txt" takes the zip's name), and that name is a (name-only) party of
every message: the person a one-to-one chat is with.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from itertools import pairwise
from pathlib import Path
from typing import IO, Any

from relapp.domain.capture.records import (
    AddressKind,
    Captured,
    CaptureItem,
    CaptureProblem,
    Party,
    RecordKind,
    SourceKind,
)
from relapp.domain.dates import number_text
from relapp.domain.i18n import _
from relapp.services.capture.sources import _zipsafe

_MARKS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
_DATE = r"(?P<a>\d{1,4})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<c>\d{1,4})\.?"
_TIME = (
    r"(?P<h>\d{1,2})[:.](?P<m>\d{2})(?:[:.](?P<s>\d{2}))?"
    r"(?:\s*(?P<ampm>[AaPp]\.?\s?[Mm]\.?))?"
)
_HEADERS = (
    re.compile(rf"^[{_MARKS}]*\[{_DATE},?\s+{_TIME}\]\s"),  # iPhone
    re.compile(rf"^[{_MARKS}]*{_DATE},?\s+{_TIME}\s[-\u2013]\s"),  # Android
)
_PHONE = re.compile(r"\+?[\d\s().\-\u00a0\u202f\u2011]+")
_CHAT_NAME = re.compile(
    r"^WhatsApp[ _-]?Chat(?:[ _-]+(?:with|mit|con|avec|met|com|med|z))?[ _-]+", re.IGNORECASE
)
# What a damaged zip or an entry packed in a way Python cannot unpack raises.
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError)
_DECIDE_AFTER = 5_000  # headers looked at when no date above 12 tells the order


def _header(line: str) -> re.Match[str] | None:
    """The date and time that start a message's first line, or None."""
    for pattern in _HEADERS:
        match = pattern.match(line)
        if match is not None:
            return match
    return None


def sniff(path: Path, head: bytes) -> SourceKind | None:
    if head.startswith(b"PK\x03\x04"):
        try:
            with _zipsafe.open_zip(path) as archive:
                entries, _ = _zipsafe.checked_entries(archive, str(path))
                entry = _zipsafe.pick(entries, _chat_rank)
                if entry is None:
                    return None
                with archive.open(entry.info) as stream:
                    head = stream.read(4096)
        except (OSError, ValueError, *_ZIP_ERRORS):
            return None
    text = head.decode("utf-8", "replace")
    first = next((line for line in text.splitlines() if line.strip()), "")
    return SourceKind.WHATSAPP if _header(first) else None


def _chat_rank(entry: _zipsafe.Entry) -> int:
    name = entry.name.rsplit("/", 1)[-1]
    if not name.lower().endswith(".txt"):
        return 0
    if name == "_chat.txt":
        return 3
    return 2 if name.lower().startswith("whatsapp") else 1


def chat_id(file_name: str) -> str:
    stem = file_name.rsplit("/", 1)[-1]
    stem = re.sub(r"\.(txt|zip)$", "", stem, flags=re.IGNORECASE)
    stem = re.sub(r"\s*\(\d+\)$", "", stem)  # "… (1)": the same chat exported again
    return _CHAT_NAME.sub("", stem).strip() or stem


def read(path: Path) -> Iterator[CaptureItem]:
    file = str(path)
    try:
        with path.open("rb") as probe:
            zipped = probe.read(4) == b"PK\x03\x04"
        if not zipped:
            yield from _read_chat(file, chat_id(path.name), lambda: path.open("rb"))
            return
        archive = _zipsafe.open_zip(path)
    except (OSError, ValueError, *_ZIP_ERRORS) as error:
        yield CaptureProblem(
            file, _("the file"), _("cannot be opened: {error}").format(error=error)
        )
        return
    with archive:
        entries, problems = _zipsafe.checked_entries(archive, file)
        yield from problems
        entry = _zipsafe.pick(entries, _chat_rank)
        if entry is None:
            yield CaptureProblem(file, _("the zip"), _("it holds no chat text (.txt) to read"))
            return
        name = entry.name.rsplit("/", 1)[-1]
        chat = chat_id(path.name if name == "_chat.txt" else name)
        try:
            yield from _read_chat(f"{file}:{entry.name}", chat, lambda: archive.open(entry.info))
        except (OSError, *_ZIP_ERRORS) as error:  # OSError: offsets pointing nowhere
            yield CaptureProblem(
                file,
                _("entry {name}").format(name=entry.name),
                _("it is damaged: {error}").format(error=error),
            )


def _decoded(
    file: str, lines: Iterable[bytes], problems: list[CaptureProblem]
) -> Iterator[tuple[int, str]]:
    for number, raw in enumerate(lines, start=1):
        try:
            yield number, raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError:
            problems.append(
                CaptureProblem(
                    file,
                    _("line {n}").format(n=number_text(number)),
                    _("not valid UTF-8; read with replacement characters"),
                )
            )
            yield number, raw.decode("utf-8", "replace").rstrip("\r\n")


def _read_chat(file: str, chat: str, opener: Callable[[], IO[bytes]]) -> Iterator[CaptureItem]:
    with opener() as stream:
        day_first = _day_first(_zipsafe.read_lines(stream))
    problems: list[CaptureProblem] = []
    same_moment: dict[tuple[str, str], int] = {}
    moment = ""
    # The one the chat is named after ("WhatsApp Chat with Carol Roth"): a party of
    # every message, so a chat where only I wrote is still with her.
    with_chat = (Party(chat, AddressKind.NAME, name=chat),) if chat else ()
    with opener() as stream:
        for number, line in _decoded(file, _zipsafe.read_lines(stream), problems):
            yield from problems
            problems.clear()
            match = _header(line)
            if match is None:
                continue  # the message above goes on
            fields = match.groupdict()
            author, colon, text = line[match.end() :].partition(": ")
            author = author.strip(_MARKS + " ")
            if (
                not colon
                or not author
                or _quoted(author)
                or (author == chat and text.startswith("\u200e"))
            ):
                continue  # WhatsApp's own line ('Carol changed the subject to "Trip: Rome"')
            where = _("line {n}").format(n=number_text(number))
            try:
                when = _moment(fields, day_first)
            except ValueError as error:
                impossible = _("impossible date or time: {error}").format(error=error)
                yield CaptureProblem(file, where, impossible)
                continue
            stamp = when.isoformat()
            if stamp != moment:
                moment, same_moment = stamp, {}
            nth = same_moment[(stamp, author)] = same_moment.get((stamp, author), 0) + 1
            yield Captured(
                kind=RecordKind.MESSAGE,
                source=SourceKind.WHATSAPP,
                key=f"{chat}#{stamp}#{author}#{nth}",
                occurred_at=when.astimezone(),
                thread=chat,
                sender=_party(author),
                recipients=with_chat,
                subject=chat,
                where=where,
            )
        yield from problems


def _quoted(author: str) -> bool:
    return any(mark in author for mark in '"\u201c\u201d\u201e\u00ab\u00bb')


def _party(author: str) -> Party:
    if _PHONE.fullmatch(author) and sum(ch.isdigit() for ch in author) >= 6:
        return Party(author, AddressKind.PHONE)
    return Party(author, AddressKind.NAME, name=author)


def _day_first(lines: Iterable[bytes]) -> bool | None:
    """True day first, False month first, None year first (see the module's note)."""
    pairs: list[tuple[int, int, int]] = []
    twelve_hour = dotted = False
    for raw in lines:
        match = _header(raw.decode("utf-8", "replace"))
        if match is None:
            continue
        fields = match.groupdict()
        if len(fields["a"] or "") == 4:
            return None
        first, second, year = int(fields["a"] or 0), int(fields["b"] or 0), int(fields["c"] or 0)
        if first > 12:
            return True
        if second > 12:
            return False
        twelve_hour = twelve_hour or fields["ampm"] is not None
        dotted = dotted or fields["sep"] == "."
        if len(pairs) < _DECIDE_AFTER:
            pairs.append((year, first, second))
    backwards_if_day_first = sum(
        (y2, b2, a2) < (y1, b1, a1) for (y1, a1, b1), (y2, a2, b2) in pairwise(pairs)
    )
    backwards_if_month_first = sum(
        (y2, a2, b2) < (y1, a1, b1) for (y1, a1, b1), (y2, a2, b2) in pairwise(pairs)
    )
    if backwards_if_day_first != backwards_if_month_first:
        return backwards_if_day_first < backwards_if_month_first
    return dotted or not twelve_hour


def _moment(fields: dict[str, str | Any], day_first: bool | None) -> datetime:
    a, b, c = int(fields["a"] or 0), int(fields["b"] or 0), int(fields["c"] or 0)
    if day_first is None:
        year, month, day = a, b, c
    else:
        day, month, year = (a, b, c) if day_first else (b, a, c)
    if year < 100:
        year += 2000
    hour, minute, second = int(fields["h"] or 0), int(fields["m"] or 0), int(fields["s"] or 0)
    ampm = (fields["ampm"] or "").lower().replace(".", "").replace(" ", "")
    if ampm:
        if not 1 <= hour <= 12:
            raise ValueError(_("{hour} o'clock with {ampm}").format(hour=hour, ampm=fields["ampm"]))
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    return datetime(year, month, day, hour, minute, second)
