"""Reading the JSON objects of a Relapp JSON file back into records, checking each field.

Every problem is collected with where it is ("people[12].contact_points[0]: kind must be
one of ...") and the line the record starts on; a record with a problem is not returned.
References between records (which person an interaction names, ...) are checked by the
caller, who knows every id in the file.
"""

from __future__ import annotations

from typing import Any

from relapp.domain.i18n import _
from relapp.domain.model import Birthday, Channel, ContactKind, Direction, InteractionKind
from relapp.services.json_file.fields import (
    BIG,
    MISSING,
    Fields,
    Line,
    Problems,
    choices,
    kind_of,
    parse_time,
    shown,
)
from relapp.services.json_file.values import (
    MAX_UID,
    photo_of,
    recurrence_of,
    tags_of,
    uid_of,
    zone_name_of,
)
from relapp.storage.export_repo import (
    ContactPointRecord,
    InteractionRecord,
    IntroductionRecord,
    PersonRecord,
    PromiseRecord,
    SettingRecord,
    TagRecord,
)

PROMISERS = ("me", "them")
PROMISE_STATUSES = ("open", "done", "cancelled")


def decode_setting(value: Any, where: str, line: Line, problems: Problems) -> SettingRecord | None:
    f = Fields(value, where, line, problems, ("key", "value"))
    key = f.text("key", required=True, blank=False)
    text = f.text("value", required=True)
    return None if f.failed else SettingRecord(key, text)


def decode_tag(value: Any, where: str, line: Line, problems: Problems) -> TagRecord | None:
    f = Fields(value, where, line, problems, ("id", "name"))
    tag_id = f.integer("id")
    name = f.text("name", required=True, blank=False)
    return None if f.failed or tag_id is None else TagRecord(tag_id, name)


_PERSON_FIELDS = (
    "id",
    "display_name",
    "given_name",
    "family_name",
    "nickname",
    "organisation",
    "title",
    "birthday",
    "met_on",
    "met_how",
    "preferred_channel",
    "avoid_channels",
    "cadence_days",
    "notes",
    "tags",
    "contact_points",
    "photo",
    "anniversary",
    "created_at",
    "updated_at",
    "archived_at",
    "uid",
)
_CHANNELS = tuple(c.value for c in Channel)
_KINDS = tuple(k.value for k in ContactKind)
_DIRECTIONS = tuple(d.value for d in Direction)
_INTERACTION_KINDS = tuple(k.value for k in InteractionKind)


def decode_person(
    value: Any, where: str, line: Line, problems: Problems, now: int
) -> PersonRecord | None:
    f = Fields(value, where, line, problems, _PERSON_FIELDS)
    person_id = f.integer("id")
    month, day, year = _birthday(f)
    a_month, a_day, a_year = _birthday(f, "anniversary")
    avoid: list[str] = []
    for i, channel in enumerate(f.items("avoid_channels")):
        if channel not in _CHANNELS:
            f.fail(
                _("{field} must be one of {choices} (found {found})").format(
                    field=f"avoid_channels[{i}]", choices=choices(_CHANNELS), found=shown(channel)
                )
            )
        elif channel in avoid:
            f.fail(
                _("{field} names {value} twice").format(field=f"avoid_channels[{i}]", value=channel)
            )
        else:
            avoid.append(channel)
    created = f.time("created_at", default=now)
    record = PersonRecord(
        id=person_id or 0,
        display_name=f.text("display_name", required=True, blank=False),
        given_name=f.text("given_name"),
        family_name=f.text("family_name"),
        nickname=f.text("nickname"),
        organisation=f.text("organisation"),
        title=f.text("title"),
        birthday_month=month,
        birthday_day=day,
        birthday_year=year,
        met_on=f.iso_date("met_on"),
        met_how=f.text("met_how"),
        preferred_channel=f.choice("preferred_channel", _CHANNELS, required=False, nullable=True),
        avoid_channels=",".join(sorted(avoid)),
        cadence_days=f.integer("cadence_days", required=False, nullable=True),
        notes=f.text("notes"),
        anniversary_month=a_month,
        anniversary_day=a_day,
        anniversary_year=a_year,
        created_at=created or 0,
        updated_at=f.time("updated_at", default=created) or 0,
        archived_at=f.time("archived_at", nullable=True),
        uid=uid_of(f),
        tags=tags_of(f),
        contact_points=_contact_points(f, problems),
        photo=photo_of(f),
    )
    return None if f.failed else record


def _birthday(f: Fields, name: str = "birthday") -> tuple[int | None, int | None, int | None]:
    """A birthday (or, by ``name``, the anniversary): month, day, optional year."""
    value = f.raw(name, False)
    if value is MISSING or value is None:
        return None, None, None
    inner = Fields(value, f"{f.where}.{name}", f.line, f.problems, ("month", "day", "year"))
    month = inner.integer("month")
    day = inner.integer("day")
    year = inner.integer("year", required=False, nullable=True)
    if not inner.failed and month is not None and day is not None:
        try:
            Birthday(month, day, year)
        except ValueError:
            shown = f"{year}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"
            inner.fail(_("is not a real date ({found})").format(found=shown))
    f.failed = f.failed or inner.failed
    return (None, None, None) if inner.failed else (month, day, year)


def _contact_points(f: Fields, problems: Problems) -> tuple[ContactPointRecord, ...]:
    points: list[ContactPointRecord] = []
    for i, raw in enumerate(f.items("contact_points")):
        point = Fields(
            raw,
            f"{f.where}.contact_points[{i}]",
            f.line,
            problems,
            ("id", "kind", "label", "value"),
        )
        point_id = point.integer("id")
        kind = point.choice("kind", _KINDS)
        label = point.text("label")
        text = point.text("value", required=True)
        if point.failed or point_id is None or kind is None:
            f.failed = True
            continue
        points.append(ContactPointRecord(point_id, kind, label, text))
    return tuple(points)


_INTERACTION_FIELDS = (
    "id",
    "occurred_at",
    "channel",
    "direction",
    "kind",
    "summary",
    "notes",
    "people",
    "created_at",
    "uid",
)


_INTERACTION_KEYS = frozenset(_INTERACTION_FIELDS)


def _quick_interaction(value: Any, now: int) -> InteractionRecord | None:
    """The common case, a well-formed interaction, read without the bookkeeping that
    names problems; None sends the record to the careful path (same result or errors)."""
    if type(value) is not dict or not value.keys() <= _INTERACTION_KEYS:
        return None
    get = value.get
    iid = get("id")
    people = get("people")
    occurred = get("occurred_at")
    created = get("created_at", MISSING)
    summary = get("summary", "")
    notes = get("notes", "")
    uid = get("uid")
    if uid is not None and (type(uid) is not str or not 0 < len(uid) <= MAX_UID):
        return None
    if (
        type(iid) is not int
        or not 0 < iid < BIG
        or type(people) is not list
        or type(occurred) is not str
        or get("channel") not in _CHANNELS
        or get("direction") not in _DIRECTIONS
        or get("kind", "ordinary") not in _INTERACTION_KINDS
        or type(summary) is not str
        or type(notes) is not str
    ):
        return None
    for pid in people:
        if type(pid) is not int or not 0 < pid < BIG:
            return None
    if len(set(people)) != len(people):
        return None
    at = parse_time(occurred)
    if created is MISSING:
        created_at: int | None = now
    else:
        created_at = parse_time(created) if type(created) is str else None
    if at is None or created_at is None:
        return None
    return InteractionRecord(
        iid,
        at,
        value["channel"],
        value["direction"],
        get("kind", "ordinary"),
        summary,
        notes,
        created_at,
        uid,
        person_ids=tuple(people),
    )


def decode_interaction(
    value: Any, where: str, line: Line, problems: Problems, now: int
) -> InteractionRecord | None:
    quick = _quick_interaction(value, now)
    if quick is not None:
        return quick
    f = Fields(value, where, line, problems, _INTERACTION_FIELDS)
    interaction_id = f.integer("id")
    occurred = f.time("occurred_at", required=True)
    channel = f.choice("channel", _CHANNELS)
    direction = f.choice("direction", _DIRECTIONS)
    kind = f.choice("kind", _INTERACTION_KINDS, required=False, default="ordinary")
    people: list[int] = []
    raw_people = f.raw("people", True)
    if raw_people is not MISSING:
        # Usually one or more; none when everyone in it was deleted (undoing an import
        # deletes the people it created), which a restore keeps as it was.
        if not isinstance(raw_people, list):
            f.fail(
                _("{field} must be a list of person ids (found {kind})").format(
                    field="people", kind=kind_of(raw_people)
                )
            )
        for i, pid in enumerate(raw_people if isinstance(raw_people, list) else ()):
            if isinstance(pid, bool) or not isinstance(pid, int) or not 0 < pid < BIG:
                f.fail(
                    _("{field} must be a person id (found {found})").format(
                        field=f"people[{i}]", found=shown(pid)
                    )
                )
            elif pid in people:
                f.fail(_("{field} names person {id} twice").format(field=f"people[{i}]", id=pid))
            else:
                people.append(pid)
    record = InteractionRecord(
        id=interaction_id or 0,
        occurred_at=occurred or 0,
        channel=channel or "",
        direction=direction or "",
        kind=kind or "",
        summary=f.text("summary"),
        notes=f.text("notes"),
        created_at=f.time("created_at", default=now) or 0,
        uid=uid_of(f),
        person_ids=tuple(people),
    )
    return None if f.failed else record


_INTRODUCTION_FIELDS = (
    "id",
    "introducer",
    "person_a",
    "person_b",
    "occurred_on",
    "context",
    "interaction",
    "created_at",
    "uid",
)


def decode_introduction(
    value: Any, where: str, line: Line, problems: Problems, now: int
) -> IntroductionRecord | None:
    f = Fields(value, where, line, problems, _INTRODUCTION_FIELDS)
    intro_id = f.integer("id")
    who = [f.integer(name, required=False, nullable=True) for name in _INTRODUCTION_FIELDS[1:4]]
    if not f.failed:
        present = [p for p in who if p is not None]
        if len(present) < 2:
            f.fail(_("at most one of introducer, person_a and person_b may be you (null)"))
        elif len(set(present)) != len(present):
            f.fail(_("introducer, person_a and person_b must be three different people"))
    record = IntroductionRecord(
        id=intro_id or 0,
        introducer_id=who[0],
        person_a_id=who[1],
        person_b_id=who[2],
        occurred_on=f.optional_text("occurred_on"),
        context=f.text("context"),
        interaction_id=f.integer("interaction", required=False, nullable=True),
        created_at=f.time("created_at", default=now) or 0,
        uid=uid_of(f),
    )
    return None if f.failed else record


_PROMISE_FIELDS = (
    "id",
    "person",
    "promiser",
    "what",
    "channel",
    "due_at",
    "status",
    "snoozed_until",
    "last_notified_at",
    "done_at",
    "interaction",
    "created_at",
    "uid",
    "recurrence",
    "time_zone",
)


def decode_promise(
    value: Any, where: str, line: Line, problems: Problems, now: int
) -> PromiseRecord | None:
    f = Fields(value, where, line, problems, _PROMISE_FIELDS)
    record = PromiseRecord(
        id=f.integer("id") or 0,
        person_id=f.integer("person") or 0,
        promiser=f.choice("promiser", PROMISERS) or "",
        what=f.text("what", required=True),
        channel=f.choice("channel", _CHANNELS, required=False, nullable=True),
        due_at=f.time("due_at", required=True) or 0,
        status=f.choice("status", PROMISE_STATUSES, required=False, default="open") or "",
        snoozed_until=f.time("snoozed_until", nullable=True),
        last_notified_at=f.time("last_notified_at", nullable=True),
        created_at=f.time("created_at", default=now) or 0,
        done_at=f.time("done_at", nullable=True),
        interaction_id=f.integer("interaction", required=False, nullable=True),
        uid=uid_of(f),
        recurrence=recurrence_of(f),
        time_zone=zone_name_of(f),
    )
    return None if f.failed else record
