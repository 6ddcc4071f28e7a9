"""Storing and reading people, their contact points, tags and photos."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from datetime import date

import peewee as pw

from relapp.domain.contact_keys import contact_key
from relapp.domain.errors import NotFound
from relapp.domain.model import (
    NOT_CONTACT_KINDS,
    Birthday,
    Channel,
    ContactKind,
    ContactPoint,
    Person,
    PersonDraft,
    PersonRow,
)
from relapp.domain.search import match_expression
from relapp.domain.text import sort_key
from relapp.storage import search_index
from relapp.storage.database import Database
from relapp.storage.models import (
    ContactPointModel,
    PersonModel,
    PersonPhotoModel,
    PersonTagModel,
    TagModel,
)
from relapp.storage.timeconv import from_db, now_db


class PeopleSort(enum.StrEnum):
    """List orders; each is the natural one (A to Z, most recent contact first)."""

    NAME = "name"
    ORGANISATION = "organisation"
    LAST_CONTACT = "last_contact"


_ORDER = {
    PeopleSort.NAME: "p.sort_name, p.id",
    PeopleSort.ORGANISATION: "p.organisation = '', lower(p.organisation), p.sort_name, p.id",
    PeopleSort.LAST_CONTACT: "p.last_contact_at IS NULL, p.last_contact_at DESC, p.sort_name, p.id",
}


def _fields(draft: PersonDraft) -> dict[str, object]:
    bday = draft.birthday
    return {
        "display_name": draft.display_name,
        "sort_name": sort_key(draft.display_name),
        "given_name": draft.given_name,
        "family_name": draft.family_name,
        "nickname": draft.nickname,
        "organisation": draft.organisation,
        "title": draft.title,
        "birthday_month": bday.month if bday else None,
        "birthday_day": bday.day if bday else None,
        "birthday_year": bday.year if bday else None,
        "met_on": draft.met_on.isoformat() if draft.met_on else None,
        "met_how": draft.met_how,
        "preferred_channel": draft.preferred_channel.value if draft.preferred_channel else None,
        "avoid_channels": ",".join(sorted(c.value for c in draft.avoid_channels)),
        "cadence_days": draft.cadence_days,
        "notes": draft.notes,
    }


def person_row_values(draft: PersonDraft) -> tuple[list[str], list[object]]:
    """The person table's columns and values for a draft (bulk inserts use these)."""
    fields = _fields(draft)
    return list(fields), list(fields.values())


def _write_children(db: Database, person_id: int, draft: PersonDraft) -> None:
    ContactPointModel.delete().where(ContactPointModel.person == person_id).execute()
    rows = [
        {
            "person": person_id,
            "kind": point.kind.value,
            "label": point.label,
            "value": point.value,
            "key": contact_key(point.kind, point.value),
            "position": position,
        }
        for position, point in enumerate(draft.contact_points)
    ]
    if rows:
        ContactPointModel.insert_many(rows).execute()
    PersonTagModel.delete().where(PersonTagModel.person == person_id).execute()
    for tag_id in _tag_ids(draft.tags):
        PersonTagModel.insert(person=person_id, tag=tag_id).on_conflict_ignore().execute()
    PersonPhotoModel.delete().where(PersonPhotoModel.person == person_id).execute()
    if draft.photo:
        PersonPhotoModel.insert(person=person_id, data=draft.photo).execute()
    search_index.reindex(db.connection(), [person_id])


def _tag_ids(tags: Iterable[str]) -> list[int]:
    ids: list[int] = []
    for name in tags:
        clean = " ".join(name.split())
        if not clean:
            continue
        TagModel.insert(name=clean).on_conflict_ignore().execute()
        ids.append(TagModel.get(pw.fn.lower(TagModel.name) == clean.lower()).id)
    return ids


def insert_person(db: Database, draft: PersonDraft) -> int:
    now = now_db()
    person_id = PersonModel.insert(created_at=now, updated_at=now, **_fields(draft)).execute()
    _write_children(db, person_id, draft)
    return int(person_id)


def update_person(db: Database, person_id: int, draft: PersonDraft) -> None:
    changed = (
        PersonModel.update(updated_at=now_db(), **_fields(draft))
        .where(PersonModel.id == person_id)
        .execute()
    )
    if not changed:
        raise NotFound(f"person {person_id} does not exist")
    _write_children(db, person_id, draft)


def set_archived(person_id: int, archived_at: int | None) -> None:
    changed = (
        PersonModel.update(archived_at=archived_at, updated_at=now_db())
        .where(PersonModel.id == person_id)
        .execute()
    )
    if not changed:
        raise NotFound(f"person {person_id} does not exist")


def get_person(person_id: int) -> Person:
    row = PersonModel.get_or_none(PersonModel.id == person_id)
    if row is None:
        raise NotFound(f"person {person_id} does not exist")
    points = tuple(
        ContactPoint(ContactKind(c.kind), c.value, c.label)
        for c in ContactPointModel.select()
        .where(ContactPointModel.person == person_id)
        .order_by(ContactPointModel.position)
    )
    tags = tuple(
        t.name
        for t in TagModel.select(TagModel.name)
        .join(PersonTagModel, on=(PersonTagModel.tag == TagModel.id))
        .where(PersonTagModel.person == person_id)
        .order_by(pw.fn.lower(TagModel.name))
    )
    photo = PersonPhotoModel.get_or_none(PersonPhotoModel.person == person_id)
    birthday = (
        Birthday(row.birthday_month, row.birthday_day, row.birthday_year)
        if row.birthday_month and row.birthday_day
        else None
    )
    return Person(
        id=row.id,
        display_name=row.display_name,
        given_name=row.given_name,
        family_name=row.family_name,
        nickname=row.nickname,
        organisation=row.organisation,
        title=row.title,
        birthday=birthday,
        met_on=date.fromisoformat(row.met_on) if row.met_on else None,
        met_how=row.met_how,
        preferred_channel=Channel(row.preferred_channel) if row.preferred_channel else None,
        avoid_channels=frozenset(Channel(c) for c in row.avoid_channels.split(",") if c),
        cadence_days=row.cadence_days,
        notes=row.notes,
        tags=tags,
        contact_points=points,
        photo=bytes(photo.data) if photo else None,
        created_at=from_db(row.created_at),
        archived_at=from_db(row.archived_at),
        last_contact_at=from_db(row.last_contact_at),
    )


def person_ids(
    db: Database,
    query: str = "",
    sort: PeopleSort = PeopleSort.NAME,
    *,
    archived: bool = False,
) -> list[int]:
    """Ids of the people to list, in order. Searching uses the FTS5 index."""
    archived_clause = "p.archived_at IS NOT NULL" if archived else "p.archived_at IS NULL"
    order = _ORDER[sort]
    expression = match_expression(query)
    conn = db.connection()
    if expression is None:
        sql = f"SELECT p.id FROM person p WHERE {archived_clause} ORDER BY {order}"
        cursor = conn.execute(sql)
    else:
        sql = (
            f"SELECT p.id FROM {search_index.TABLE} s JOIN person p ON p.id = s.rowid"
            f" WHERE {search_index.TABLE} MATCH ? AND {archived_clause} ORDER BY {order}"
        )
        cursor = conn.execute(sql, (expression,))
    return [pid for (pid,) in cursor]


def person_rows(db: Database, ids: Sequence[int]) -> dict[int, PersonRow]:
    """List rows for the given ids (one page of the people list)."""
    out: dict[int, PersonRow] = {}
    conn = db.connection()
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        marks = ",".join("?" * len(chunk))
        for pid, name, org, last, archived_at in conn.execute(
            "SELECT id, display_name, organisation, last_contact_at, archived_at"
            f" FROM person WHERE id IN ({marks})",
            chunk,
        ):
            out[pid] = PersonRow(pid, name, org, from_db(last), archived_at is not None)
    return out


def count_people(db: Database, *, archived: bool = False) -> int:
    clause = "archived_at IS NOT NULL" if archived else "archived_at IS NULL"
    return db.connection().execute(f"SELECT count(*) FROM person WHERE {clause}").fetchone()[0]


# Interactions that count as talking to someone (``InteractionKind.is_contact``).
IS_CONTACT_SQL = "i.kind NOT IN ({})".format(
    ", ".join(f"'{kind.value}'" for kind in sorted(NOT_CONTACT_KINDS))
)
# A person's last contact; ``{person}`` is the SQL naming their id.
LAST_CONTACT_SQL = (
    "(SELECT max(ip.occurred_at) FROM interaction_person ip"
    " JOIN interaction i ON i.id = ip.interaction_id"
    f" WHERE ip.person_id = {{person}} AND {IS_CONTACT_SQL})"
)


def refresh_last_contact(db: Database, person_ids: Iterable[int]) -> None:
    conn = db.connection()
    for pid in set(person_ids):
        conn.execute(
            f"UPDATE person SET last_contact_at = {LAST_CONTACT_SQL.format(person='?')}"
            " WHERE id = ?",
            (pid, pid),
        )


def people_with_keys(
    db: Database, email_keys: Iterable[str], phone_keys: Iterable[str], name_query: str
) -> list[int]:
    """Candidate ids for the duplicate guard: same email or phone key, or a name hit."""
    conn = db.connection()
    found: list[int] = []
    for kind, keys in ((ContactKind.EMAIL, email_keys), (ContactKind.PHONE, phone_keys)):
        for key in keys:
            if key:
                found.extend(
                    pid
                    for (pid,) in conn.execute(
                        "SELECT DISTINCT person_id FROM contact_point WHERE kind = ? AND key = ?",
                        (kind.value, key),
                    )
                )
    expression = _any_word_expression(name_query)
    if expression:
        found.extend(
            pid
            for (pid,) in conn.execute(
                f"SELECT rowid FROM {search_index.TABLE} WHERE {search_index.TABLE} MATCH ?"
                " ORDER BY rank LIMIT 50",
                (f"names : ({expression})",),
            )
        )
    return list(dict.fromkeys(found))


def _any_word_expression(name: str) -> str | None:
    strict = match_expression(name)
    if strict is None or name.strip().replace("+", "").replace(" ", "").isdigit():
        return None
    return strict.replace(" AND ", " OR ")


def phone_owner_counts(
    db: Database, phone_keys: Iterable[str], *, exclude_id: int | None = None
) -> dict[str, int]:
    """How many known people have each phone key (an office line has several)."""
    conn = db.connection()
    counts: dict[str, int] = {}
    for key in phone_keys:
        if key:
            counts[key] = conn.execute(
                "SELECT count(DISTINCT person_id) FROM contact_point"
                " WHERE kind = ? AND key = ? AND person_id IS NOT ?",
                (ContactKind.PHONE.value, key, exclude_id),
            ).fetchone()[0]
    return counts


def contact_keys_of(db: Database, person_ids: Sequence[int]) -> dict[int, list[tuple[str, str]]]:
    conn = db.connection()
    out: dict[int, list[tuple[str, str]]] = {pid: [] for pid in person_ids}
    if not person_ids:
        return out
    marks = ",".join("?" * len(person_ids))
    for pid, kind, key in conn.execute(
        f"SELECT person_id, kind, key FROM contact_point WHERE person_id IN ({marks})",
        list(person_ids),
    ):
        out[pid].append((kind, key))
    return out


def all_tags() -> list[str]:
    return [t.name for t in TagModel.select(TagModel.name).order_by(pw.fn.lower(TagModel.name))]


def name_fields(db: Database, ids: Sequence[int]) -> dict[int, tuple[str, str, str, str, str]]:
    """(display, given, family, nickname, met_how) for each id, in one query."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    return {
        row[0]: tuple(row[1:])
        for row in db.connection().execute(
            "SELECT id, display_name, given_name, family_name, nickname, met_how"
            f" FROM person WHERE id IN ({marks})",
            list(ids),
        )
    }


def people_state(db: Database) -> str:
    """A short mark of the people, their contact points and the import records, that
    changes when any is added, edited or deleted: an import compares the mark taken when
    it was planned with the one inside its transaction."""
    conn = db.connection()
    parts = [
        conn.execute(
            "SELECT count(*), coalesce(max(id), 0), coalesce(total(updated_at), 0) FROM person"
        ).fetchone(),
        conn.execute("SELECT count(*), coalesce(max(id), 0) FROM contact_point").fetchone(),
        conn.execute("SELECT count(*), coalesce(max(id), 0) FROM import_change").fetchone(),
    ]
    return "/".join(":".join(str(value) for value in row) for row in parts)
