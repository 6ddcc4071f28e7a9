"""Reading the capture sections of a Relapp JSON file (``captured``, ``capture_keys``):
which interactions capture wrote, and the keys that keep the same archive from being
captured twice (see docs/json-format.md)."""

from __future__ import annotations

from typing import Any

from relapp.domain.capture.records import SourceKind
from relapp.domain.i18n import _
from relapp.services.json_file.fields import BIG, MISSING, Fields, Line, Problems, shown
from relapp.storage.export_repo import CapturedRecord, CaptureKeyRecord

SOURCES = tuple(s.value for s in SourceKind)
MAX_KEY = 2000  # a Message-ID is at most 998 characters


def decode_captured(
    value: Any, where: str, line: Line, problems: Problems, now: int = 0
) -> CapturedRecord | None:
    f = Fields(value, where, line, problems, _CAPTURED)
    interaction = f.integer("interaction")
    source = f.choice("source", SOURCES)
    count = f.integer("message_count", required=False, default=1)
    duration = _seconds(f)
    if f.failed or interaction is None or source is None or count is None:
        return None
    return CapturedRecord(interaction, source, count, duration)


_CAPTURED = ("interaction", "source", "message_count", "duration_seconds")


def _seconds(f: Fields) -> int | None:
    """A call's duration: a whole number of seconds, 0 or more, or null."""
    value = f.raw("duration_seconds", False)
    if value is MISSING or value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < BIG:
        f.fail(
            _("{field} must be a whole number of seconds or null (found {found})").format(
                field="duration_seconds", found=shown(value)
            )
        )
        return None
    return value


def decode_capture_key(
    value: Any, where: str, line: Line, problems: Problems, now: int = 0
) -> CaptureKeyRecord | None:
    f = Fields(value, where, line, problems, ("key", "interaction"))
    key = f.text("key", required=True, blank=False)
    if len(key) > MAX_KEY:
        f.fail(
            _("{field} is longer than {most} characters").format(field="key", most=f"{MAX_KEY:,}")
        )
    interaction = f.integer("interaction", required=False, nullable=True)
    return None if f.failed else CaptureKeyRecord(key, interaction)
