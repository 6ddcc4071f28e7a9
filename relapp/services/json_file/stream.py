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
MAX_DEPTH = 32
"""Arrays and objects nested deeper than this are refused (a Relapp file nests 4 deep)."""
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_NUMBER_TAIL = re.compile(r"[0-9.eE+-]*")
# A \uD800-\uDFFF escape: perhaps half of a pair, perhaps a lone surrogate (not text).
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abcdefABCDEF]")


class _DuplicateKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    value = dict(pairs)
    if len(value) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return value


_decoder = json.JSONDecoder()
_strict_decoder = json.JSONDecoder(object_pairs_hook=_unique_pairs)


class JsonSyntaxError(ValueError):
    """Not valid JSON (or not a JSON object) at ``line``/``column`` (1-based)."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(f"{message} (line {line}, column {column})")
        self.reason = message
        self.line = line
        self.column = column


class JsonValueError(JsonSyntaxError):
    """Valid JSON that Relapp refuses to read (nesting too deep, a lone surrogate, a key
    given twice, a number too long); ``path`` says where ("people[3].notes")."""

    def __init__(self, message: str, path: str, line: int, column: int) -> None:
        super().__init__(message, line, column)
        self.path = path


def _problem_in(value: Any, path: str) -> tuple[str, str] | None:
    """(path, why) of the first part of a decoded value nested deeper than MAX_DEPTH
    or holding a lone surrogate (in a string or a key); None when there is none."""
    stack: list[tuple[Any, str, int]] = [(value, path, 0)]
    while stack:
        item, where, depth = stack.pop()
        if isinstance(item, str):
            if not _is_text(item):
                return where, "holds a lone surrogate (half of a UTF-16 pair), which is not text"
        elif isinstance(item, dict | list):
            if depth >= MAX_DEPTH:
                return where, f"is nested more than {MAX_DEPTH} levels deep"
            if isinstance(item, list):
                stack.extend((v, f"{where}[{i}]", depth + 1) for i, v in enumerate(item))
                continue
            for key, v in item.items():
                if not _is_text(key):
                    return where, "has a key with a lone surrogate, which is not text"
                stack.append((v, f"{where}.{key}", depth + 1))
    return None


def deep_path(text: str, start: int, path: str) -> str:
    """The path of the first container nested more than MAX_DEPTH deep in the JSON value
    at ``text[start:]`` (found by scanning, not decoding: the decoder ran out of stack)."""
    stack: list[list[Any]] = []  # [kind, path, next index or pending key]
    i, end = start, len(text)
    here = path
    while i < end:
        ch = text[i]
        if ch == '"':
            close = _string_end(text, i)
            if stack and stack[-1][0] == "{" and stack[-1][2] is None:
                stack[-1][2] = json.loads(text[i:close])  # a key: the next value's name
            i = close
            continue
        if ch in "[{":
            if stack:
                top = stack[-1]
                here = f"{top[1]}[{top[2]}]" if top[0] == "[" else f"{top[1]}.{top[2]}"
            if len(stack) >= MAX_DEPTH:
                return here
            stack.append([ch, here, 0 if ch == "[" else None])
        elif ch in "]}":
            if stack:
                stack.pop()
            if not stack:
                break
        elif ch == "," and stack:
            stack[-1][2] = stack[-1][2] + 1 if stack[-1][0] == "[" else None
        i += 1
    return path


def _string_end(text: str, quote: int) -> int:
    """The index just past the string starting at ``quote``."""
    i = quote + 1
    while True:
        i = text.find('"', i)
        if i < 0:
            return len(text)
        backslashes = 0
        while text[i - 1 - backslashes] == "\\":
            backslashes += 1
        i += 1
        if backslashes % 2 == 0:
            return i


def _is_text(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


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
    def __init__(self, handle: TextIO, chunk: int, strict: bool) -> None:
        self.handle = handle
        self.chunk = chunk
        self.decoder = _strict_decoder if strict else _decoder
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

    def value(self, path: str = "") -> tuple[Any, int]:
        """Decode the next JSON value whole (call ``peek`` first); returns it and the
        index in the text where it starts. ``path`` names it in a JsonValueError."""
        want = self.chunk
        while True:
            try:
                value, end = self.decoder.raw_decode(self.text, self.pos)
            except RecursionError:
                where = deep_path(self.text, self.pos, path)
                raise self.refused(f"is nested more than {MAX_DEPTH} levels deep", where) from None
            except _DuplicateKey as exc:
                message = f'has an object in which the key "{_key(exc.key)}" appears twice'
                raise self.refused(message, path) from None
            except json.JSONDecodeError as exc:
                # Perhaps the value goes on past the buffer: read more (doubling, so a
                # large value costs linear time), and only fail at the end of the file.
                if self._fill(want):
                    want *= 2
                    continue
                raise self.error(exc.msg, exc.pos) from None
            except ValueError:  # an integer of more than 4,300 digits
                raise self.refused("holds a number too long to read", path) from None
            # A number that reaches the end of the buffer may go on ("1" of "12", "0" of
            # "0.5"): read more before believing it.
            if (
                not self.eof
                and isinstance(value, int | float)
                and _NUMBER_TAIL.fullmatch(self.text, end) is not None
                and self._fill(want)
            ):
                continue
            start, self.pos = self.pos, end
            if isinstance(value, dict | list | str):
                self._check(value, path, start, end)
            return value, start

    def _check(self, value: Any, path: str, start: int, end: int) -> None:
        """Refuse deep nesting and lone surrogates; two scans in C, a walk only when one
        finds something."""
        text = self.text
        deep = text.count("[", start, end) + text.count("{", start, end) > MAX_DEPTH
        if deep or _SURROGATE_ESCAPE.search(text, start, end) is not None:
            found = _problem_in(value, path)
            if found is not None:
                where, why = found
                line, column = self.where(start)
                raise JsonValueError(why, where, line, column)

    def refused(self, message: str, path: str) -> JsonValueError:
        line, column = self.where(self.pos)
        return JsonValueError(message, path, line, column)


def _key(key: str) -> str:
    return key if _is_text(key) else key.encode("utf-8", "backslashreplace").decode()


def read_members(handle: TextIO, *, chunk: int = CHUNK, strict: bool = True) -> Iterator[Member]:
    """The members of the JSON object in ``handle``, streaming top-level arrays.

    Values nested more than ``MAX_DEPTH`` deep, strings and keys with a lone surrogate,
    and numbers too long to read raise JsonValueError with their path; with ``strict``
    (the default) so does an object with a key given twice (a second pass over a file
    already checked can leave that out: it costs a third of the decoding time).
    """
    buf = _Buffer(handle, chunk, strict)
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
            if not _is_text(key):
                raise buf.refused("a member name with a lone surrogate, which is not text", "")
            if key in seen:
                raise buf.error(f'"{key}" appears twice')
            seen.add(key)
            buf.take(":")
            if buf.peek() == "[":
                yield from _array(buf, key)
            else:
                value, start = buf.value(key)
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
            value, start = buf.value(f"{key}[{index}]")
            yield Member("item", key, buf, start, index=index, value=value)
            index += 1
            if buf.peek() == ",":
                buf.take(",")
                continue
            buf.take("]")
            break
    yield Member("end", key, buf, buf.pos)
