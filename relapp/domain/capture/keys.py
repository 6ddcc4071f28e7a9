"""The keys a capture records where its entries came from (``capture_key``), and the
summary of a call: "mail-thread:<root>#<day>", "chat:<source>:<chat>#<day>",
"call:<source>:<key>", "event:<UID#instance>" for an interaction, "mail:<Message-ID>"
and "msg:<source>:<key>" for a message (docs/capture.md, "Idempotent and undoable").
"""

from __future__ import annotations

from relapp.domain.capture.records import Captured, RecordKind


def group_key(record: Captured, day: str) -> str:
    if record.kind is RecordKind.MAIL:
        return f"mail-thread:{record.thread}#{day}"
    if record.kind is RecordKind.MESSAGE:
        return f"chat:{record.source.value}:{record.thread}#{day}"
    if record.kind is RecordKind.CALL:
        return f"call:{record.source.value}:{record.key}"
    return f"event:{record.key}"


def record_key(record: Captured) -> str:
    if record.kind is RecordKind.MAIL:
        return f"mail:{record.key}"  # the same Message-ID in an mbox and a Maildir
    if record.kind is RecordKind.MESSAGE:
        return f"msg:{record.source.value}:{record.key}"
    return group_key(record, "")


def call_summary(seconds: int | None) -> str:
    if not seconds:
        return "Call"
    if seconds < 60:
        return f"Call, {seconds} s"
    return f"Call, {round(seconds / 60)} min"
