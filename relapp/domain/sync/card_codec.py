"""People <-> vCard 3.0 cards in a CardDAV address book.

A card carries what the vCard writer writes (FN, N, NICKNAME, ORG, TITLE, EMAIL, TEL,
URL, ADR, BDAY, NOTE, CATEGORIES, PHOTO), the person's ``UID`` and ``REV``, and
Relapp's own fields as ``X-RELAPP-*`` properties, ONE property per value (servers
rewrite cards: Radicale sorts the properties and can cut a comma-separated ``X-`` value
to its first item), each value escaped text:

    X-RELAPP-MET-HOW:at Ada's party\\, 2019
    X-RELAPP-MET-ON:2019-05-01
    X-RELAPP-CADENCE-DAYS:30
    X-RELAPP-PREFERRED-CHANNEL:email
    X-RELAPP-AVOID-CHANNEL:call
    X-RELAPP-AVOID-CHANNEL:letter
    X-RELAPP-ARCHIVED:1          (archived: out of Relapp's list, still a contact)

``edit_card`` changes a card the server gave Relapp in place: only the properties of
the fields that differ are rewritten, every other line (IMPP, extra photos, other apps'
X- properties, a structured ADR, groups and labels) goes back exactly as it came.
Cards are compared by meaning (``meaning``: the person they describe), never by bytes.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from relapp.domain.i18n import _
from relapp.domain.model import Channel, ContactPoint, PersonDraft
from relapp.domain.sync.card_lines import Line, card_lines, card_text, line
from relapp.domain.vcard import read_vcards, write_vcards
from relapp.domain.vcard.contacts import CONTACT_PROPERTIES
from relapp.domain.vcard.values import text_value
from relapp.domain.vcard.writer import escape

PREFIX = "X-RELAPP-"
MET_HOW = "X-RELAPP-MET-HOW"
MET_ON = "X-RELAPP-MET-ON"
CADENCE = "X-RELAPP-CADENCE-DAYS"
PREFERRED = "X-RELAPP-PREFERRED-CHANNEL"
AVOID = "X-RELAPP-AVOID-CHANNEL"
ARCHIVED = "X-RELAPP-ARCHIVED"  # "1" while the person is archived (out of the list)
MAX_CADENCE_DAYS = 36500

# Each field the writer writes, and the properties that hold it.
_SIMPLE = {
    "display_name": ("FN",),
    "nickname": ("NICKNAME",),
    "title": ("TITLE",),
    "birthday": ("BDAY",),
    "notes": ("NOTE",),
    "tags": ("CATEGORIES",),
}


class CardUnreadable(ValueError):
    """A card that is no person Relapp can read (its message says why)."""


@dataclass(frozen=True)
class SyncedCard:
    draft: PersonDraft
    uid: str
    version: str
    archived: bool = False


def read_card(text: str, where: str = "card") -> SyncedCard:
    """The person a card describes, with its UID. Raises ``CardUnreadable``."""
    result = read_vcards(text.encode("utf-8", "surrogateescape"), where)
    if not result.cards:
        problems = [str(e) for e in result.errors] + list(result.skipped)
        raise CardUnreadable(
            problems[0] if problems else _("{item}: no card in it").format(item=where)
        )
    card = result.cards[0]
    lines = card_lines(text)
    archived = any(x.name == ARCHIVED and text_value(x.value) not in ("", "0") for x in lines)
    return SyncedCard(_with_own_fields(card.draft, lines), card.uid, card.version, archived)


def _with_own_fields(draft: PersonDraft, lines: list[Line]) -> PersonDraft:
    found: dict[str, Any] = {}
    avoid: set[Channel] = set()
    for x in lines:
        if not x.name.startswith(PREFIX):
            continue
        value = text_value(x.value)
        if x.name == MET_HOW:
            found["met_how"] = value
        elif x.name == MET_ON:
            found["met_on"] = _date(value)
        elif x.name == CADENCE and value.isdigit() and 0 < int(value) <= MAX_CADENCE_DAYS:
            found["cadence_days"] = int(value)
        elif x.name == PREFERRED:
            found["preferred_channel"] = _channel(value)
        elif x.name == AVOID:
            # One per property; a comma list (another writer) is read too.
            avoid.update(c for v in value.split(",") if (c := _channel(v.strip())) is not None)
    return replace(draft, **found, avoid_channels=frozenset(avoid))


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _channel(text: str) -> Channel | None:
    try:
        return Channel(text.lower())
    except ValueError:
        return None


def own_lines(draft: PersonDraft, archived: bool = False) -> list[Line]:
    """Relapp's own fields as ``X-RELAPP-*`` lines (one per value)."""
    raws: list[str] = []
    if draft.met_how:
        raws.append(f"{MET_HOW}:{escape(draft.met_how)}")
    if draft.met_on is not None:
        raws.append(f"{MET_ON}:{draft.met_on.isoformat()}")
    if draft.cadence_days:
        raws.append(f"{CADENCE}:{draft.cadence_days}")
    if draft.preferred_channel is not None:
        raws.append(f"{PREFERRED}:{draft.preferred_channel.value}")
    raws.extend(f"{AVOID}:{c.value}" for c in sorted(draft.avoid_channels))
    if archived:
        raws.append(f"{ARCHIVED}:1")
    return [line(r) for r in raws]


def rev_line(at: datetime) -> Line:
    return line(f"REV:{at.astimezone(UTC).strftime('%Y%m%dT%H%M%SZ')}")


def write_card(draft: PersonDraft, uid: str, rev: datetime, archived: bool = False) -> str:
    """A new vCard 3.0 card for a person."""
    lines = [x for x in card_lines(write_vcards([draft], "3.0", [uid])) if x.name != "PRODID"]
    return card_text([*lines, *own_lines(draft, archived), rev_line(rev)])


# --- editing in place -------------------------------------------------------------------------


def edit_card(
    original: str, after: PersonDraft, uid: str, rev: datetime, archived: bool = False
) -> str:
    """The server's ``original`` card with only what differs from ``after`` rewritten."""
    try:
        card = read_card(original)
    except CardUnreadable:
        return write_card(after, uid, rev, archived)
    before = card.draft
    version = card.version if card.version in ("3.0", "4.0") else "3.0"
    fresh = card_lines(write_vcards([after], version, [uid]))
    lines = card_lines(original)
    for field, names in _SIMPLE.items():
        if getattr(before, field) != getattr(after, field):
            lines = _replace(lines, names, [x for x in fresh if x.name in names])
    if (before.family_name, before.given_name) != (after.family_name, after.given_name):
        lines = _set_components(lines, "N", {0: after.family_name, 1: after.given_name})
    if before.organisation != after.organisation:
        if after.organisation:
            lines = _set_components(lines, "ORG", {0: after.organisation})
        else:
            lines = _replace(lines, ("ORG",), [])
    if before.photo != after.photo:
        lines = _replace_first(lines, "PHOTO", [x for x in fresh if x.name == "PHOTO"])
    if before.contact_points != after.contact_points:
        lines = _edit_contacts(lines, after.contact_points, version)
    kept = [x for x in lines if not x.name.startswith(PREFIX) and x.name != "REV"]
    if not any(x.name == "UID" for x in kept):
        kept.insert(0, line(f"UID:{escape(uid)}"))
    return card_text([*kept, *own_lines(after, archived), rev_line(rev)])


def _replace(lines: list[Line], names: tuple[str, ...], new: list[Line]) -> list[Line]:
    at = next((i for i, x in enumerate(lines) if x.name in names), len(lines))
    before = [x for x in lines[:at] if x.name not in names]
    return [*before, *new, *(x for x in lines[at:] if x.name not in names)]


def _replace_first(lines: list[Line], name: str, new: list[Line]) -> list[Line]:
    at = next((i for i, x in enumerate(lines) if x.name == name), None)
    if at is None:
        return [*lines, *new]
    return [*lines[:at], *new, *lines[at + 1 :]]


def _split_raw(value: str) -> list[str]:
    """A structured value split on unescaped semicolons (each part still escaped)."""
    parts, current, escaped = [], [], False
    for ch in value:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            current.append(ch)
            escaped = True
        elif ch == ";":
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _set_components(lines: list[Line], name: str, values: dict[int, str]) -> list[Line]:
    """The first ``name`` line with some components set (the others kept as written)."""
    at = next((i for i, x in enumerate(lines) if x.name == name and not x.group), None)
    if at is None:
        parts = [""] * (max(values) + 1)
        head = name
        at = len(lines)
        lines = [*lines, line(f"{name}:")]
    else:
        parts = _split_raw(lines[at].value)
        head = lines[at].head
    parts += [""] * (max(values) + 1 - len(parts))
    for index, value in values.items():
        parts[index] = escape(value)
    return [*lines[:at], line(f"{head}:{';'.join(parts)}"), *lines[at + 1 :]]


def _point_of(contact: Line, labels: list[Line]) -> ContactPoint | None:
    """The contact point one property line stands for, read as the whole card reads it."""
    text = card_text([line("VERSION:3.0"), line("FN:x"), contact, *labels])
    cards = read_vcards(text.encode(), "line").cards
    points = cards[0].draft.contact_points if cards else ()
    return points[0] if len(points) == 1 else None


def _edit_contacts(lines: list[Line], wanted: tuple[ContactPoint, ...], version: str) -> list[Line]:
    left = Counter(wanted)
    labels = [x for x in lines if x.group and x.name == "X-ABLABEL"]
    dropped_groups: set[str] = set()
    out: list[Line] = []
    for x in lines:
        if x.name in CONTACT_PROPERTIES:
            point = _point_of(x, [lab for lab in labels if lab.group == x.group] if x.group else [])
            if point is not None and left[point] <= 0:
                if x.group:
                    dropped_groups.add(x.group)
                continue
            if point is not None:
                left[point] -= 1
        out.append(x)
    still = {x.group for x in out if x.group and x.name != "X-ABLABEL"}
    out = [x for x in out if not (x.group in dropped_groups and x.group not in still)]
    new: list[ContactPoint] = []
    for p in wanted:
        if left[p] > 0:
            left[p] -= 1
            new.append(p)
    if new:
        out.extend(_contact_lines(new, version, {x.group for x in out if x.group}))
    return out


def _contact_lines(points: list[ContactPoint], version: str, taken: set[str]) -> list[Line]:
    written = card_lines(write_vcards([PersonDraft("x", contact_points=tuple(points))], version))
    renamed: dict[str, str] = {}
    number = 0
    out: list[Line] = []
    for x in written:
        if x.name not in CONTACT_PROPERTIES and x.name != "X-ABLABEL":
            continue
        if x.group:
            if x.group not in renamed:
                number += 1
                while f"item{number}" in taken:
                    number += 1
                renamed[x.group] = f"item{number}"
            x = line(renamed[x.group] + x.raw[len(x.group) :])
        out.append(x)
    return out


# --- comparing by meaning ---------------------------------------------------------------------


def meaning(draft: PersonDraft, archived: bool = False) -> str:
    """A fingerprint of the person a card describes: equal for two cards that say the
    same, whatever the order of their lines, folding or escaping (contact points keep
    their order within a kind: the first email is the one to use)."""
    photo = hashlib.sha256(draft.photo).hexdigest() if draft.photo else None
    data = {
        "display_name": draft.display_name,
        "given_name": draft.given_name,
        "family_name": draft.family_name,
        "nickname": draft.nickname,
        "organisation": draft.organisation,
        "title": draft.title,
        "birthday": [draft.birthday.month, draft.birthday.day, draft.birthday.year]
        if draft.birthday
        else None,
        "met_on": draft.met_on.isoformat() if draft.met_on else None,
        "met_how": draft.met_how,
        "preferred": draft.preferred_channel.value if draft.preferred_channel else None,
        "avoid": sorted(c.value for c in draft.avoid_channels),
        "cadence": draft.cadence_days,
        "notes": draft.notes,
        "tags": sorted(draft.tags, key=str.casefold),
        # In order within a kind; servers that sort properties interleave kinds anew.
        "points": sorted(
            ([p.kind.value, p.value, p.label] for p in draft.contact_points),
            key=lambda point: point[0],
        ),
        "photo": photo,
    }
    if archived:
        data["archived"] = True
    text = json.dumps(data, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()
