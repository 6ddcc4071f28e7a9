"""Android "SMS Backup & Restore": ``sms.xml`` (``<smses>``: sms and mms) and ``calls.xml``
(``<calls>``).

Texts: ``sms`` type 1 received, 2 sent (drafts, outbox, failed and queued ones were never
exchanged and are left out); ``mms`` msg_box 1 / 2 likewise, the sender and recipients
from its ``addrs``. Calls: type 1 incoming, 2 outgoing, 3 missed, 4 voicemail (missed),
5 rejected (missed), 7 answered on another device (incoming); 6 blocked and calls from a
hidden number are left out. Times are the file's milliseconds since 1970 (UTC).

Memory stays bounded: the file is fed to the XML parser one line at a time and each
message is dropped once read (an MMS with a large inline picture is held while it is read).
A file declaring a DTD is refused before any of it is parsed: entities ("billion laughs")
cannot expand. A line the parser rejects is a problem; reading starts again at the next
line that begins a message.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO
from xml.etree import ElementTree

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

_ROOTS = {"smses": SourceKind.SMS, "calls": SourceKind.CALLS}
_FIRST_ELEMENT = re.compile(rb"<(?![?!])([A-Za-z_][\w.:-]*)")
_MESSAGE_START = re.compile(rb"\s*<(sms|mms|call)[\s/>]")
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)")
_LINE_LIMIT = 1 << 20  # a longer line (an MMS picture) is fed in pieces
_NO_NUMBER = {"", "-1", "-2", "-3", "null", "private", "unknown"}
_FROM, _TO, _CC, _BCC = "137", "151", "130", "129"


def sniff(path: Path, head: bytes) -> SourceKind | None:
    text = re.sub(rb"<!--.*?-->", b"", head, flags=re.DOTALL)
    match = _FIRST_ELEMENT.search(text)
    return _ROOTS.get(match.group(1).decode("ascii")) if match else None


def read(path: Path) -> Iterator[CaptureItem]:
    try:
        stream = path.open("rb")
    except OSError as error:
        yield CaptureProblem(
            str(path),
            _("the file"),
            _("cannot be opened: {error}").format(error=error.strerror),
        )
        return
    with stream:
        yield from _Reader(str(path)).run(stream)


def _number(value: str) -> str:
    """The number's digits (and a leading +): one thread however the file spaces it."""
    return re.sub(r"[^\d+]", "", value)


def _party(address: str, contact: str) -> Party:
    name = "" if contact.strip() in ("", "(Unknown)", "null") else contact.strip()
    return Party(address.strip(), AddressKind.PHONE, name=name)


def _millis(element: ElementTree.Element) -> tuple[int, datetime]:
    raw = element.get("date", "")
    try:
        millis = int(raw)
        return millis, datetime.fromtimestamp(millis / 1000, UTC)
    except (ValueError, OverflowError, OSError):
        raise ValueError(_("no readable date ({value})").format(value=repr(raw))) from None


class _Reader:
    def __init__(self, file: str) -> None:
        self.file = file
        self.line = 0
        self.root: ElementTree.Element | None = None  # the first root: its tag restarts
        self.current: ElementTree.Element | None = None  # the root the parser builds now
        self.depth = 0
        self.seen: dict[str, int] = {}  # key -> how many so far at that millisecond
        self.moment = -1

    def _parser(self, reopen: bool) -> ElementTree.XMLPullParser[ElementTree.Element]:
        parser: ElementTree.XMLPullParser[ElementTree.Element]
        parser = ElementTree.XMLPullParser(events=("start", "end"))
        if reopen and self.root is not None:
            parser.feed(f"<{self.root.tag}>".encode())
            self.depth = 0
        return parser

    def problem(self, message: str) -> CaptureProblem:
        return CaptureProblem(self.file, self.where(), message)

    def where(self) -> str:
        return _("line {n}").format(n=number_text(self.line))

    def run(self, stream: BinaryIO) -> Iterator[CaptureItem]:
        parser = self._parser(reopen=False)
        skipping = False
        ended_line = True
        while piece := stream.readline(_LINE_LIMIT):
            if ended_line:
                self.line += 1
            ended_line = piece.endswith(b"\n")
            if self.root is None and _DTD.search(piece):
                yield self.problem(
                    _("the file declares a DTD (its entities could expand without end); not read")
                )
                return
            if skipping:
                if not _MESSAGE_START.match(piece):
                    continue
                parser, skipping = self._parser(reopen=True), False
            try:
                parser.feed(piece)
                yield from self._events(parser)
            except (ElementTree.ParseError, LookupError) as error:  # LookupError: encoding=
                if self.root is None:
                    yield self.problem(
                        _("not an XML file SMS Backup & Restore writes: {error}").format(
                            error=error
                        )
                    )
                    return
                yield self.problem(
                    _("broken XML, skipped to the next message: {error}").format(error=error)
                )
                skipping = True
            except _NotABackup as error:
                yield self.problem(str(error))
                return
        if self.root is None:
            yield self.problem(_("the file holds no messages or calls"))
        elif not skipping and self.depth > 0:
            yield self.problem(_("the file ends early (truncated)"))

    def _events(
        self, parser: ElementTree.XMLPullParser[ElementTree.Element]
    ) -> Iterator[CaptureItem]:
        for pair in parser.read_events():
            if not isinstance(pair, tuple) or not isinstance(pair[-1], ElementTree.Element):
                continue  # only start and end events (of elements) are asked for
            event, element = str(pair[0]), pair[-1]
            if event == "start":
                self.depth += 1
                if self.depth == 1:  # the root (again, after a restart)
                    if element.tag not in _ROOTS:
                        raise _NotABackup(f"<{element.tag}> is not SMS Backup & Restore's")
                    self.root = self.root or element
                    self.current = element
                continue
            self.depth -= 1
            if self.depth == 1 and self.current is not None:
                item = self._item(element)
                if item is not None:
                    yield item
                self.current.clear()  # drop the message just read

    def _item(self, element: ElementTree.Element) -> CaptureItem | None:
        try:
            if element.tag == "sms":
                return self._sms(element)
            if element.tag == "mms":
                return self._mms(element)
            if element.tag == "call":
                return self._call(element)
        except ValueError as error:
            return self.problem(
                _("<{element}> {problem}").format(element=element.tag, problem=error)
            )
        return None

    def _key(self, millis: int, *parts: str) -> str:
        if millis != self.moment:
            self.moment, self.seen = millis, {}
        base = "#".join((str(millis), *parts))
        nth = self.seen[base] = self.seen.get(base, 0) + 1
        return base if nth == 1 else f"{base}#{nth}"

    def _sms(self, element: ElementTree.Element) -> Captured | None:
        kind = element.get("type", "")
        if kind not in ("1", "2"):
            return None
        address = element.get("address", "")
        if _number(address) == "":
            raise ValueError(_("has no phone number"))
        millis, when = _millis(element)
        party = _party(address, element.get("contact_name", ""))
        sent = kind == "2"
        return Captured(
            kind=RecordKind.MESSAGE,
            source=SourceKind.SMS,
            key=self._key(millis, "sms", _number(address), kind),
            occurred_at=when,
            thread=_number(address),
            sender=None if sent else party,
            recipients=(party,) if sent else (),
            from_me=sent,
            where=self.where(),
        )

    def _mms(self, element: ElementTree.Element) -> Captured | None:
        box = element.get("msg_box", "")
        if box not in ("1", "2"):
            return None
        millis, when = _millis(element)
        sender: Party | None = None
        recipients: list[Party] = []
        for addr in element.iter("addr"):
            address = addr.get("address", "")
            if _number(address) == "" or "token" in address:
                continue
            party = _party(address, "")
            if addr.get("type") == _FROM:
                sender = party
            elif addr.get("type") in (_TO, _CC, _BCC):
                recipients.append(party)
        numbers = sorted({_number(a) for a in element.get("address", "").split("~")} - {""})
        if not numbers:
            raise ValueError(_("has no phone number"))
        sent = box == "2"
        if sent:
            sender = None
        elif sender is not None:
            recipients = [p for p in recipients if _number(p.address) != _number(sender.address)]
        thread = "~".join(numbers)
        return Captured(
            kind=RecordKind.MESSAGE,
            source=SourceKind.SMS,
            key=self._key(millis, "mms", thread, box),
            occurred_at=when,
            thread=thread,
            sender=sender,
            recipients=tuple(recipients),
            from_me=sent,
            where=self.where(),
        )

    def _call(self, element: ElementTree.Element) -> Captured | None:
        kind = element.get("type", "")
        number = element.get("number", "")
        if kind not in ("1", "2", "3", "4", "5", "7") or number.strip().lower() in _NO_NUMBER:
            return None
        millis, when = _millis(element)
        try:
            duration = int(element.get("duration", "0") or "0")
        except ValueError:
            shown = repr(element.get("duration"))
            raise ValueError(_("has no readable duration ({value})").format(value=shown)) from None
        party = _party(number, element.get("contact_name", ""))
        outgoing = kind == "2"
        return Captured(
            kind=RecordKind.CALL,
            source=SourceKind.CALLS,
            key=self._key(millis, "call", _number(number), kind),
            occurred_at=when,
            thread=_number(number),
            sender=None if outgoing else party,
            recipients=(party,) if outgoing else (),
            from_me=outgoing,
            duration_seconds=duration,
            missed=kind in ("3", "4", "5"),
            where=self.where(),
        )


class _NotABackup(Exception):
    pass
