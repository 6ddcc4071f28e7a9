"""Merging two people you already have: what the kept person's details become, and
what is remembered so that the merge can be undone exactly.

Rules (``merged_details``): the kept person's values stay; an empty one is filled from
the absorbed person (the same fill rules as an import, ``importing.merge.merge_draft``);
channels to avoid are joined; note lines the kept person does not have are added at
the end. No name is lost, by the one rule an import follows: a name the kept person
does not have in any form becomes a note line "Also known as …"
(``importing.merge.ALSO_KNOWN_AS``), and so does the absorbed person's nickname. Contact
points, tags and the photo are moved row by row by the storage layer (their rows keep
their ids), not through the draft.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from relapp.domain.dates import number_text
from relapp.domain.errors import RelappError
from relapp.domain.i18n import N_, _, ngettext
from relapp.domain.importing.merge import ALSO_KNOWN_AS, merge_draft, other_name
from relapp.domain.model import PersonDraft
from relapp.domain.text import fold


def _also_known(merged: PersonDraft, absorbed_nickname: str) -> PersonDraft:
    """``merged`` with the absorbed person's nickname kept when no name of ``merged``
    says it already (the display name was kept by ``merge_draft``)."""
    nickname = " ".join(absorbed_nickname.split())
    if not nickname or not other_name(merged, PersonDraft(nickname)):
        return merged
    line = f"{ALSO_KNOWN_AS} {nickname}"
    if any(fold(have) == fold(line) for have in merged.notes.splitlines()):
        return merged
    return replace(merged, notes="\n".join(p for p in (merged.notes.rstrip(), line) if p))


def merged_details(keep: PersonDraft, absorb: PersonDraft) -> PersonDraft:
    """``keep``'s details after ``absorb`` is merged into it (names, dates, notes...)."""
    merged = merge_draft(
        replace(keep, contact_points=(), tags=(), photo=None),
        replace(absorb, contact_points=(), tags=(), photo=None),
    )
    if absorb.nickname.strip() and merged.nickname != absorb.nickname:
        merged = _also_known(merged, absorb.nickname)
    return replace(merged, contact_points=keep.contact_points, tags=keep.tags, photo=keep.photo)


class CannotMerge(RelappError):
    """A merge that cannot be done: a person into themself, or a merge undone twice."""

    title = N_("Cannot merge")


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
        for n, words in (
            (self.interactions, lambda n: ngettext("{n} interaction", "{n} interactions", n)),
            (self.promises, lambda n: ngettext("{n} promise", "{n} promises", n)),
            (self.introductions, lambda n: ngettext("{n} introduction", "{n} introductions", n)),
            (
                self.contact_points,
                lambda n: ngettext("{n} contact detail", "{n} contact details", n),
            ),
            (self.tags, lambda n: ngettext("{n} tag", "{n} tags", n)),
        ):
            if n:
                parts.append(words(n).format(n=number_text(n)))
        return ", ".join(parts) if parts else _("no history")


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
        return _("Merged {absorb} into {keep}: {moved} moved.").format(
            absorb=self.absorb_name, keep=self.keep_name, moved=self.counts.summary()
        )
