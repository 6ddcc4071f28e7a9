"""Merging two people you already have: what the kept person's details become, and
what is remembered so that the merge can be undone exactly.

Rules (``merged_details``): the kept person's values stay; an empty one is filled from
the absorbed person (the same fill rules as an import, ``import_merge.merge_draft``);
channels to avoid are joined; note lines the kept person does not have are added at
the end. No name is lost: the absorbed person's name becomes the kept person's nickname
when that is empty, and any name still not on the kept person is added to the notes as
"Also known as: …". Contact points, tags and the photo are moved row by row by the
storage layer (their rows keep their ids), not through the draft.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from relapp.domain.errors import RelappError
from relapp.domain.import_merge import merge_draft
from relapp.domain.model import PersonDraft

AKA_PREFIX = "Also known as: "


def fold(name: str) -> str:
    """Names compared without case and spacing (accents count: "José" is kept beside
    "Jose", so no spelling is lost)."""
    return " ".join(name.split()).casefold()


def _names_of(draft: PersonDraft) -> set[str]:
    parts = (
        draft.display_name,
        draft.nickname,
        " ".join(p for p in (draft.given_name, draft.family_name) if p.strip()),
    )
    return {fold(p) for p in parts if p.strip()}


def merged_details(keep: PersonDraft, absorb: PersonDraft) -> PersonDraft:
    """``keep``'s details after ``absorb`` is merged into it (names, dates, notes...)."""
    merged = merge_draft(
        replace(keep, contact_points=(), tags=(), photo=None),
        replace(absorb, contact_points=(), tags=(), photo=None),
    )
    known = _names_of(keep) | {
        fold(line[len(AKA_PREFIX) :])
        for line in keep.notes.splitlines()
        if line.startswith(AKA_PREFIX)
    }
    if merged.nickname != keep.nickname:  # filled from the absorbed person's nickname
        known.add(fold(merged.nickname))
    others = [n.strip() for n in (absorb.display_name, absorb.nickname) if n.strip()]
    missing = list(dict.fromkeys(n for n in others if fold(n) not in known))
    if missing and not merged.nickname.strip():
        merged = replace(merged, nickname=missing.pop(0))
    lines = [f"{AKA_PREFIX}{name}" for name in missing]
    if lines:
        merged = replace(merged, notes="\n".join(p for p in (merged.notes.rstrip(), *lines) if p))
    return replace(merged, contact_points=keep.contact_points, tags=keep.tags, photo=keep.photo)


class CannotMerge(RelappError):
    """A merge that cannot be done: a person into themself, or a merge undone twice."""

    title = "Cannot merge"


@dataclass(frozen=True)
class MergeCounts:
    """What moved from the absorbed person to the kept one, and what was dropped as a
    duplicate of something the kept person already had."""

    contact_points: int = 0
    contact_points_dropped: int = 0
    tags: int = 0
    interactions: int = 0
    interactions_shared: int = 0  # both were on it: one participant now
    promises: int = 0
    introductions: int = 0
    introductions_dropped: int = 0  # would have introduced someone to themself
    photo: bool = False

    def summary(self) -> str:
        parts = []
        for n, one, many in (
            (self.interactions, "interaction", "interactions"),
            (self.promises, "promise", "promises"),
            (self.introductions, "introduction", "introductions"),
            (self.contact_points, "contact detail", "contact details"),
            (self.tags, "tag", "tags"),
        ):
            if n:
                parts.append(f"{n:,} {one if n == 1 else many}")
        return ", ".join(parts) if parts else "no history"


Row = tuple[object, ...]


@dataclass(frozen=True)
class MergeRecord:
    """Enough to undo a merge exactly: both people's rows as they were, and the id of
    every row that was moved, changed or dropped (plain values; storage reads them)."""

    keep_row: dict[str, object]  # the kept person's row before
    merged_row: dict[str, object]  # the kept person's row right after the merge
    absorb_row: dict[str, object]  # the absorbed person's row
    absorb_photo: bytes | None = None
    photo_moved: bool = False
    contact_points: tuple[Row, ...] = ()  # the absorbed person's rows (id first)
    contact_points_moved: tuple[int, ...] = ()
    tags: tuple[int, ...] = ()  # the absorbed person's tag ids
    tags_added: tuple[int, ...] = ()  # of those, the ones the kept person got
    interactions_moved: tuple[int, ...] = ()
    interactions_shared: tuple[int, ...] = ()
    promises_moved: tuple[int, ...] = ()
    introductions_changed: tuple[tuple[int, str], ...] = ()  # (id, column)
    introductions_dropped: tuple[Row, ...] = ()  # whole rows, column order of the table
    introduction_columns: tuple[str, ...] = ()
    not_duplicate: tuple[Row, ...] = ()  # the absorbed person's rows
    not_duplicate_added: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class MergeResult:
    """A merge that happened: who was kept, who was merged in, what moved."""

    keep_id: int
    absorb_id: int
    keep_name: str
    absorb_name: str
    counts: MergeCounts
    record: MergeRecord = field(repr=False, compare=False)

    def summary(self) -> str:
        return f"Merged {self.absorb_name} into {self.keep_name}: {self.counts.summary()} moved."
