"""Values of the JSON format checked in one place: a record's uid, a promise's repeat rule."""

from __future__ import annotations

from relapp.domain.errors import InvalidInput
from relapp.domain.recurrence import check_rule
from relapp.services.json_file.fields import Fields

MAX_UID = 255
"""The longest uid a file may give (vCard and iCalendar UIDs are short in practice)."""


def uid_of(f: Fields) -> str | None:
    """The record's stable uid (optional: files from before uids get new ones)."""
    uid = f.optional_text("uid")
    if uid is not None and (not 0 < len(uid) <= MAX_UID or uid != uid.strip()):
        f.fail("uid", f"must be 1 to {MAX_UID} characters without spaces around them")
        return None
    return uid


def recurrence_of(f: Fields) -> str | None:
    """A promise's repeat rule (an RFC 5545 RRULE value), checked; None: no repeat."""
    value = f.optional_text("recurrence")
    if not value:
        return None
    try:
        return check_rule(value)
    except InvalidInput as exc:
        reason = str(exc.__cause__) if exc.__cause__ is not None else exc.message
        f.fail("recurrence", f"is not a repeat rule Relapp can follow ({reason})")
        return None
