"""Checking the fields of one JSON object from a Relapp JSON file: ``Fields`` reads them
one at a time (a whole number, text, a choice, a time with a zone, a date, a list) and
adds each problem, with where it is and its line, to ``Problems``. The records are put
together from these in ``decode.py``.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

MISSING = object()
BIG = 2**63  # ids are SQLite integers: below 2**63
Line = int | Callable[[], int] | None
"""The line a record starts on, or a function that counts it (only called for a problem)."""
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def tag_key(name: str) -> str:
    """Tag names are unique regardless of ASCII case (as the database compares them)."""
    return name.translate(_ASCII_LOWER)


class Problems:
    """What is wrong with a file, in order, with where; keeps the first ``limit``."""

    def __init__(self, limit: int = 25) -> None:
        self.limit = limit
        self.items: list[str] = []
        self.count = 0

    def add(self, where: str, message: str, line: Line = None) -> None:
        self.count += 1
        if len(self.items) < self.limit:
            if callable(line):
                line = line()
            at = f" (line {line})" if line is not None else ""
            self.items.append(f"{where}: {message}{at}" if where else f"{message}{at}")

    def __bool__(self) -> bool:
        return self.count > 0


def shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "…"


def kind_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"


def choices(options: Iterable[str]) -> str:
    return ", ".join(options)


class Fields:
    """The fields of one JSON object, read one at a time, each problem reported once."""

    def __init__(
        self,
        value: Any,
        where: str,
        line: Line,
        problems: Problems,
        known: tuple[str, ...],
    ) -> None:
        self.where = where
        self.line = line
        self.problems = problems
        self.failed = False
        self.broken = not isinstance(value, dict)  # its fields are not asked for one by one
        if not isinstance(value, dict):
            self.fail("", f"must be an object {{...}}, not {kind_of(value)}")
            self.data: dict[str, Any] = {}
            return
        self.data = value
        for name in value:
            if name not in known:
                self.fail("", f'unknown field "{name}" (known fields: {choices(known)})')

    def fail(self, name: str, message: str) -> None:
        self.failed = True
        self.problems.add(self.where, f"{name} {message}" if name else message, self.line)

    def raw(self, name: str, required: bool) -> Any:
        value = self.data.get(name, MISSING)
        if value is MISSING and required and not self.broken:
            self.fail(name, "is missing")
        return value

    def integer(
        self, name: str, *, required: bool = True, nullable: bool = False, default: Any = None
    ) -> int | None:
        value = self.raw(name, required)
        if value is MISSING:
            return default
        if value is None and nullable:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            allowed = " or null" if nullable else ""
            self.fail(name, f"must be a whole number above 0{allowed} (found {shown(value)})")
            return None
        if value >= BIG:
            self.fail(name, f"is too large (found {value})")
            return None
        return value

    def text(self, name: str, *, required: bool = False, blank: bool = True) -> str:
        value = self.raw(name, required)
        if value is MISSING:
            return ""
        if not isinstance(value, str):
            self.fail(name, f"must be text (found {kind_of(value)})")
            return ""
        if not blank and not value.strip():
            self.fail(name, "must not be empty")
        return value

    def optional_text(self, name: str) -> str | None:
        value = self.raw(name, False)
        if value is MISSING or value is None:
            return None
        if not isinstance(value, str):
            self.fail(name, f"must be text or null (found {kind_of(value)})")
            return None
        return value

    def choice(
        self,
        name: str,
        options: tuple[str, ...],
        *,
        required: bool = True,
        nullable: bool = False,
        default: str | None = None,
    ) -> str | None:
        value = self.raw(name, required)
        if value is MISSING:
            return default
        if value is None and nullable:
            return None
        if value not in options:
            allowed = " (or null)" if nullable else ""
            self.fail(name, f"must be one of {choices(options)}{allowed} (found {shown(value)})")
            return None
        return str(value)

    def time(
        self, name: str, *, required: bool = False, nullable: bool = False, default: Any = None
    ) -> int | None:
        value = self.raw(name, required)
        if value is MISSING:
            return default
        if value is None and nullable:
            return None
        seconds = parse_time(value) if isinstance(value, str) else None
        if seconds is None:
            self.fail(
                name,
                "must be a date and time with a time zone, like "
                f'"2024-05-01T14:30:00Z" (found {shown(value)})',
            )
        return seconds

    def iso_date(self, name: str) -> str | None:
        value = self.raw(name, False)
        if value is MISSING or value is None:
            return None
        try:
            if not isinstance(value, str):
                raise ValueError
            return date.fromisoformat(value).isoformat()
        except ValueError:
            self.fail(name, f'must be a date like "2021-03-14" or null (found {shown(value)})')
            return None

    def items(self, name: str) -> list[Any]:
        value = self.raw(name, False)
        if value is MISSING:
            return []
        if not isinstance(value, list):
            self.fail(name, f"must be a list [...] (found {kind_of(value)})")
            return []
        return value


@functools.lru_cache(maxsize=4096)
def parse_time(text: str) -> int | None:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return None if moment.tzinfo is None else math.floor(moment.timestamp())
