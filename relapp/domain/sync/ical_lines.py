"""iCalendar text as a tree of content lines, for editing in place (issue 16).

Relapp edits a task or journal the server holds by changing only the lines of the
properties it changed; every other line (other apps' ``X-`` properties, extra alarms,
``PRIORITY``, ``VTIMEZONE``…) goes back exactly as it came, folded and escaped as the
server wrote it. This module only splits text into lines and blocks (``BEGIN``/``END``)
and joins them again; what a value means is read with ``icalendar``
(:mod:`relapp.domain.sync.ical_text`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from relapp.domain.errors import RelappError
from relapp.domain.i18n import N_, _


class CalendarItemError(RelappError):
    """A calendar item (a task or a journal entry) cannot be read: which one, which line
    (1-based, None when it is about the whole item), and why."""

    title = N_("Cannot read a calendar item")

    def __init__(self, source: str, line: int | None, message: str) -> None:
        super().__init__(message)
        self.source = source
        self.line = line

    def __str__(self) -> str:
        if self.line is None:
            return _("{item}: {problem}").format(item=self.source, problem=self.message)
        return _("{item}, line {line}: {problem}").format(
            item=self.source, line=self.line, problem=self.message
        )


@dataclass
class Line:
    """One content line: ``raw`` is its text as written (folded lines joined by CRLF and
    their leading space kept), ``name`` its property name in capitals."""

    raw: str
    name: str
    number: int

    def unfolded(self) -> str:
        return "".join(part[1:] if i else part for i, part in enumerate(self.raw.split("\r\n")))


@dataclass
class Block:
    """A component: its ``BEGIN`` and ``END`` lines and what is between, in order."""

    name: str
    begin: Line
    end: Line
    items: list[Line | Block] = field(default_factory=list)

    def lines(self, name: str) -> list[Line]:
        return [i for i in self.items if isinstance(i, Line) and i.name == name]

    def blocks(self, name: str) -> list[Block]:
        return [i for i in self.items if isinstance(i, Block) and i.name == name]

    def replace_property(self, name: str, new: list[Line]) -> None:
        """Put ``new`` where the first ``name`` line was (before ``END`` when there was
        none) and drop every other ``name`` line."""
        at = next(
            (n for n, i in enumerate(self.items) if isinstance(i, Line) and i.name == name),
            None,
        )
        kept = [i for i in self.items if not (isinstance(i, Line) and i.name == name)]
        if at is None:
            insert = next((n for n, i in enumerate(kept) if isinstance(i, Block)), len(kept))
        else:
            insert = sum(1 for i in self.items[:at] if not (isinstance(i, Line) and i.name == name))
        self.items = kept[:insert] + list(new) + kept[insert:]

    def render(self) -> Iterator[str]:
        yield self.begin.raw
        for item in self.items:
            if isinstance(item, Block):
                yield from item.render()
            else:
                yield item.raw
        yield self.end.raw


def _physical_lines(text: str) -> Iterator[tuple[int, str]]:
    yield from enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1)


def _logical_lines(text: str, source: str) -> Iterator[Line]:
    current: list[str] = []
    start = 0
    for number, line in _physical_lines(text):
        if line[:1] in (" ", "\t"):
            if not current:
                raise CalendarItemError(source, number, _("a continuation line starts the text"))
            current.append(line)
            continue
        if current:
            yield _line(current, start, source)
        current, start = ([line], number) if line.strip() else ([], 0)
    if current:
        yield _line(current, start, source)


_NAME = re.compile(r"[A-Za-z0-9-]+")  # RFC 5545 3.1: iana-token / x-name


def _line(parts: list[str], number: int, source: str) -> Line:
    first = parts[0]
    end = min((i for i in (first.find(":"), first.find(";")) if i >= 0), default=-1)
    joined = "".join(p[1:] if i else p for i, p in enumerate(parts))
    if end <= 0 or ":" not in joined or not _NAME.fullmatch(first[:end]):
        excerpt = joined if len(joined) <= 40 else joined[:39] + "…"
        raise CalendarItemError(
            source, number, _("not an iCalendar line: {text}").format(text=repr(excerpt))
        )
    return Line("\r\n".join(parts), first[:end].upper(), number)


def parse_blocks(text: str, source: str) -> Block:
    """The text's one top-level component (a ``VCALENDAR``), as blocks and lines.

    Raises :class:`CalendarItemError` with the line when the text is not iCalendar: a
    line without a name and a colon, a ``BEGIN`` without its ``END`` (or the other way
    round), text outside the component, or more than one top-level component."""
    if not text.strip():
        raise CalendarItemError(source, None, _("the item is empty"))
    stack: list[Block] = []
    root: Block | None = None
    for line in _logical_lines(text, source):
        value = line.unfolded().split(":", 1)[1].strip().upper()
        if line.name == "BEGIN":
            block = Block(value, line, line)
            if stack:
                stack[-1].items.append(block)
            elif root is not None:
                raise CalendarItemError(
                    source, line.number, _("more than one calendar in the item")
                )
            else:
                root = block
            stack.append(block)
        elif line.name == "END":
            if any(b.name == value for b in stack[:-1]) and stack[-1].name != value:
                open_block = stack[-1]
                raise CalendarItemError(
                    source,
                    open_block.begin.number,
                    _(
                        "BEGIN:{component} is never ended (END:{other} on line {line} comes first)"
                    ).format(component=open_block.name, other=value, line=line.number),
                )
            if not stack or stack[-1].name != value:
                if stack:
                    problem = _("END:{found} where END:{expected} was expected").format(
                        found=value, expected=stack[-1].name
                    )
                else:
                    problem = _("END:{found} where nothing was expected").format(found=value)
                raise CalendarItemError(source, line.number, problem)
            stack.pop().end = line
        elif not stack:
            raise CalendarItemError(
                source,
                line.number,
                _("{property} outside any component").format(property=line.name),
            )
        else:
            stack[-1].items.append(line)
    if stack:
        raise CalendarItemError(
            source,
            stack[-1].begin.number,
            _("BEGIN:{component} is never ended").format(component=stack[-1].name),
        )
    if root is None:
        raise CalendarItemError(source, None, _("the item holds no calendar component"))
    return root


def render(root: Block) -> str:
    """The text again, with CRLF line ends (RFC 5545)."""
    return "\r\n".join(root.render()) + "\r\n"
