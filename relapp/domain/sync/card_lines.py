"""A card as its content lines, kept as written: unfolded, each with its group and
property name read off the front, so a card can be changed line by line and every
line Relapp does not touch goes back to the server exactly as it came."""

from __future__ import annotations

import re
from dataclasses import dataclass

_FOLD = re.compile(r"\r?\n[ \t]")
_LINE_OCTETS = 75


@dataclass(frozen=True)
class Line:
    raw: str  # the unfolded content line, as written
    group: str  # lower-case, "" without one
    name: str  # upper-case

    @property
    def value(self) -> str:
        """The raw value (after the first colon outside quotes)."""
        return self.raw[_value_start(self.raw) :]

    @property
    def head(self) -> str:
        return self.raw[: _value_start(self.raw) - 1]


def _value_start(raw: str) -> int:
    quoted = False
    for i, ch in enumerate(raw):
        if ch == '"':
            quoted = not quoted
        elif ch == ":" and not quoted:
            return i + 1
    return len(raw)


def line(raw: str) -> Line:
    end = len(raw)
    for stop in (";", ":"):
        at = raw.find(stop)
        if at != -1:
            end = min(end, at)
    dotted = raw[:end]
    group, _, name = dotted.rpartition(".")
    return Line(raw, group.lower(), name.upper())


def card_lines(text: str) -> list[Line]:
    """The content lines of the first card in ``text``, without BEGIN and END."""
    unfolded = _FOLD.sub("", text)
    out: list[Line] = []
    inside = False
    for raw in unfolded.splitlines():
        if not raw.strip():
            continue
        parsed = line(raw)
        if parsed.name == "BEGIN" and parsed.value.strip().upper() == "VCARD":
            inside = True
            continue
        if parsed.name == "END" and parsed.value.strip().upper() == "VCARD":
            break
        if inside:
            out.append(parsed)
    return out


def fold(raw: str) -> str:
    """One content line folded at 75 octets (never inside a UTF-8 sequence), CR LF."""
    data = raw.encode()
    if len(data) <= _LINE_OCTETS:
        return raw + "\r\n"
    pieces: list[bytes] = []
    start, limit = 0, _LINE_OCTETS
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:
            end -= 1
        pieces.append(data[start:end])
        start, limit = end, _LINE_OCTETS - 1
    return "\r\n ".join(piece.decode() for piece in pieces) + "\r\n"


def card_text(lines: list[Line]) -> str:
    return "BEGIN:VCARD\r\n" + "".join(fold(x.raw) for x in lines) + "END:VCARD\r\n"
