"""The first pass over an ``.ics`` file: where each event is, grouped by UID.

A recurring event and the instances it overrides (same UID, with RECURRENCE-ID) can sit
anywhere in the file, so the reader cannot expand an event before it has seen the whole
file. This pass reads the file line by line and keeps only byte offsets (and the
time zone definitions, which are small); the second pass reads one UID's events at a time.
"""

from __future__ import annotations

import hashlib
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from relapp.domain.capture.records import CaptureProblem
from relapp.domain.dates import number_text
from relapp.domain.i18n import _

LINE_LIMIT = 1 << 20  # a longer physical line is read in pieces (an inline attachment)
TIMEZONE_LIMIT = 1 << 20  # one VTIMEZONE block larger than this is not kept
EVENT_TEXT_LIMIT = 1 << 20  # how much of an event this pass looks at for its UID


@dataclass
class Scan:
    """Every event's place in the file, in file order, in compact arrays (32 bytes each)."""

    uid_hashes: array[int] = field(default_factory=lambda: array("q"))
    starts: array[int] = field(default_factory=lambda: array("q"))  # byte offsets
    ends: array[int] = field(default_factory=lambda: array("q"))
    lines: array[int] = field(default_factory=lambda: array("q"))  # where each begins
    repeated: dict[int, list[int]] = field(default_factory=dict)
    """UID hash -> the indexes of its events, for UIDs with more than one VEVENT
    (a recurring event and its moved instances)."""
    timezones: list[bytes] = field(default_factory=list)  # whole VTIMEZONE blocks
    calendar_properties: list[bytes] = field(default_factory=list)  # X-WR-TIMEZONE
    problems: list[CaptureProblem] = field(default_factory=list)

    def add(self, uid: str, line: int, start: int, end: int) -> None:
        self.uid_hashes.append(uid_hash(uid))
        self.starts.append(start)
        self.ends.append(end)
        self.lines.append(line)


def uid_hash(uid: str) -> int:
    digest = hashlib.blake2b(uid.encode("utf-8", "replace"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _unfolded(lines: list[bytes], name: bytes) -> bytes | None:
    """The value of the first property ``name`` among ``lines`` (folded lines joined)."""
    for index, line in enumerate(lines):
        upper = line[: len(name) + 1].upper()
        if upper in (name + b":", name + b";"):
            value = line.rstrip(b"\r\n")
            for more in lines[index + 1 :]:
                if not more.startswith((b" ", b"\t")):
                    break
                value += more.rstrip(b"\r\n")[1:]
            return value.split(b":", 1)[1] if b":" in value else b""
    return None


def scan(path: Path, stream: BinaryIO) -> Scan:
    result = Scan()
    stack: list[bytes] = []
    in_event = False  # directly inside a VEVENT of a VCALENDAR
    event_lines: list[bytes] = []  # the event's own first lines, for its UID
    event_start = event_line = event_bytes = 0
    timezone: list[bytes] | None = None
    timezone_bytes = 0
    line_number = offset = 0
    while line := stream.readline(LINE_LIMIT):
        line_number += 1
        here, offset = offset, offset + len(line)
        if line[:1] not in (b" ", b"\t"):  # not a folded continuation: a new content line
            word = line.rstrip().upper()
            if word.startswith(b"BEGIN:"):
                name = word[6:]
                if stack == [b"VCALENDAR"]:
                    if name == b"VEVENT":
                        in_event, event_start, event_line = True, here, line_number
                        event_lines, event_bytes = [], 0
                    elif name == b"VTIMEZONE":
                        timezone, timezone_bytes = [], 0
                elif in_event:
                    in_event = False  # a VALARM inside: its lines are not the event's
                stack.append(name)
            elif word.startswith(b"END:") and stack and word[4:] == stack[-1]:
                name = stack.pop()
                if stack == [b"VCALENDAR"] and name == b"VEVENT":
                    result.add(uid_of(event_lines), event_line, event_start, offset)
                    in_event, event_lines = False, []
                    continue
                if stack == [b"VCALENDAR"] and name == b"VTIMEZONE" and timezone is not None:
                    timezone.append(line)
                    if timezone_bytes <= TIMEZONE_LIMIT:
                        result.timezones.append(b"".join(timezone))
                    timezone = None
                    continue
                in_event = stack == [b"VCALENDAR", b"VEVENT"]
            elif stack == [b"VCALENDAR"] and word.startswith(b"X-WR-TIMEZONE"):
                result.calendar_properties.append(line)
        if in_event and event_bytes < EVENT_TEXT_LIMIT:
            event_lines.append(line)
            event_bytes += len(line)
        if timezone is not None and timezone_bytes <= TIMEZONE_LIMIT:
            timezone.append(line)
            timezone_bytes += len(line)
    if b"VEVENT" in stack:
        result.problems.append(
            CaptureProblem(
                str(path),
                _("line {n}").format(n=number_text(event_line)),
                _("the file ends inside this event (truncated)"),
            )
        )
    elif stack:
        result.problems.append(
            CaptureProblem(
                str(path),
                _("line {n}").format(n=number_text(line_number)),
                _("the file ends inside {component} (truncated)").format(
                    component=stack[-1].decode("ascii", "replace")
                ),
            )
        )
    _find_repeated(result)
    return result


def _find_repeated(result: Scan) -> None:
    seen: set[int] = set()
    twice: set[int] = set()
    for value in result.uid_hashes:
        (twice if value in seen else seen).add(value)
    del seen
    for index, value in enumerate(result.uid_hashes):
        if value in twice:
            result.repeated.setdefault(value, []).append(index)


def uid_of(lines: list[bytes]) -> str:
    """The event's UID, or for an event without one a digest of its text."""
    value = _unfolded(lines, b"UID")
    if value:
        return value.decode("utf-8", "replace").strip()
    # No UID (some hand-made files): a digest of the event's own text, stable on re-import.
    digest = hashlib.sha1(b"".join(lines), usedforsecurity=False).hexdigest()[:16]
    return f"no-uid-{digest}"
