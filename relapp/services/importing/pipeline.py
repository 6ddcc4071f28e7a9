"""Planning and applying an import: ``plan_import`` (nothing written) and ``apply_import``
(one transaction), with the result and the errors they raise. The package's docstring
(``relapp.services.importing``) tells the whole pipeline.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from relapp.domain.dates import number_text
from relapp.domain.errors import NotFound, RelappError, VCardError
from relapp.domain.i18n import N_, _, ngettext
from relapp.domain.importing import apply as import_apply
from relapp.domain.importing.apply import MergedPerson, Resolution
from relapp.domain.importing.plan import Choice, ImportPlan, retarget
from relapp.domain.importing.records import (
    ChangeAction,
    ImportBatch,
    ImportChange,
    fingerprint,
)
from relapp.domain.letting_go import collections_paused, let_go
from relapp.domain.model import ContactPoint, PersonDraft
from relapp.services import backups
from relapp.services.importing.planning import Progress, Source, plan_sources, read_sources
from relapp.storage import Database, bulk, imports_repo, people_repo, uids_repo
from relapp.storage.timeconv import now_db

__all__ = [
    "ImportCancelled",
    "ImportResult",
    "StaleImport",
    "apply_import",
    "list_batches",
    "plan_import",
    "plan_import_data",
    "plan_merge_into",
    "preview_merges",
]

Cancel = Callable[[], bool]
_CHUNK = 500


class ImportCancelled(RelappError):
    title = N_("Import cancelled")

    def __init__(self) -> None:
        super().__init__("The import was cancelled; nothing was changed.")


class StaleImport(RelappError):
    title = N_("The import preview is out of date")


@dataclass(frozen=True)
class ImportResult:
    batch_id: int | None  # None when nothing was written
    created_ids: tuple[int, ...]
    merged_ids: tuple[int, ...]  # people you knew that the import added to
    combined: int  # cards merged into the person of another card of the import
    skipped: int  # cards left out by choice
    errors: tuple[VCardError, ...]  # cards (or files) that could not be read

    @property
    def created(self) -> int:
        return len(self.created_ids)

    @property
    def merged(self) -> int:
        return len(self.merged_ids)

    @property
    def person_ids(self) -> tuple[int, ...]:
        return (*self.created_ids, *self.merged_ids)

    @property
    def imported_anything(self) -> bool:
        return bool(self.created_ids or self.merged_ids)

    def summary(self) -> str:
        """ "Imported 120 people, merged 3, skipped 2; 1 card could not be read"."""
        n, merged = number_text(self.created), number_text(self.merged)
        if self.skipped:
            text = ngettext(
                "Imported {n} person, merged {merged}, skipped {skipped}",
                "Imported {n} people, merged {merged}, skipped {skipped}",
                self.created,
            ).format(n=n, merged=merged, skipped=number_text(self.skipped))
        else:
            text = ngettext(
                "Imported {n} person, merged {merged}",
                "Imported {n} people, merged {merged}",
                self.created,
            ).format(n=n, merged=merged)
        if not self.errors:
            return text
        unread = ngettext(
            "{n} card could not be read", "{n} cards could not be read", len(self.errors)
        ).format(n=number_text(len(self.errors)))
        return _("{summary}; {problems}").format(summary=text, problems=unread)


# --- planning ----------------------------------------------------------------------------


def _guarded(progress: Progress | None, cancel: Cancel | None) -> Progress | None:
    if progress is None and cancel is None:
        return None

    def report(done: int, total: int) -> None:
        if cancel is not None and cancel():
            raise ImportCancelled
        if progress is not None:
            progress(done, total)

    return report


def plan_import(
    db: Database,
    paths: Iterable[str | os.PathLike[str]],
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> ImportPlan:
    """Read the files and decide every card; nothing is written."""
    with collections_paused():
        sources = read_sources(paths)
        state = people_repo.people_state(db)
        return replace(plan_sources(db, sources, _guarded(progress, cancel)), state=state)


def plan_import_data(
    db: Database,
    items: Sequence[tuple[str, bytes]],
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> ImportPlan:
    """Plan from vCard bytes already in hand (a contact dragged from another program)."""
    with collections_paused():
        sources = [Source(name, "", data) for name, data in items]
        state = people_repo.people_state(db)
        return replace(plan_sources(db, sources, _guarded(progress, cancel)), state=state)


def plan_merge_into(
    db: Database, paths: Iterable[str | os.PathLike[str]], person_id: int
) -> ImportPlan:
    """The plan for files dropped on a person: every readable card merges into them."""
    people_repo.get_person(db, person_id)  # raises NotFound
    return retarget(plan_import(db, paths), person_id)


def list_batches(db: Database) -> list[ImportBatch]:
    """Every import, newest first (undone ones too, marked so)."""
    return imports_repo.list_batches(db)


# --- applying ----------------------------------------------------------------------------


def _existing(db: Database, ids: Iterable[int]) -> dict[int, PersonDraft]:
    out: dict[int, PersonDraft] = {}
    for person_id in sorted(ids):
        try:
            out[person_id] = people_repo.get_person(db, person_id).draft()
        except NotFound:
            continue
    return out


def preview_merges(db: Database, plan: ImportPlan, choices: Mapping[int, Choice]) -> Resolution:
    """What applying would do (people to create, merges before and after); writes nothing."""
    try:
        return import_apply.resolve(
            plan, choices, _existing(db, import_apply.targets(plan, choices))
        )
    except import_apply.StalePlan as exc:
        raise _stale(db, plan, exc.person_id) from exc


def _stale(db: Database, plan: ImportPlan, person_id: int) -> StaleImport:
    row = plan.people.get(person_id)
    who = row.display_name if row is not None else f"person {person_id}"
    return StaleImport(
        f"{who} is no longer in Relapp (deleted since the preview was made). "
        "Nothing was changed; import the file again to see a fresh preview."
    )


def _clean(draft: PersonDraft) -> PersonDraft:
    """The draft with its name's spaces collapsed and its contact points trimmed (the
    empty ones left out); the draft itself when that changes nothing, as for most cards."""
    points = draft.contact_points
    if not all(_trimmed(p) for p in points):
        points = tuple(
            ContactPoint(p.kind, p.value.strip(), p.label.strip())
            for p in points
            if p.value.strip()
        )
    name = " ".join(draft.display_name.split()) or draft.organisation.strip() or "(no name)"
    if name == draft.display_name and points is draft.contact_points:
        return draft
    return replace(draft, display_name=name, contact_points=points)


def _trimmed(point: ContactPoint) -> bool:
    value, label = point.value, point.label
    return bool(value) and value.strip() == value and label.strip() == label


def _file_name(plan: ImportPlan) -> str:
    return ", ".join(f.name for f in plan.files) or "(nothing)"


def _checksum(plan: ImportPlan) -> str:
    sums = [f.checksum for f in plan.files if f.checksum]
    if len(sums) == 1:
        return sums[0]
    return hashlib.sha256(" ".join(sorted(sums)).encode("ascii")).hexdigest()


def apply_import(
    db: Database,
    plan: ImportPlan,
    choices: Mapping[int, Choice] | None = None,
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    backup_first: bool = True,
) -> ImportResult:
    """Write the plan with the user's choices (the defaults where none is given).

    One transaction (``BEGIN IMMEDIATE``): ``ImportCancelled`` when ``cancel()`` says so,
    ``StaleImport`` when someone to merge into is gone or the people changed since the
    plan was made (another writer, in this process or before it held the folder), or any
    other failure, and nothing at all is written.
    """
    with collections_paused():
        chosen = {**plan.defaults(), **(choices or {})}
        check = _guarded(progress, cancel) or (lambda _done, _total: None)
        if backup_first:  # a copy first: an import can be undone, and so can a bad one
            backups.backup_now(db, backups.PRE_IMPORT)
        result, resolution, new, changed = _write(db, plan, chosen, check)
        # What applying built goes a few objects at a time (the GIL is handed over between
        # them): freed in one go as this returned, it held the GUI thread (``let_go``).
        leftovers: list[object] = [plan, resolution, new, changed, chosen]
        del plan, resolution, new, changed, chosen
        let_go(leftovers)
        return result


def _write(
    db: Database, plan: ImportPlan, chosen: Mapping[int, Choice], check: Progress
) -> tuple[ImportResult, Resolution, list[PersonDraft], list[MergedPerson]]:
    """The one transaction of ``apply_import``: the result, and what it built."""
    with db.bulk_atomic():
        resolution = preview_merges(db, plan, chosen)  # someone to merge into is gone?
        if plan.state and people_repo.people_state(db) != plan.state:
            raise StaleImport(
                "people in Relapp were added, changed or deleted since this import was "
                "planned, so its matches may be wrong. Nothing was changed; import the "
                "file again for a fresh preview."
            )
        new = [_clean(person.draft) for person in resolution.new]
        changed = [m for m in resolution.merged if m.changed]
        total = len(new) + len(changed) + 1
        check(0, total)
        created_ids: list[int] = []
        for start in range(0, len(new), _CHUNK):
            created_ids.extend(bulk.insert_people(db, new[start : start + _CHUNK], index=False))
            check(len(created_ids), total)
        bulk.index_people(db, created_ids, new)
        uids = [plan.cards[person.rows[0]].uid if person.rows else "" for person in resolution.new]
        uids_repo.give_uids(
            db, "person", [(pid, uid) for pid, uid in zip(created_ids, uids, strict=True) if uid]
        )
        for done, merge in enumerate(changed, start=1):
            people_repo.update_person(db, merge.person_id, merge.after)
            if done % 50 == 0:
                check(len(new) + done, total)
        result = ImportResult(
            batch_id=None,
            created_ids=tuple(created_ids),
            merged_ids=tuple(m.person_id for m in resolution.merged),
            combined=len(resolution.combined),
            skipped=len(resolution.skipped),
            errors=plan.errors,
        )
        if result.imported_anything:
            batch_id = _record(db, plan, resolution, new, created_ids, result)
            result = replace(result, batch_id=batch_id)
        check(total, total)
    return result, resolution, new, changed


def _record(
    db: Database,
    plan: ImportPlan,
    resolution: Resolution,
    new: Sequence[PersonDraft],
    created_ids: Sequence[int],
    result: ImportResult,
) -> int:
    batch_id = imports_repo.insert_batch(
        db,
        file_name=_file_name(plan),
        checksum=_checksum(plan),
        imported_at=now_db(),
        created=result.created,
        merged=result.merged,
        skipped=result.skipped,
        errors=len(result.errors),
    )
    changes: list[ImportChange] = []
    for person, draft, person_id in zip(resolution.new, new, created_ids, strict=True):
        for position, row in enumerate(person.rows):
            changes.append(
                ImportChange(
                    person_id=person_id,
                    action=ChangeAction.CREATED,
                    card_key=plan.cards[row].card_key,
                    fingerprint=fingerprint(draft) if position == 0 else "",
                )
            )
    for merge in resolution.merged:
        for position, row in enumerate(merge.rows):
            first = position == 0
            changes.append(
                ImportChange(
                    person_id=merge.person_id,
                    action=ChangeAction.MERGED,
                    card_key=plan.cards[row].card_key,
                    before=merge.before if first else None,
                    after=merge.after if first else None,
                )
            )
    imports_repo.insert_changes(db, batch_id, changes)
    leftovers: list[object] = [changes]
    del changes
    let_go(leftovers)
    return batch_id
