"""The one mapping between a stored person and the domain's ``PersonDraft``/``Person``.

A person is a row of ``person`` plus rows of ``contact_point``, ``person_tag`` and
``person_photo``. Which ``PersonDraft`` field is kept in which columns is written once,
in ``STORED_IN``; every column list of the storage layer is derived from it, and every
repository that writes or reads a person's details (``people_repo``, ``bulk``,
``export_repo``, ``restore_repo``, ``imports_repo``, ``merge_repo``, ``search_index``)
encodes and decodes them here. A test fails when the domain gains a field this module
does not store.
"""

from __future__ import annotations

import base64
import operator
from collections.abc import Sequence
from dataclasses import KW_ONLY, dataclass
from datetime import date
from typing import Any, Protocol

from relapp.domain.model import Birthday, Channel, ContactKind, ContactPoint, Person, PersonDraft
from relapp.domain.search import SearchDocument, document
from relapp.domain.text import sort_key
from relapp.storage.timeconv import from_db

STORED_IN: dict[str, tuple[str, ...]] = {
    "display_name": ("display_name",),
    "given_name": ("given_name",),
    "family_name": ("family_name",),
    "nickname": ("nickname",),
    "organisation": ("organisation",),
    "title": ("title",),
    "birthday": ("birthday_month", "birthday_day", "birthday_year"),
    "met_on": ("met_on",),  # ISO date text
    "met_how": ("met_how",),
    "preferred_channel": ("preferred_channel",),
    "avoid_channels": ("avoid_channels",),  # comma-separated, sorted
    "cadence_days": ("cadence_days",),
    "notes": ("notes",),
    "tags": (),  # person_tag
    "contact_points": (),  # contact_point
    "photo": (),  # person_photo
    "anniversary": ("anniversary_month", "anniversary_day", "anniversary_year"),
}
"""Each ``PersonDraft`` field and the ``person`` columns it is kept in (``()``: in a
table of its own)."""

STORED_PERSON_FIELDS = {
    "id": "id",
    "created_at": "created_at",
    "archived_at": "archived_at",
    "last_contact_at": "last_contact_at",
}
"""The fields only a stored ``Person`` has, and their column."""

DETAIL_COLUMNS: tuple[str, ...] = tuple(c for columns in STORED_IN.values() for c in columns)
"""The columns a draft sets, in the order ``detail_values`` gives them."""
WRITE_COLUMNS = (*DETAIL_COLUMNS, "sort_name")
"""What writing a draft sets (``write_values``)."""
RECORD_COLUMNS = ("id", *DETAIL_COLUMNS, "created_at", "updated_at", "archived_at", "uid")
"""A ``PersonRecord``'s columns: what an export carries and a restore writes back (the
sort name, search row and last contact are worked out again)."""
READ_COLUMNS = ("id", *DETAIL_COLUMNS, "created_at", "archived_at", "last_contact_at")
"""What ``person_from_row`` reads."""
SEARCH_FIELDS = (
    "display_name",
    "given_name",
    "family_name",
    "nickname",
    "organisation",
    "title",
    "notes",
    "met_how",
)
"""The fields the search index is made of (with contact points and tags)."""
SEARCH_COLUMNS = ("names", "contacts", "organisation", "tags", "notes")
"""The search table's columns, in the order ``search_row`` gives them after the rowid."""


@dataclass(frozen=True)
class ContactPointRecord:
    id: int
    kind: str
    label: str
    value: str


@dataclass(frozen=True)
class PersonRecord:
    """One row of ``person`` as stored (``RECORD_COLUMNS``, times as Unix seconds) with
    its contact points, tag names and photo: what exports read and restores write."""

    id: int
    display_name: str
    given_name: str
    family_name: str
    nickname: str
    organisation: str
    title: str
    birthday_month: int | None
    birthday_day: int | None
    birthday_year: int | None
    met_on: str | None
    met_how: str
    preferred_channel: str | None
    avoid_channels: str  # comma-separated, as stored
    cadence_days: int | None
    notes: str
    anniversary_month: int | None
    anniversary_day: int | None
    anniversary_year: int | None
    created_at: int
    updated_at: int
    archived_at: int | None
    uid: str | None = None  # None: the database gives it one (migration m0008)
    _: KW_ONLY  # the rest are not columns of ``person``: a row's values never reach them
    tags: tuple[str, ...] = ()
    contact_points: tuple[ContactPointRecord, ...] = ()
    photo: bytes | None = None


# --- columns <-> values ---------------------------------------------------------------------


def channel(value: str | None) -> Channel | None:
    return Channel(value) if value else None


def channels(value: str | None) -> frozenset[Channel]:
    return frozenset(Channel(c) for c in (value or "").split(",") if c)


def date_text(value: date | None) -> str | None:
    """A date as stored (``met_on``): ISO text, or NULL."""
    return value.isoformat() if value else None


def date_of(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def birthday(month: int | None, day: int | None, year: int | None) -> Birthday | None:
    """The stored birthday columns as a ``Birthday`` (None without a month and day)."""
    return Birthday(month, day, year) if month and day else None


def write_values(draft: PersonDraft) -> tuple[object, ...]:
    """A draft's values for ``WRITE_COLUMNS``, in that order: the details and the sort
    name. (One tuple built in one go: the bulk path calls this for every person.)"""
    bday = draft.birthday
    ann = draft.anniversary
    return (
        draft.display_name,
        draft.given_name,
        draft.family_name,
        draft.nickname,
        draft.organisation,
        draft.title,
        bday.month if bday else None,
        bday.day if bday else None,
        bday.year if bday else None,
        date_text(draft.met_on),
        draft.met_how,
        draft.preferred_channel.value if draft.preferred_channel else None,
        ",".join(sorted(c.value for c in draft.avoid_channels)),
        draft.cadence_days,
        draft.notes,
        ann.month if ann else None,
        ann.day if ann else None,
        ann.year if ann else None,
        sort_key(draft.display_name),
    )


def detail_values(draft: PersonDraft) -> tuple[object, ...]:
    """A draft's values for ``DETAIL_COLUMNS``, in that order."""
    return write_values(draft)[:-1]


def draft_from_details(
    values: Sequence[Any],
    *,
    tags: tuple[str, ...] = (),
    contact_points: tuple[ContactPoint, ...] = (),
    photo: bytes | None = None,
) -> PersonDraft:
    """The draft that ``DETAIL_COLUMNS`` (``values``, in that order) and the child rows
    say."""
    (
        display_name,
        given_name,
        family_name,
        nickname,
        organisation,
        title,
        month,
        day,
        year,
        met_on,
        met_how,
        preferred,
        avoid,
        cadence_days,
        notes,
        a_month,
        a_day,
        a_year,
    ) = values
    return PersonDraft(
        display_name=display_name,
        given_name=given_name,
        family_name=family_name,
        nickname=nickname,
        organisation=organisation,
        title=title,
        # The helpers above, inline: exports decode every person through here.
        birthday=Birthday(month, day, year) if month and day else None,
        met_on=date.fromisoformat(met_on) if met_on else None,
        met_how=met_how,
        preferred_channel=Channel(preferred) if preferred else None,
        avoid_channels=frozenset(Channel(c) for c in avoid.split(",") if c)
        if avoid
        else frozenset(),
        cadence_days=cadence_days,
        notes=notes,
        tags=tags,
        contact_points=contact_points,
        photo=photo,
        anniversary=Birthday(a_month, a_day, a_year) if a_month and a_day else None,
    )


def person_from_row(
    row: Sequence[Any],
    *,
    tags: tuple[str, ...],
    contact_points: tuple[ContactPoint, ...],
    photo: bytes | None,
) -> Person:
    """A stored person from a row of ``READ_COLUMNS`` and its child rows."""
    draft = draft_from_details(
        row[1 : 1 + len(DETAIL_COLUMNS)], tags=tags, contact_points=contact_points, photo=photo
    )
    created_at, archived_at, last_contact_at = row[1 + len(DETAIL_COLUMNS) :]
    return Person(
        **{name: getattr(draft, name) for name in STORED_IN},
        id=row[0],
        created_at=from_db(created_at),
        archived_at=from_db(archived_at),
        last_contact_at=from_db(last_contact_at),
    )


_record_details = operator.attrgetter(*DETAIL_COLUMNS)
_record_columns = operator.attrgetter(*RECORD_COLUMNS)


def record_values(record: PersonRecord) -> tuple[object, ...]:
    """A record's values for ``(*RECORD_COLUMNS, "sort_name")`` (restoring it)."""
    return (*_record_columns(record), sort_key(record.display_name))


def record_draft(record: PersonRecord) -> PersonDraft:
    """A stored person's record as a draft (the vCard writer takes drafts)."""
    return draft_from_details(
        _record_details(record),
        tags=record.tags,
        contact_points=tuple(
            ContactPoint(ContactKind(c.kind), c.value, c.label) for c in record.contact_points
        ),
        photo=record.photo,
    )


# --- the search row --------------------------------------------------------------------------


class _Point(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def value(self) -> str: ...


def search_document(
    values: Sequence[str], contact_points: Sequence[_Point], tags: tuple[str, ...]
) -> SearchDocument:
    """The search document of ``SEARCH_FIELDS`` (``values``, in that order), the contact
    points (kinds as ``ContactKind`` or their stored text) and the tags."""
    display, given, family, nickname, organisation, title, notes, met_how = values
    return document(
        names=(display, given, family, nickname),
        contact_points=tuple(ContactPoint(ContactKind(p.kind), p.value) for p in contact_points),
        organisation=organisation,
        title=title,
        tags=tags,
        notes=notes,
        met_how=met_how,
    )


def search_row(person_id: int, person: PersonDraft | PersonRecord) -> tuple[object, ...]:
    """``(rowid, *SEARCH_COLUMNS)`` of the search table for a draft or a record (the
    fields of ``SEARCH_FIELDS``, read straight off it: the bulk path calls this for every
    person)."""
    p = person
    doc = document(
        names=(p.display_name, p.given_name, p.family_name, p.nickname),
        contact_points=p.contact_points
        if isinstance(p, PersonDraft)
        else tuple(ContactPoint(ContactKind(c.kind), c.value) for c in p.contact_points),
        organisation=p.organisation,
        title=p.title,
        tags=p.tags,
        notes=p.notes,
        met_how=p.met_how,
    )
    return (person_id, doc.names, doc.contacts, doc.organisation, doc.tags, doc.notes)


# --- a draft as JSON (what an import changed, kept so it can be undone) ----------------------


def draft_json(draft: PersonDraft) -> dict[str, Any]:
    bday, ann = draft.birthday, draft.anniversary
    return {
        "display_name": draft.display_name,
        "given_name": draft.given_name,
        "family_name": draft.family_name,
        "nickname": draft.nickname,
        "organisation": draft.organisation,
        "title": draft.title,
        "birthday": [bday.year, bday.month, bday.day] if bday else None,
        "met_on": draft.met_on.isoformat() if draft.met_on else None,
        "met_how": draft.met_how,
        "preferred_channel": draft.preferred_channel.value if draft.preferred_channel else None,
        "avoid_channels": sorted(c.value for c in draft.avoid_channels),
        "cadence_days": draft.cadence_days,
        "notes": draft.notes,
        "tags": list(draft.tags),
        "contact_points": [[p.kind.value, p.value, p.label] for p in draft.contact_points],
        "photo": base64.b64encode(draft.photo).decode("ascii") if draft.photo else None,
        "anniversary": [ann.year, ann.month, ann.day] if ann else None,
    }


def draft_from_json(data: dict[str, Any]) -> PersonDraft:
    bday, ann = data.get("birthday"), data.get("anniversary")
    return PersonDraft(
        display_name=data["display_name"],
        given_name=data.get("given_name", ""),
        family_name=data.get("family_name", ""),
        nickname=data.get("nickname", ""),
        organisation=data.get("organisation", ""),
        title=data.get("title", ""),
        birthday=Birthday(bday[1], bday[2], bday[0]) if bday else None,
        met_on=date.fromisoformat(data["met_on"]) if data.get("met_on") else None,
        met_how=data.get("met_how", ""),
        preferred_channel=channel(data.get("preferred_channel")),
        avoid_channels=frozenset(Channel(c) for c in data.get("avoid_channels", ())),
        cadence_days=data.get("cadence_days"),
        notes=data.get("notes", ""),
        tags=tuple(data.get("tags", ())),
        contact_points=tuple(
            ContactPoint(ContactKind(kind), value, label)
            for kind, value, label in data.get("contact_points", ())
        ),
        photo=base64.b64decode(data["photo"]) if data.get("photo") else None,
        anniversary=Birthday(ann[1], ann[2], ann[0]) if ann else None,
    )
