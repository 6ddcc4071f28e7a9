"""Stored records as the JSON objects of the Relapp JSON format (see docs/json-format.md)."""

from __future__ import annotations

import base64
import functools
from datetime import UTC, datetime
from typing import Any

from relapp.storage.export_repo import (
    CapturedRecord,
    CaptureKeyRecord,
    InteractionRecord,
    IntroductionRecord,
    PersonRecord,
    PromiseRecord,
    SettingRecord,
    TagRecord,
)


def timestamp(seconds: int | None) -> str | None:
    """Unix seconds as ISO 8601 in UTC ("2024-05-01T14:30:00Z")."""
    if seconds is None:
        return None
    return _timestamp(seconds)


@functools.lru_cache(maxsize=1024)
def _timestamp(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat().replace("+00:00", "Z")


def setting_json(setting: SettingRecord) -> dict[str, Any]:
    return {"key": setting.key, "value": setting.value}


def tag_json(tag: TagRecord) -> dict[str, Any]:
    return {"id": tag.id, "name": tag.name}


def person_json(p: PersonRecord) -> dict[str, Any]:
    birthday = (
        {"month": p.birthday_month, "day": p.birthday_day, "year": p.birthday_year}
        if p.birthday_month and p.birthday_day
        else None
    )
    return {
        "id": p.id,
        "display_name": p.display_name,
        "given_name": p.given_name,
        "family_name": p.family_name,
        "nickname": p.nickname,
        "organisation": p.organisation,
        "title": p.title,
        "birthday": birthday,
        "met_on": p.met_on,
        "met_how": p.met_how,
        "preferred_channel": p.preferred_channel,
        "avoid_channels": [c for c in p.avoid_channels.split(",") if c],
        "cadence_days": p.cadence_days,
        "notes": p.notes,
        "tags": list(p.tags),
        "contact_points": [
            {"id": c.id, "kind": c.kind, "label": c.label, "value": c.value}
            for c in p.contact_points
        ],
        "photo": base64.b64encode(p.photo).decode("ascii") if p.photo is not None else None,
        "anniversary": (
            {"month": p.anniversary_month, "day": p.anniversary_day, "year": p.anniversary_year}
            if p.anniversary_month and p.anniversary_day
            else None
        ),
        "created_at": timestamp(p.created_at),
        "updated_at": timestamp(p.updated_at),
        "archived_at": timestamp(p.archived_at),
        "uid": p.uid,
    }


def interaction_json(i: InteractionRecord) -> dict[str, Any]:
    return {
        "id": i.id,
        "occurred_at": timestamp(i.occurred_at),
        "channel": i.channel,
        "direction": i.direction,
        "kind": i.kind,
        "summary": i.summary,
        "notes": i.notes,
        "people": list(i.person_ids),
        "created_at": timestamp(i.created_at),
        "uid": i.uid,
    }


def introduction_json(r: IntroductionRecord) -> dict[str, Any]:
    return {
        "id": r.id,
        "introducer": r.introducer_id,
        "person_a": r.person_a_id,
        "person_b": r.person_b_id,
        "occurred_on": r.occurred_on,
        "context": r.context,
        "interaction": r.interaction_id,
        "created_at": timestamp(r.created_at),
        "uid": r.uid,
    }


def promise_json(r: PromiseRecord) -> dict[str, Any]:
    return {
        "id": r.id,
        "person": r.person_id,
        "promiser": r.promiser,
        "what": r.what,
        "channel": r.channel,
        "due_at": timestamp(r.due_at),
        "status": r.status,
        "snoozed_until": timestamp(r.snoozed_until),
        "last_notified_at": timestamp(r.last_notified_at),
        "done_at": timestamp(r.done_at),
        "interaction": r.interaction_id,
        "created_at": timestamp(r.created_at),
        "uid": r.uid,
        "recurrence": r.recurrence,
        "time_zone": r.time_zone,
    }


def captured_json(r: CapturedRecord) -> dict[str, Any]:
    return {
        "interaction": r.interaction_id,
        "source": r.source,
        "message_count": r.message_count,
        "duration_seconds": r.duration_seconds,
    }


def capture_key_json(r: CaptureKeyRecord) -> dict[str, Any]:
    return {"key": r.key, "interaction": r.interaction_id}
