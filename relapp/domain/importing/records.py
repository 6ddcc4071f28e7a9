"""What is remembered of each import, so it can be listed, recognised and undone."""

from __future__ import annotations

import enum
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from relapp.domain.dates import number_text
from relapp.domain.i18n import _, ngettext
from relapp.domain.model import PersonDraft


class ChangeAction(enum.StrEnum):
    CREATED = "created"
    MERGED = "merged"


@dataclass(frozen=True)
class ImportBatch:
    """One import: the file(s), when, and what it did."""

    id: int
    file_name: str
    checksum: str
    imported_at: datetime
    created: int
    merged: int
    skipped: int
    errors: int
    undone_at: datetime | None = None
    interactions: int = 0  # a history capture: the interactions it added
    grown: int = 0  # ... and the entries captured before that it grew (new messages)

    @property
    def is_capture(self) -> bool:
        return self.interactions > 0 or self.grown > 0

    @property
    def undone(self) -> bool:
        return self.undone_at is not None


@dataclass(frozen=True)
class ImportChange:
    """What an import did to one person, for one card.

    A person made of several cards has one change per card; the first of them carries
    what undoing needs: for a created person its ``fingerprint`` (to see whether anyone
    edited it since), for a merged one its details ``before`` and ``after`` the import.
    """

    person_id: int
    action: ChangeAction
    card_key: str = ""
    fingerprint: str = ""
    before: PersonDraft | None = None
    after: PersonDraft | None = None


@dataclass(frozen=True)
class UndoResult:
    batch_id: int
    deleted: int  # people the import created, removed again
    restored: int  # people the import merged into, put back as they were
    kept: tuple[str, ...] = ()  # created people kept (archived): you worked with them since
    person_ids: tuple[int, ...] = ()  # everyone the undo changed or removed
    interactions: int = 0  # captured interactions removed (a history capture)
    grown: int = 0  # captured entries it had grown, put back as they were

    def summary(self) -> str:
        """ "Undid the import: removed 30 people." (in the user's language)."""
        parts = [
            ngettext("removed {n} person", "removed {n} people", self.deleted).format(
                n=number_text(self.deleted)
            )
        ]
        if self.interactions:
            removed = ngettext(
                "removed {n} captured history entry",
                "removed {n} captured history entries",
                self.interactions,
            )
            parts.insert(0, removed.format(n=number_text(self.interactions)))
        if self.grown:
            put_back = ngettext(
                "put back {n} grown history entry as it was",
                "put back {n} grown history entries as they were",
                self.grown,
            )
            parts.insert(0, put_back.format(n=number_text(self.grown)))
        if self.restored:
            restored = ngettext(
                "restored {n} person as they were",
                "restored {n} people as they were",
                self.restored,
            )
            parts.append(restored.format(n=number_text(self.restored)))
        text = _("Undid the import: {what}").format(what=", ".join(parts))
        if self.kept:
            names = ", ".join(self.kept[:3]) + (" …" if len(self.kept) > 3 else "")
            kept = ngettext(
                "Kept {n} person you changed or logged something with since, archived: {names}",
                "Kept {n} people you changed or logged something with since, archived: {names}",
                len(self.kept),
            )
            text += ". " + kept.format(n=number_text(len(self.kept)), names=names)
        return text + "."


def fingerprint(draft: PersonDraft) -> str:
    """A hash of everything in a draft: equal fingerprints, equal details."""
    bday = draft.birthday
    content = [
        draft.display_name,
        draft.given_name,
        draft.family_name,
        draft.nickname,
        draft.organisation,
        draft.title,
        [bday.year, bday.month, bday.day] if bday else None,
        draft.met_on.isoformat() if draft.met_on else None,
        draft.met_how,
        draft.preferred_channel.value if draft.preferred_channel else None,
        sorted(c.value for c in draft.avoid_channels),
        draft.cadence_days,
        draft.notes,
        sorted({" ".join(t.split()).casefold() for t in draft.tags} - {""}),
        [[p.kind.value, p.value, p.label] for p in draft.contact_points],
        hashlib.sha256(draft.photo).hexdigest() if draft.photo else "",
    ]
    text = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
