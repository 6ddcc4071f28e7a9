"""Cut a vCard file into cards on its BEGIN:VCARD / END:VCARD lines.

We cut the file ourselves, before any parsing, so that one broken card is isolated from
the others and each card knows the line it starts on. The cut is one regular-expression
scan over the text plus a line count between the markers: linear, and cheap next to the
parsing itself (the pattern starts with a line break, so the scan skips from line to line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from relapp.domain.i18n import N_, _

# A BEGIN or END line, with the line break before it (the text has "\n" line ends only).
_MARKER = re.compile(r"\n((?i:BEGIN|END))[ \t]*:[ \t]*([A-Za-z0-9_-]*)[ \t]*(?=\n|\Z)")
# "AGENT:" with an empty value: vCard 2.1 puts the agent's own card on the next lines.
_AGENT_OPENER = re.compile(r"(?:[A-Za-z0-9_-]+\.)?AGENT(?:;[^:]*)?:[ \t]*$", re.IGNORECASE)
_NON_SPACE = re.compile(r"\S")
_LOST_BEGIN = N_("END:VCARD without a BEGIN:VCARD and without a card before it")


@dataclass(frozen=True, slots=True)
class Chunk:
    """One card's worth of the file.

    Exactly one of ``text`` (a card to parse, BEGIN to END), ``problem`` (why it is
    broken) and ``skipped`` (why it is not a person card) is set. ``notes`` say what was
    mended at the card's edges (a missing BEGIN or END, a stray ``END:``): they become the
    card's first warnings. ``text`` may start with a BEGIN line the file did not have; its
    first real line is then ``line``.
    """

    index: int
    line: int
    text: str = ""
    problem: str = ""
    skipped: str = ""
    notes: tuple[str, ...] = ()
    text_line: int = 0  # the file line of the text's first line (``line`` unless mended)


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


_SYNTHETIC_BEGIN = "BEGIN:VCARD\n"


class _Splitter:
    """The state of one scan: the open card, and the chunks so far."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = _LineCounter(text)
        self.chunks: list[Chunk] = []
        self.open_at = -1  # offset of the open card's BEGIN line, -1 when no card is open
        self.open_line = 0
        self.open_name = ""
        self.depth = 0  # components nested inside the open card (a 2.1 AGENT's card)
        self.last_end = 0
        self.strays: list[tuple[int, int, int]] = []  # stray "END:" lines: start, end, line

    def add(
        self,
        line: int,
        text: str = "",
        problem: str = "",
        skipped: str = "",
        notes: tuple[str, ...] = (),
        text_line: int = 0,
    ) -> None:
        self.chunks.append(
            Chunk(len(self.chunks) + 1, line, text, problem, skipped, notes, text_line or line)
        )

    def begin(self, at: int, name: str) -> None:
        self.open_at, self.open_name, self.depth = at, name, 0
        self.open_line = self.lines.at(at)
        self.strays = []

    def close_open_card(self, end: int, why: str) -> None:
        """Read the open VCARD up to ``end`` although its END:VCARD is missing."""
        if self.strays:  # a stray "END:" stood where END:VCARD belonged: the card ends there
            _start, stray_end, stray_line = self.strays.pop()
            note = _("line {line}: END: taken as the end of this card (END:VCARD)").format(
                line=stray_line
            )
            self.emit(self.text[self.open_at : stray_end], (note,))
        else:
            self.emit(self.text[self.open_at : end], (why,))
        self.open_at = -1

    def emit(self, card: str, notes: tuple[str, ...] = ()) -> None:
        """A VCARD chunk; stray "END:" lines inside it are blanked (line count kept)."""
        if self.strays:
            pieces: list[str] = []
            done = 0
            for start, stop, line in self.strays:
                pieces.append(card[done : start - self.open_at])
                done = stop - self.open_at
                stray = _("line {line}: a stray END: line inside the card; left out")
                notes += (stray.format(line=line),)
            card = "".join(pieces) + card[done:]
            self.strays = []
        self.add(line=self.open_line, text=card, notes=notes)


def split_cards(text: str) -> list[Chunk]:
    """The cards of a file in order, with 1-based indexes and starting lines.

    Cards whose BEGIN or END line is missing, or with a stray ``END:`` line, are read
    with a note rather than dropped: a card ends at its END:VCARD, else at the next
    BEGIN:VCARD or the end of the file; lines before an END:VCARD that has no BEGIN are
    a card of their own.
    """
    state = _Splitter(text)
    lines = state.lines
    # With a line break put in front, a match's start is its line's offset in ``text``
    # and its end is one past the line's end in ``text``.
    for marker in _MARKER.finditer("\n" + text):
        at, end = marker.start(), marker.end() - 1
        begins = marker.group(1).upper() == "BEGIN"
        name = marker.group(2).upper()
        if begins:
            if state.open_at < 0:
                state.begin(at, name)
            elif name == "VCARD" and state.open_name == "VCARD" and not _follows_agent(text, at):
                here = lines.at(at)
                why = _("no END:VCARD before the next BEGIN:VCARD (line {line}); read up to it")
                state.close_open_card(at, why.format(line=here))
                state.begin(at, name)
            else:
                state.depth += 1
            continue
        if state.open_at < 0:
            if name == "VCARD":
                _lost_begin(state, at, end)
            state.last_end = end
            continue
        if not name and state.open_name == "VCARD":
            state.strays.append((at, end, lines.at(at)))
            continue
        if state.depth:
            state.depth -= 1
            continue
        if name != state.open_name:
            state.add(
                line=state.open_line,
                problem=_("ends with END:{name} instead of END:{expected}").format(
                    name=name, expected=state.open_name
                ),
            )
        elif name == "VCARD":
            state.emit(text[state.open_at : end])
        else:
            skipped = _("a {name} component, not a contact card").format(name=name)
            state.add(line=state.open_line, skipped=skipped)
        state.open_at = -1
        state.strays = []
        state.last_end = end
    if state.open_at >= 0:
        if state.open_name == "VCARD":
            state.close_open_card(
                len(text), _("no END:VCARD; the file ends inside this card: what is there was read")
            )
        else:
            state.add(
                line=state.open_line,
                problem=_("no END:{name}; the file ends inside this card").format(
                    name=state.open_name or "VCARD"
                ),
            )
    return state.chunks


def _lost_begin(state: _Splitter, at: int, end: int) -> None:
    """An END:VCARD with no card open: the lines since the last card are a card that lost
    its BEGIN line (read with a note), or, if there are none, a lone END line."""
    text = state.text
    start = _NON_SPACE.search(text, state.last_end, at)
    if start is None:
        state.add(line=state.lines.at(at), problem=_(_LOST_BEGIN))
        return
    first = text.rfind("\n", 0, start.start()) + 1
    line = state.lines.at(first)
    note = _("line {line}: no BEGIN:VCARD line; the card was read from here").format(line=line)
    state.add(
        line=line,
        text=_SYNTHETIC_BEGIN + text[first:end],
        notes=(note,),
        text_line=line - 1,
    )


def _follows_agent(text: str, line_start: int) -> bool:
    """True when the line before ``line_start`` is an "AGENT:" with an empty value."""
    end = line_start - 1
    if end <= 0:
        return False
    start = text.rfind("\n", 0, end) + 1
    return _AGENT_OPENER.match(text, start, end) is not None
