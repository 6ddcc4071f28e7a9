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

from relapp.domain.i18n import _, pgettext

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
            self.items.append(located(where, message, line))

    def __bool__(self) -> bool:
        return self.count > 0


def located(where: str, problem: str, line: int | None) -> str:
    """``problem`` with where in the file it is (a JSON path, kept as written) and its line."""
    if where and line is not None:
        return _("{where}: {problem} (line {line})").format(where=where, problem=problem, line=line)
    if where:
        return _("{where}: {problem}").format(where=where, problem=problem)
    if line is not None:
        return _("{problem} (line {line})").format(problem=problem, line=line)
    return problem


def shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "…"


def kind_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return pgettext("kind of JSON value", "a number")
    if isinstance(value, str):
        return pgettext("kind of JSON value", "text")
    if isinstance(value, list):
        return pgettext("kind of JSON value", "a list")
    return pgettext("kind of JSON value", "an object")


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
            self.fail(_("must be an object {{...}}, not {kind}").format(kind=kind_of(value)))
            self.data: dict[str, Any] = {}
            return
        self.data = value
        for name in value:
            if name not in known:
                self.fail(
                    _('unknown field "{field}" (known fields: {known})').format(
                        field=name, known=choices(known)
                    )
                )

    def fail(self, problem: str) -> None:
        """Add ``problem``, a whole message that names the field it is about."""
        self.failed = True
        self.problems.add(self.where, problem, self.line)

    def raw(self, name: str, required: bool) -> Any:
        value = self.data.get(name, MISSING)
        if value is MISSING and required and not self.broken:
            self.fail(_("{field} is missing").format(field=name))
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
            message = (
                _("{field} must be a whole number above 0 or null (found {found})")
                if nullable
                else _("{field} must be a whole number above 0 (found {found})")
            )
            self.fail(message.format(field=name, found=shown(value)))
            return None
        if value >= BIG:
            self.fail(_("{field} is too large (found {found})").format(field=name, found=value))
            return None
        return value

    def text(self, name: str, *, required: bool = False, blank: bool = True) -> str:
        value = self.raw(name, required)
        if value is MISSING:
            return ""
        if not isinstance(value, str):
            self.fail(
                _("{field} must be text (found {kind})").format(field=name, kind=kind_of(value))
            )
            return ""
        if not blank and not value.strip():
            self.fail(_("{field} must not be empty").format(field=name))
        return value

    def optional_text(self, name: str) -> str | None:
        value = self.raw(name, False)
        if value is MISSING or value is None:
            return None
        if not isinstance(value, str):
            self.fail(
                _("{field} must be text or null (found {kind})").format(
                    field=name, kind=kind_of(value)
                )
            )
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
            message = (
                _("{field} must be one of {choices} (or null) (found {found})")
                if nullable
                else _("{field} must be one of {choices} (found {found})")
            )
            self.fail(message.format(field=name, choices=choices(options), found=shown(value)))
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
                _(
                    "{field} must be a date and time with a time zone, like "
                    '"2024-05-01T14:30:00Z" (found {found})'
                ).format(field=name, found=shown(value))
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
            self.fail(
                _('{field} must be a date like "2021-03-14" or null (found {found})').format(
                    field=name, found=shown(value)
                )
            )
            return None

    def items(self, name: str) -> list[Any]:
        value = self.raw(name, False)
        if value is MISSING:
            return []
        if not isinstance(value, list):
            self.fail(
                _("{field} must be a list [...] (found {kind})").format(
                    field=name, kind=kind_of(value)
                )
            )
            return []
        return value


@functools.lru_cache(maxsize=4096)
def parse_time(text: str) -> int | None:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return None if moment.tzinfo is None else math.floor(moment.timestamp())
