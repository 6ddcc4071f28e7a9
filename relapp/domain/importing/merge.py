"""How an imported card is added to a person, how that is taken back, and a card's key.

Merge rules (``merge_draft``): an import adds, it never overwrites what the user typed.

- emails, phones, addresses, links and handles the person does not have yet are added
  after theirs (the same email in other case, or the same phone in other formatting,
  is not new);
- tags are added (whatever their case); note lines not already in the notes are added
  as new lines at the end;
- the name stays as it is; empty name parts (given, family, nickname) are filled; when
  the card names the person otherwise ("Daniel Smith" merged into "Dan Smith"), that
  name is kept as a note line "Also known as Daniel Smith" (one clean place, searchable,
  shown in the preview's additions, and taken out again by ``unmerge`` like any added
  line); a card's name that is only its email, phone or organisation is no other name;
- organisation, title, birthday, photo, how and when you met, preferred channel and
  cadence are filled only when empty; a birthday without a year gets the card's year
  when the card has the same day.

``unmerge`` takes an import back out of a person. Where nobody edited the person since,
that is exactly the person from before; where someone did, only what the import added
is removed and the later edits stay.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import replace

from relapp.domain.contact_keys import digits, email_key, phone_key
from relapp.domain.model import Birthday, ContactKind, ContactPoint, PersonDraft
from relapp.domain.names import name_tokens
from relapp.domain.text import fold
from relapp.domain.vcard.mapping import UNNAMED

ALSO_KNOWN_AS = "Also known as"

# Fields an import may fill when they are empty; it never changes them otherwise.
FILLABLE = (
    "given_name",
    "family_name",
    "nickname",
    "organisation",
    "title",
    "birthday",
    "met_on",
    "met_how",
    "preferred_channel",
    "cadence_days",
    "photo",
    "anniversary",
)
_FIELD_WORDS = {
    "given_name": "given name",
    "family_name": "family name",
    "nickname": "nickname",
    "organisation": "organisation",
    "title": "title",
    "birthday": "birthday",
    "met_on": "date you met",
    "met_how": "how you met",
    "preferred_channel": "preferred channel",
    "cadence_days": "keep-in-touch cadence",
    "photo": "photo",
    "anniversary": "anniversary",
}


def point_key(point: ContactPoint) -> tuple[ContactKind, str]:
    """What makes two contact points the same: the email or phone key, else the value
    without case and spacing."""
    if point.kind is ContactKind.EMAIL:
        return point.kind, email_key(point.value)
    if point.kind is ContactKind.PHONE:
        return point.kind, phone_key(point.value) or fold(point.value)
    return point.kind, fold(point.value)


def _tag_key(tag: str) -> str:
    return " ".join(tag.split()).casefold()


def _line_key(line: str) -> str:
    return " ".join(line.split()).casefold()


def _empty(value: object) -> bool:
    return value is None or value == "" or value == b""


def _merge_points(
    have: tuple[ContactPoint, ...], incoming: Iterable[ContactPoint]
) -> tuple[ContactPoint, ...]:
    seen = {point_key(p) for p in have}
    added: list[ContactPoint] = []
    for point in incoming:
        if not point.value.strip():
            continue
        key = point_key(point)
        if key not in seen:
            seen.add(key)
            added.append(point)
    return (*have, *added)


def _merge_tags(have: tuple[str, ...], incoming: Iterable[str]) -> tuple[str, ...]:
    seen = {_tag_key(t) for t in have}
    added: list[str] = []
    for tag in incoming:
        key = _tag_key(tag)
        if key and key not in seen:
            seen.add(key)
            added.append(" ".join(tag.split()))
    return (*have, *added)


def _merge_notes(have: str, incoming: str) -> str:
    """Lines of ``incoming`` that ``have`` does not already say, added at the end."""
    known = _line_key(have)
    added: list[str] = []
    for line in incoming.splitlines():
        key = _line_key(line)
        if key and key not in known:
            known += "\n" + key
            added.append(line.strip())
    if not added:
        return have
    return "\n".join(part for part in (have.rstrip(), *added) if part)


def _merge_birthday(have: Birthday | None, incoming: Birthday | None) -> Birthday | None:
    if have is None:
        return incoming
    if (
        incoming is not None
        and have.year is None
        and incoming.year is not None
        and (have.month, have.day) == (incoming.month, incoming.day)
    ):
        return incoming
    return have


def _known_words(draft: PersonDraft) -> set[str]:
    names = (draft.display_name, draft.given_name, draft.family_name, draft.nickname)
    return {word for name in names for word in name_tokens(name)}


def _says_nothing_new(tokens: tuple[str, ...], known: set[str]) -> bool:
    """Every word is a word of the names the person has, or an initial of one ("Carol R."
    says nothing "Carol Roth" does not)."""
    return all(
        word in known or (len(word) == 1 and any(k.startswith(word) for k in known))
        for word in tokens
    )


def other_name(base: PersonDraft, incoming: PersonDraft) -> str:
    """The name ``incoming`` gives that ``base`` does not have in any form, or ""."""
    name = " ".join(incoming.display_name.split())
    tokens = tuple(sorted(name_tokens(name)))
    stand_ins = {fold(v) for v in (*incoming.emails(), *incoming.phones(), incoming.organisation)}
    letters = sum(c.isalpha() for c in name)
    if not tokens or "@" in name or sum(c.isdigit() for c in name) > letters:
        return ""
    if name == UNNAMED or fold(name) in stand_ins or _says_nothing_new(tokens, _known_words(base)):
        return ""
    return name


def merge_draft(base: PersonDraft, incoming: PersonDraft) -> PersonDraft:
    """``base`` with what ``incoming`` adds to it; nothing of ``base`` is overwritten."""
    filled = {
        name: getattr(incoming, name)
        for name in FILLABLE
        if _empty(getattr(base, name)) and not _empty(getattr(incoming, name))
    }
    filled["birthday"] = _merge_birthday(base.birthday, incoming.birthday)
    avoid = base.avoid_channels | incoming.avoid_channels
    preferred = filled.get("preferred_channel", base.preferred_channel)
    return replace(
        base,
        **filled,
        avoid_channels=avoid - {preferred} if preferred else avoid,
        contact_points=_merge_points(base.contact_points, incoming.contact_points),
        tags=_merge_tags(base.tags, incoming.tags),
        notes=_merge_notes(base.notes, _with_other_name(base, incoming)),
    )


def _with_other_name(base: PersonDraft, incoming: PersonDraft) -> str:
    name = other_name(base, incoming)
    if not name:
        return incoming.notes
    return "\n".join(part for part in (incoming.notes, f"{ALSO_KNOWN_AS} {name}") if part)


def _added_lines(before: str, after: str) -> list[str]:
    had = {_line_key(line) for line in before.splitlines()}
    return [line for line in after.splitlines() if line.strip() and _line_key(line) not in had]


def unmerge(current: PersonDraft, before: PersonDraft, after: PersonDraft) -> PersonDraft:
    """``current`` without what an import added (``before`` -> ``after``).

    If ``current`` is still ``after``, this is ``before`` exactly. Otherwise the added
    contact points, tags and note lines are taken out, and a field the import filled is
    emptied again only if it still holds what the import put there.
    """
    if current == after:
        return before
    added_points = {point_key(p) for p in after.contact_points} - {
        point_key(p) for p in before.contact_points
    }
    added_tags = {_tag_key(t) for t in after.tags} - {_tag_key(t) for t in before.tags}
    added_lines = {_line_key(line) for line in _added_lines(before.notes, after.notes)}
    restored = {
        name: getattr(before, name)
        for name in FILLABLE
        if getattr(current, name) == getattr(after, name) != getattr(before, name)
    }
    notes = "\n".join(
        line for line in current.notes.splitlines() if _line_key(line) not in added_lines
    )
    return replace(
        current,
        **restored,
        contact_points=tuple(p for p in current.contact_points if point_key(p) not in added_points),
        tags=tuple(t for t in current.tags if _tag_key(t) not in added_tags),
        notes=notes if notes.strip() else "",
    )


def describe_additions(before: PersonDraft, after: PersonDraft) -> tuple[str, ...]:
    """What merging added, in words: ("email carol@new.example", "tag golf", "note: ...")."""
    out: list[str] = []
    had = {point_key(p) for p in before.contact_points}
    for point in after.contact_points:
        if point_key(point) not in had:
            out.append(f"{point.kind.value} {point.value}")
    had_tags = {_tag_key(t) for t in before.tags}
    out.extend(f"tag {t}" for t in after.tags if _tag_key(t) not in had_tags)
    out.extend(f"note: {line.strip()}" for line in _added_lines(before.notes, after.notes))
    for name in FILLABLE:
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            out.append(_FIELD_WORDS[name] + _field_text(new))
    return tuple(out)


def _field_text(value: object) -> str:
    if isinstance(value, Birthday):
        return f" {value.display()}"
    if isinstance(value, bytes):
        return ""
    return f" {value}" if value not in (None, "") else ""


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold() if text else ""


_KIND_TEXT = {kind: kind.value for kind in ContactKind}  # a dictionary, not enum's .value


def card_key(draft: PersonDraft) -> str:
    """A stable key of what a card says (names, contact details, dates, tags, notes,
    photo), the same however the file spelled, folded or ordered it: a card imported
    before is recognised by it."""
    points = sorted(
        f"{_KIND_TEXT[p.kind]}:{digits(p.value) if p.kind is ContactKind.PHONE else _norm(p.value)}"
        for p in draft.contact_points
    )
    bday = draft.birthday
    content: tuple[str, ...] = (
        _norm(draft.display_name),
        _norm(draft.given_name),
        _norm(draft.family_name),
        _norm(draft.nickname),
        _norm(draft.organisation),
        _norm(draft.title),
        f"{bday.year}-{bday.month}-{bday.day}" if bday else "",
        "\x1e".join(points),
        "\x1e".join(sorted(_tag_key(t) for t in draft.tags)),
        _norm(draft.notes),
        hashlib.sha256(draft.photo).hexdigest() if draft.photo else "",
    )
    ann = draft.anniversary
    if ann is not None:  # only then: the keys of cards recorded before stay as they were
        content = (*content, f"anniversary {ann.year}-{ann.month}-{ann.day}")
    text = "\x1f".join(content)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]
