"""Walking a large JSON document from a file while holding only a window of it.

The walker steps through objects and arrays itself and hands whole values (a Telegram
message, a short string) to ``json.JSONDecoder.raw_decode``; a value it does not need is
skipped piece by piece, whatever its size. Memory is the read-ahead window plus the
largest single value decoded (at most ``MAX_VALUE`` characters).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

CHUNK = 1 << 20
MAX_VALUE = 16 << 20  # one decoded value (a message) larger than this is broken
MAX_DEPTH = 200
_SPACE = re.compile(r"[ \t\r\n]*")
_DECODER = json.JSONDecoder()


class JsonBroken(Exception):
    """The document cannot be read on from here."""

    def __init__(self, message: str, offset: int, at_end: bool) -> None:
        super().__init__(message)
        self.offset = offset  # characters from the start of the file
        self.at_end = at_end  # the file ended first: it is truncated


class JsonStream:
    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._buffer = ""
        self._pos = 0
        self._dropped = 0  # characters before the buffer's start
        self._partial = b""  # the bytes of a character cut by a chunk's end
        self._eof = False
        self.invalid_utf8: list[tuple[int, int]] = []
        """Where bytes that are not UTF-8 were replaced: (first, last) character of the
        piece read; each piece is read once, so each stretch is told once."""

    @property
    def offset(self) -> int:
        return self._dropped + self._pos

    def _more(self) -> bool:
        """Read the next chunk into the buffer; False at the end of the file."""
        if self._eof:
            return False
        raw = self._stream.read(CHUNK)
        if not raw:
            self._eof = True
            raw, self._partial = self._partial, b""
            if not raw:
                return False
        else:
            raw, self._partial = self._partial + raw, b""
            cut = _incomplete_tail(raw)
            if cut:
                raw, self._partial = raw[:-cut], raw[-cut:]
        text = raw.decode("utf-8", "replace")
        if "\ufffd" in text and text.count("\ufffd") > raw.count(b"\xef\xbf\xbd"):
            start = self._dropped + len(self._buffer)
            self.invalid_utf8.append((start, start + len(text)))
        self._buffer = self._buffer[self._pos :] + text
        self._dropped += self._pos
        self._pos = 0
        return True

    def broken(self, message: str) -> JsonBroken:
        return JsonBroken(message, self.offset, self._eof and self._pos >= len(self._buffer))

    def peek(self) -> str:
        """The next character that is not white space ("" at the end of the file)."""
        while True:
            match = _SPACE.match(self._buffer, self._pos)
            self._pos = match.end() if match else self._pos
            if self._pos < len(self._buffer):
                return self._buffer[self._pos]
            if not self._more():
                return ""

    def take(self, char: str) -> None:
        found = self.peek()
        if found != char:
            raise self.broken(f"expected {char!r}, found {found or 'the end of the file'!r}")
        self._pos += 1

    def value(self) -> Any:
        """The next whole value, decoded."""
        if self.peek() == "":
            raise self.broken("the file ends where a value should be")
        while True:
            try:
                value, end = _DECODER.raw_decode(self._buffer, self._pos)
            except json.JSONDecodeError as error:
                if len(self._buffer) - self._pos > MAX_VALUE:
                    raise self.broken(f"not JSON: {error.msg}") from None
                if not self._more():
                    raise JsonBroken(f"not JSON: {error.msg}", self.offset, True) from None
                continue
            at_edge = end == len(self._buffer) and not isinstance(value, dict | list)
            if at_edge and self._more():
                continue  # a number may go on in the next chunk
            self._pos = end
            return value

    def members(self) -> Iterator[str]:
        """An object's keys; the caller reads or skips each key's value before the next."""
        self.take("{")
        while True:
            char = self.peek()
            if char == "}":
                self._pos += 1
                return
            if char == ",":
                self._pos += 1
                continue
            key = self.value()
            if not isinstance(key, str):
                raise self.broken("an object key that is not a string")
            self.take(":")
            yield key

    def elements(self) -> Iterator[None]:
        """An array's items; the caller reads or skips each one."""
        self.take("[")
        while True:
            char = self.peek()
            if char == "]":
                self._pos += 1
                return
            if char == ",":
                self._pos += 1
                continue
            if char == "":
                raise self.broken("the file ends inside an array")
            yield None

    def skip(self, depth: int = 0) -> None:
        """Step over the next value, however large, without holding it."""
        if depth > MAX_DEPTH:
            raise self.broken(f"nested more than {MAX_DEPTH} deep")
        char = self.peek()
        if char == "{":
            for _ in self.members():
                self.skip(depth + 1)
        elif char == "[":
            for _ in self.elements():
                self.skip(depth + 1)
        else:
            self.value()

    def resync(self, indent: int) -> bool:
        """After a broken array item: move to the next item written at ``indent`` columns
        (pretty-printed files put every item of an array at one indentation) or to the
        array's end. False at the end of the file."""
        pattern = re.compile(rf"\n {{{indent}}}\{{|\n {{0,{max(indent - 1, 0)}}}\]")
        start = self._pos + 1
        while True:
            match = pattern.search(self._buffer, start)
            if match:
                self._pos = match.end() - 1
                return True
            start = max(len(self._buffer) - indent - 2, self._pos)
            start -= self._pos  # the buffer is re-based by _more
            if not self._more():
                return False
            start = max(start, 0)

    def column(self) -> int:
        """The column of the current position in its line."""
        self.peek()
        return self._pos - (self._buffer.rfind("\n", 0, self._pos) + 1)


def _incomplete_tail(raw: bytes) -> int:
    """How many bytes at the end begin a UTF-8 character that the next chunk completes."""
    for back in range(1, min(4, len(raw)) + 1):
        byte = raw[-back]
        if byte & 0xC0 != 0x80:  # not a continuation byte: a lead byte or ASCII
            need = 2 if byte & 0xE0 == 0xC0 else 3 if byte & 0xF0 == 0xE0 else 4
            return back if byte >= 0xC0 and need > back else 0
    return 0
