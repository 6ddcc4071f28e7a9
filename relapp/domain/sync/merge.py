"""Merging a person changed on both sides between two syncs, field by field.

The rule (docs/sync.md, "When both sides changed"):

- a field changed on one side only takes that side's value;
- a field changed on both sides to different values takes the NEWER change (Relapp's
  ``updated_at`` against the card's ``REV``; a card without ``REV`` counts as newer, the
  server being where the other device's change already is), and the value it replaces
  is kept: ``keep_replaced`` writes it into the person's notes, with the field and
  the date, so nothing anyone typed is lost;
- lists (contact points, tags, channels to avoid) merge item by item: an item added on
  either side is in, an item removed on either side is out, and nothing is replaced.

Without a common ancestor (a person new on both sides with one UID, e.g. after a
restore), every differing field counts as changed on both sides.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import Any

from relapp.domain.model import PersonDraft

LIST_FIELDS = ("contact_points", "tags", "avoid_channels")

FIELD_WORDS = {
    "display_name": "name",
    "given_name": "given name",
    "family_name": "family name",
    "nickname": "nickname",
    "organisation": "organisation",
    "title": "title",
    "birthday": "birthday",
    "met_on": "met on",
    "met_how": "how you met",
    "preferred_channel": "preferred channel",
    "cadence_days": "keep-in-touch cadence (days)",
    "notes": "notes",
    "photo": "photo",
}


@dataclass(frozen=True)
class Replaced:
    """A value a newer change replaced: the field, the value, and where it was typed
    ("here" or "on the server")."""

    field: str
    value: Any
    side: str


@dataclass(frozen=True)
class Merged:
    draft: PersonDraft
    replaced: tuple[Replaced, ...]


def _merge_list(
    base: tuple[Any, ...] | None, mine: tuple[Any, ...], theirs: tuple[Any, ...]
) -> list[Any]:
    old = set(base or ())
    out = [x for x in mine if x in theirs or x not in old]
    out.extend(x for x in theirs if x not in old and x not in out)
    return list(dict.fromkeys(out))


def merge_people(
    base: PersonDraft | None,
    local: PersonDraft,
    remote: PersonDraft,
    *,
    local_at: datetime,
    remote_at: datetime | None,
) -> Merged:
    """``local`` and ``remote`` merged over their last synced state ``base``."""
    local_newer = remote_at is not None and local_at > remote_at
    values: dict[str, Any] = {}
    replaced: list[Replaced] = []
    for f in fields(PersonDraft):
        name = f.name
        mine, theirs = getattr(local, name), getattr(remote, name)
        old = getattr(base, name) if base is not None else None
        if name in LIST_FIELDS:
            merged = _merge_list(
                tuple(old or ()) if base is not None else None, tuple(mine), tuple(theirs)
            )
            values[name] = frozenset(merged) if name == "avoid_channels" else tuple(merged)
            continue
        if mine == theirs or (base is not None and theirs == old):
            values[name] = mine
        elif base is not None and mine == old:
            values[name] = theirs
        else:
            values[name] = mine if local_newer else theirs
            loser, side = (theirs, "on the server") if local_newer else (mine, "here")
            if loser not in (None, ""):
                replaced.append(Replaced(name, loser, side))
    return Merged(PersonDraft(**values), tuple(replaced))


def keep_replaced(
    draft: PersonDraft, replaced: tuple[Replaced, ...], when: datetime
) -> PersonDraft:
    """The draft with the replaced values written at the end of its notes."""
    lines = []
    for r in replaced:
        if r.field == "photo":
            shown = "an earlier photo"
        elif r.field == "birthday":
            shown = r.value.display() if hasattr(r.value, "display") else str(r.value)
        else:
            shown = f'"{r.value}"'
        word = FIELD_WORDS.get(r.field, r.field)
        lines.append(
            f"Sync {when:%Y-%m-%d}: {word} was {shown} {r.side}; a newer change replaced it."
        )
    if not lines:
        return draft
    notes = "\n".join([draft.notes, *lines]) if draft.notes else "\n".join(lines)
    return replace(draft, notes=notes)
