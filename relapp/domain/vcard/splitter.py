"""Cut a vCard file into cards on its BEGIN:VCARD / END:VCARD lines.

We cut the file ourselves, before any parsing, so that one broken card is isolated from
the others and each card knows the line it starts on. The cut is one regular-expression
scan over the text plus a line count between the markers: linear, and cheap next to the
parsing itself (the pattern starts with a line break, so the scan skips from line to line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A BEGIN or END line, with the line break before it (the text has "\n" line ends only).
_MARKER = re.compile(r"\n((?i:BEGIN|END))[ \t]*:[ \t]*([A-Za-z0-9_-]*)[ \t]*(?=\n|\Z)")
# "AGENT:" with an empty value: vCard 2.1 puts the agent's own card on the next lines.
_AGENT_OPENER = re.compile(r"(?:[A-Za-z0-9_-]+\.)?AGENT(?:;[^:]*)?:[ \t]*$", re.IGNORECASE)
_NON_SPACE = re.compile(r"\S")
_LOST_BEGIN = "END:VCARD without a BEGIN:VCARD; the start of this card is missing"


@dataclass(frozen=True, slots=True)
class Chunk:
    """One card's worth of the file.

    Exactly one of ``text`` (a card to parse, BEGIN to END inclusive), ``problem`` (why it
    is broken) and ``skipped`` (why it is not a person card) is set.
    """

    index: int
    line: int
    text: str = ""
    problem: str = ""
    skipped: str = ""


class _LineCounter:
    """Line numbers of increasing offsets, counting each stretch of text once."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._offset = 0
        self._line = 1

    def at(self, offset: int) -> int:
        self._line += self._text.count("\n", self._offset, offset)
        self._offset = offset
        return self._line


def split_cards(text: str) -> list[Chunk]:
    """The cards of a file in order, with 1-based indexes and starting lines."""
    lines = _LineCounter(text)
    chunks: list[Chunk] = []
    open_at = -1  # offset of the open card's BEGIN line, -1 when no card is open
    open_line = 0
    open_name = ""
    depth = 0  # components nested inside the open card (a 2.1 AGENT's card)
    last_end = 0

    def add(line: int, text: str = "", problem: str = "", skipped: str = "") -> None:
        chunks.append(Chunk(len(chunks) + 1, line, text, problem, skipped))

    # With a line break put in front, a match's start is its line's offset in ``text``
    # and its end is one past the line's end in ``text``.
    for marker in _MARKER.finditer("\n" + text):
        at, end = marker.start(), marker.end() - 1
        begins = marker.group(1).upper() == "BEGIN"
        name = marker.group(2).upper()
        if begins:
            if open_at < 0:
                open_at, open_name, depth = at, name, 0
                open_line = lines.at(open_at)
            elif name == "VCARD" and open_name == "VCARD" and not _follows_agent(text, at):
                here = lines.at(at)
                add(
                    line=open_line,
                    problem=f"no END:VCARD before the next BEGIN:VCARD (line {here})",
                )
                open_at, open_line, depth = at, here, 0
            else:
                depth += 1
            continue
        if open_at < 0:
            if name == "VCARD":
                start = _NON_SPACE.search(text, last_end, at)
                line = lines.at(start.start() if start else at)
                add(line=line, problem=_LOST_BEGIN)
            last_end = end
            continue
        if depth:
            depth -= 1
            continue
        if name != open_name:
            add(line=open_line, problem=f"ends with END:{name} instead of END:{open_name}")
        elif name == "VCARD":
            add(line=open_line, text=text[open_at:end])
        else:
            add(line=open_line, skipped=f"a {name} component, not a contact card")
        open_at = -1
        last_end = end
    if open_at >= 0:
        add(
            line=open_line, problem=f"no END:{open_name or 'VCARD'}; the file ends inside this card"
        )
    return chunks


def _follows_agent(text: str, line_start: int) -> bool:
    """True when the line before ``line_start`` is an "AGENT:" with an empty value."""
    end = line_start - 1
    if end <= 0:
        return False
    start = text.rfind("\n", 0, end) + 1
    return _AGENT_OPENER.match(text, start, end) is not None
