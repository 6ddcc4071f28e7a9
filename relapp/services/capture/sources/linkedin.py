"""LinkedIn's data export: ``messages.csv`` (messages) and ``Connections.csv`` (people).

Columns are found by their header's name, not their place, since LinkedIn adds some over
the years. ``messages.csv``: CONVERSATION ID, FROM, SENDER PROFILE URL, TO, RECIPIENT
PROFILE URLS, DATE ("2023-12-31 21:41:05 UTC"), SUBJECT (or CONVERSATION TITLE); drafts
are left out and CONTENT is never carried. The exporter is the one profile URL that is a
party to every message (a first, quick pass): their messages are ``from_me``.
``Connections.csv`` starts with "Notes:" lines before its header: First Name, Last Name,
URL, Email Address, Company, Position, Connected On ("31 Dec 2023").

Read a line at a time (memory bounded); a line that is not UTF-8 is read with
replacement characters and reported, a row the CSV reader or the header cannot make sense
of is reported and skipped.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import BinaryIO

from relapp.domain.capture.records import (
    AddressKind,
    Captured,
    CapturedPerson,
    CaptureItem,
    CaptureProblem,
    Party,
    RecordKind,
    SourceKind,
)
from relapp.domain.dates import number_text
from relapp.domain.i18n import _

_MESSAGE_COLUMNS = ("CONVERSATION ID", "FROM", "SENDER PROFILE URL", "DATE")
_CONNECTION_COLUMNS = ("FIRST NAME", "LAST NAME", "URL")
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_HEADER_WITHIN = 20  # Connections.csv's header comes after a few lines of notes


def _lines(head: bytes) -> list[str]:
    return head.decode("utf-8-sig", "replace").splitlines()[:_HEADER_WITHIN]


def sniff(path: Path, head: bytes) -> SourceKind | None:
    lines = _lines(head)
    if lines and all(column in lines[0].upper() for column in _MESSAGE_COLUMNS):
        return SourceKind.LINKEDIN_MESSAGES
    for line in lines:
        upper = line.upper()
        if upper.startswith("FIRST NAME,LAST NAME,") and "CONNECTED ON" in upper:
            return SourceKind.LINKEDIN_CONNECTIONS
    return None


def read(path: Path) -> Iterator[CaptureItem]:
    file = str(path)
    try:
        stream = path.open("rb")
    except OSError as error:
        yield CaptureProblem(
            file, _("the file"), _("cannot be opened: {error}").format(error=error.strerror)
        )
        return
    with stream:
        kind = sniff(path, stream.read(64 << 10))
        stream.seek(0)
        if kind is None:
            yield CaptureProblem(
                file,
                _("line {n}").format(n=1),
                _("not a LinkedIn messages.csv or Connections.csv"),
            )
            return
        rows = _Rows(file, kind)
        if kind is SourceKind.LINKEDIN_MESSAGES:
            rows.own = _exporter(stream)
            stream.seek(0)
        yield from rows.read(stream)


class _Rows:
    def __init__(self, file: str, kind: SourceKind) -> None:
        self.file = file
        self.kind = kind
        self.problems: list[CaptureProblem] = []
        self.header: dict[str, int] = {}
        self.width = 0  # the header's number of fields
        self.moment = ""
        self.seen: dict[str, int] = {}
        self.own: str | None = None  # the exporter's profile URL, when the file tells

    def _decoded(self, stream: BinaryIO) -> Iterator[str]:
        number = 0
        while raw := stream.readline(1 << 20):
            number += 1
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError:
                self.problems.append(
                    CaptureProblem(
                        self.file,
                        _("line {n}").format(n=number_text(number)),
                        _("not valid UTF-8; read with replacement characters"),
                    )
                )
                yield raw.decode("utf-8", "replace")

    def read(self, stream: BinaryIO) -> Iterator[CaptureItem]:
        reader = csv.reader(self._decoded(stream))
        while True:
            where = _("line {n}").format(n=number_text(reader.line_num + 1))
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as error:
                row = None
                broken = _("broken CSV row: {error}").format(error=error)
                self.problems.append(CaptureProblem(self.file, where, broken))
            yield from self.problems
            self.problems.clear()
            if row is None or not any(cell.strip() for cell in row):
                continue
            if not self.header:
                self._header(row)
                continue
            if len(row) != self.width:
                yield CaptureProblem(
                    self.file,
                    where,
                    _("the row has {n} fields, the header {width} (cut short?)").format(
                        n=len(row), width=self.width
                    ),
                )
                continue
            try:
                item = self._item(row, where)
            except ValueError as error:
                yield CaptureProblem(self.file, where, str(error))
                continue
            if item is not None:
                yield item
        yield from self.problems
        if not self.header:
            yield CaptureProblem(self.file, _("the file"), _("no header row found"))

    def _header(self, row: list[str]) -> None:
        names = [cell.strip().upper() for cell in row]
        wanted = (
            _MESSAGE_COLUMNS if self.kind is SourceKind.LINKEDIN_MESSAGES else _CONNECTION_COLUMNS
        )
        if all(name in names for name in wanted):
            self.header = {name: index for index, name in enumerate(names)}
            self.width = len(names)

    def _cell(self, row: list[str], name: str) -> str:
        index = self.header.get(name)
        return row[index].strip() if index is not None else ""

    def _item(self, row: list[str], where: str) -> CaptureItem | None:
        if self.kind is SourceKind.LINKEDIN_MESSAGES:
            return self._message(row, where)
        return self._person(row, where)

    def _message(self, row: list[str], where: str) -> Captured | None:
        if self._cell(row, "IS MESSAGE DRAFT").lower() in ("yes", "true"):
            return None
        conversation = self._cell(row, "CONVERSATION ID")
        if not conversation:
            raise ValueError(_("the message has no conversation id"))
        when = _moment(self._cell(row, "DATE"))
        name, url = self._cell(row, "FROM"), self._cell(row, "SENDER PROFILE URL")
        sender = _party(url, name)
        stamp = when.isoformat()
        if stamp != self.moment:
            self.moment, self.seen = stamp, {}
        base = f"{conversation}#{stamp}#{url or name}"
        nth = self.seen[base] = self.seen.get(base, 0) + 1
        return Captured(
            kind=RecordKind.MESSAGE,
            source=SourceKind.LINKEDIN_MESSAGES,
            key=f"{base}#{nth}",
            occurred_at=when,
            thread=conversation,
            sender=sender,
            recipients=self._recipients(row),
            from_me=None if self.own is None else url == self.own,
            subject=self._cell(row, "SUBJECT") or self._cell(row, "CONVERSATION TITLE"),
            where=where,
        )

    def _recipients(self, row: list[str]) -> tuple[Party, ...]:
        urls = [u.strip() for u in self._cell(row, "RECIPIENT PROFILE URLS").split(",")]
        urls = [u for u in urls if u]
        names = [n.strip() for n in self._cell(row, "TO").split(",")]
        if len(names) != len(urls):  # a name with a comma in it: names cannot be paired
            names = [names[0] if len(urls) == 1 else ""] * len(urls)
        if not urls:
            return tuple(_party("", n) for n in names if n)
        return tuple(_party(url, name) for url, name in zip(urls, names, strict=True))

    def _person(self, row: list[str], where: str) -> CapturedPerson | None:
        first, last = self._cell(row, "FIRST NAME"), self._cell(row, "LAST NAME")
        url = self._cell(row, "URL")
        if not (first or last or url):
            return None  # someone who hides their name from exports
        connected = self._cell(row, "CONNECTED ON")
        return CapturedPerson(
            source=SourceKind.LINKEDIN_CONNECTIONS,
            first_name=first,
            last_name=last,
            email=self._cell(row, "EMAIL ADDRESS"),
            profile_url=url,
            organisation=self._cell(row, "COMPANY"),
            title=self._cell(row, "POSITION"),
            connected_on=_day(connected) if connected else None,
            where=where,
        )


def _exporter(stream: BinaryIO) -> str | None:
    """The profile URL that is a party (sender or recipient) to every message: the
    person who exported them. None when that is not one URL (a file of one
    conversation between two people names both in every row)."""
    lines = (raw.decode("utf-8-sig", "replace") for raw in iter(stream.readline, b""))
    reader = csv.reader(lines)
    header: dict[str, int] = {}
    width = 0
    counts: Counter[str] = Counter()
    rows = 0
    try:
        for row in reader:
            names = [cell.strip().upper() for cell in row]
            if not header:
                if all(name in names for name in _MESSAGE_COLUMNS):
                    header = {name: index for index, name in enumerate(names)}
                    width = len(names)
                continue
            if len(row) != width:
                continue
            sender = row[header["SENDER PROFILE URL"]].strip()
            index = header.get("RECIPIENT PROFILE URLS")
            recipients = row[index].split(",") if index is not None else []
            counts.update({url.strip() for url in [sender, *recipients]} - {""})
            rows += 1
    except csv.Error:
        return None  # the reading pass reports it
    everywhere = [url for url, seen in counts.items() if seen == rows]
    return everywhere[0] if rows and len(everywhere) == 1 else None


def _party(url: str, name: str) -> Party:
    if url:
        return Party(url, AddressKind.PROFILE_URL, name=name)
    return Party(name, AddressKind.NAME, name=name)


def _moment(text: str) -> datetime:
    """ "2023-12-31 21:41:05 UTC" (LinkedIn writes UTC)."""
    value = text.removesuffix("UTC").strip()
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(_("impossible or missing date {text}").format(text=repr(text))) from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _day(text: str) -> date:
    """ "31 Dec 2023" (English month names whatever the locale), or "2023-12-31"."""
    parts = text.split()
    try:
        if len(parts) == 3 and parts[1][:3].lower() in _MONTHS:
            return date(int(parts[2]), _MONTHS[parts[1][:3].lower()], int(parts[0]))
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(_("impossible or missing date {text}").format(text=repr(text))) from None
