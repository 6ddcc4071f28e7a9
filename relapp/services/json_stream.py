"""Reading a large JSON object one top-level member, and one array element, at a time.

A Relapp JSON file is one object whose big members are arrays (``"people": [...]``).
``read_members`` walks it with a buffer of about a megabyte and hands out each array
element as it is decoded (by the standard library's C scanner), so a file with a million
interactions is never held in memory whole. Any valid JSON object is accepted, in any
member order. Line numbers, for error messages, are only counted when asked for.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, TextIO

CHUNK = 1 << 20
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_NUMBER_TAIL = re.compile(r"[0-9.eE+-]*")
_decoder = json.JSONDecoder()


class JsonSyntaxError(ValueError):
    """Not valid JSON (or not a JSON object) at ``line``/``column`` (1-based)."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(f"{message} (line {line}, column {column})")
        self.reason = message
        self.line = line
        self.column = column


class Member:
    """A top-level member, or one element of a top-level array.

    ``kind`` is "value" (a member that is not an array: ``value`` is it), "start" (an
    array begins), "item" (element number ``index`` of that array) or "end". ``line()``
    is the line it starts on; ask before reading the next member.
    """

    __slots__ = ("_buffer", "_start", "index", "key", "kind", "value")

    def __init__(
        self, kind: str, key: str, buffer: _Buffer, start: int, index: int = -1, value: Any = None
    ) -> None:
        self.kind = kind
        self.key = key
        self._buffer = buffer
        self._start = start
        self.index = index
        self.value = value

    def line(self) -> int:
        return self._buffer.where(self._start)[0]


class _Buffer:
    def __init__(self, handle: TextIO, chunk: int) -> None:
        self.handle = handle
        self.chunk = chunk
        self.text = ""
        self.pos = 0
        self.eof = False
        # Line counting, done lazily: ``mark_line`` is the line at index ``mark`` of the
        # text, ``mark_start`` the index where that line starts (negative once the start
        # was dropped from the buffer).
        self.mark = 0
        self.mark_line = 1
        self.mark_start = 0
        self.base_line = 1  # the same for index 0, kept across refills
        self.base_start = 0

    def where(self, index: int) -> tuple[int, int]:
        """(line, column) of an index into the current text, 1-based."""
        if index < self.mark:  # before the last question: count from the text's start
            self.mark, self.mark_line, self.mark_start = 0, self.base_line, self.base_start
        newlines = self.text.count("\n", self.mark, index)
        if newlines:
            self.mark_line += newlines
            self.mark_start = self.text.rfind("\n", self.mark, index) + 1
        self.mark = index
        return self.mark_line, index - self.mark_start + 1

    def error(self, message: str, index: int | None = None) -> JsonSyntaxError:
        line, column = self.where(max(self.pos if index is None else index, 0))
        return JsonSyntaxError(message, line, column)

    def _fill(self, size: int) -> bool:
        if self.eof:
            return False
        more = self.handle.read(size)
        if not more:
            self.eof = True
            return False
        line, column = self.where(self.pos)
        self.base_line, self.base_start = line, -(column - 1)
        self.mark, self.mark_line, self.mark_start = 0, line, self.base_start
        self.text = self.text[self.pos :] + more
        self.pos = 0
        return True

    def peek(self) -> str:
        """The next character that is not whitespace ("" at the end of the file)."""
        while True:
            text = self.text
            pos = self.pos
            if pos < len(text) and text[pos] not in " \t\n\r":
                return text[pos]
            pos = _WHITESPACE.match(text, pos).end()  # type: ignore[union-attr]
            self.pos = pos
            if pos < len(text):
                return text[pos]
            if not self._fill(self.chunk):
                return ""

    def take(self, char: str) -> None:
        found = self.peek()
        if found != char:
            shown = f"'{found}'" if found else "the end of the file"
            raise self.error(f"expected '{char}' but found {shown}")
        self.pos += 1

    def value(self) -> tuple[Any, int]:
        """Decode the next JSON value whole (call ``peek`` first); returns it and the
        index in the text where it starts."""
        want = self.chunk
        while True:
            try:
                value, end = _decoder.raw_decode(self.text, self.pos)
            except json.JSONDecodeError as exc:
                # Perhaps the value goes on past the buffer: read more (doubling, so a
                # large value costs linear time), and only fail at the end of the file.
                if self._fill(want):
                    want *= 2
                    continue
                raise self.error(exc.msg, exc.pos) from None
            # A number that reaches the end of the buffer may go on ("1" of "12", "0" of
            # "0.5"): read more before believing it.
            if (
                not self.eof
                and isinstance(value, int | float)
                and _NUMBER_TAIL.match(self.text, end).end() == len(self.text)
                and self._fill(want)
            ):
                continue
            start, self.pos = self.pos, end
            return value, start


def read_members(handle: TextIO, *, chunk: int = CHUNK) -> Iterator[Member]:
    """The members of the JSON object in ``handle``, streaming top-level arrays."""
    buf = _Buffer(handle, chunk)
    if buf.peek() == "":
        raise buf.error("the file is empty")
    buf.take("{")
    seen: set[str] = set()
    if buf.peek() == "}":
        buf.take("}")
    else:
        while True:
            if buf.peek() != '"':
                raise buf.error("expected a member name in double quotes")
            key, _ = buf.value()
            if key in seen:
                raise buf.error(f'"{key}" appears twice')
            seen.add(key)
            buf.take(":")
            if buf.peek() == "[":
                yield from _array(buf, key)
            else:
                value, start = buf.value()
                yield Member("value", key, buf, start, value=value)
            if buf.peek() == ",":
                buf.take(",")
                continue
            buf.take("}")
            break
    if buf.peek() != "":
        raise buf.error("unexpected text after the end of the JSON object")


def _array(buf: _Buffer, key: str) -> Iterator[Member]:
    yield Member("start", key, buf, buf.pos)
    buf.take("[")
    index = 0
    if buf.peek() == "]":
        buf.take("]")
    else:
        while True:
            buf.peek()
            value, start = buf.value()
            yield Member("item", key, buf, start, index=index, value=value)
            index += 1
            if buf.peek() == ",":
                buf.take(",")
                continue
            buf.take("]")
            break
    yield Member("end", key, buf, buf.pos)
