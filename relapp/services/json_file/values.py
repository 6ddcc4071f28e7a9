"""Values of the JSON format checked in one place: a record's uid, a person's tags and photo,
a promise's repeat rule."""

from __future__ import annotations

import base64
import binascii

from relapp.domain.errors import InvalidInput
from relapp.domain.i18n import _
from relapp.domain.promise_model import named_zone
from relapp.domain.recurrence import check_rule
from relapp.services.json_file.fields import MISSING, Fields, shown, tag_key

MAX_UID = 255
"""The longest uid a file may give (vCard and iCalendar UIDs are short in practice)."""


def uid_of(f: Fields) -> str | None:
    """The record's stable uid (optional: files from before uids get new ones)."""
    uid = f.optional_text("uid")
    if uid is not None and (not 0 < len(uid) <= MAX_UID or uid != uid.strip()):
        f.fail(
            _("{field} must be 1 to {most} characters without spaces around them").format(
                field="uid", most=MAX_UID
            )
        )
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
        f.fail(
            _("{field} is not a repeat rule Relapp can follow ({reason})").format(
                field="recurrence", reason=reason
            )
        )
        return None


def zone_name_of(f: Fields) -> str | None:
    """A promise's own time zone (an IANA name such as "America/New_York"); None: the
    user's."""
    value = f.optional_text("time_zone")
    if not value:
        return None
    if named_zone(value) is None:
        f.fail(_("{field} is not a known time zone").format(field="time_zone"))
        return None
    return value


def tags_of(f: Fields) -> tuple[str, ...]:
    """A person's tag names, each once (regardless of ASCII case)."""
    names: list[str] = []
    seen: set[str] = set()
    for i, name in enumerate(f.items("tags")):
        if not isinstance(name, str) or not name.strip():
            f.fail(
                _("{field} must be a tag name (found {found})").format(
                    field=f"tags[{i}]", found=shown(name)
                )
            )
        elif tag_key(name) in seen:
            f.fail(
                _("{field} names the tag {tag} twice").format(field=f"tags[{i}]", tag=shown(name))
            )
        else:
            seen.add(tag_key(name))
            names.append(name)
    return tuple(names)


def photo_of(f: Fields) -> bytes | None:
    """A person's photo from its base64 text; None: no photo."""
    value = f.raw("photo", False)
    if value is MISSING or value is None:
        return None
    try:
        if not isinstance(value, str):
            raise ValueError
        return base64.b64decode(value, validate=True)
    except (ValueError, binascii.Error):
        f.fail(_("{field} must be an image in base64 text, or null").format(field="photo"))
        return None
