"""Applying a capture: after a backup, ONE transaction writes the new people you chose,
the interactions with their source keys, and the import batch that File ▸ Imports…
undoes as a whole. Cancel or any failure rolls everything back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from relapp.domain.capture.me import EMAIL, PHONE, URL, shown
from relapp.domain.capture.plan import CapturePlan, NewPerson, PlannedInteraction
from relapp.domain.changes import Changes
from relapp.domain.dates import number_text
from relapp.domain.i18n import _, ngettext
from relapp.domain.importing.records import ChangeAction, ImportChange, fingerprint
from relapp.domain.letting_go import let_go
from relapp.domain.model import ContactKind, ContactPoint, PersonDraft
from relapp.services import backups
from relapp.services.importing.pipeline import ImportCancelled
from relapp.storage import Database, bulk, capture_growth_repo, capture_repo, imports_repo
from relapp.storage.timeconv import now_db

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]
_CHUNK = 2000


@dataclass(frozen=True)
class CaptureResult:
    batch_id: int | None  # None when nothing was written
    interactions: int
    created_ids: tuple[int, ...]  # new people you chose to add
    person_ids: tuple[int, ...]  # everyone whose history grew
    skipped: int
    problems: int
    grown: int = 0  # entries of days captured before that new messages grew

    @property
    def changes(self) -> Changes:
        if self.batch_id is None:
            return Changes()
        return Changes.of_people(self.person_ids, interactions=True, persons=bool(self.created_ids))

    def summary(self) -> str:
        who = len(self.person_ids)
        people = ngettext("{n} person", "{n} people", who).format(n=number_text(who))
        if self.grown and not self.interactions:
            text = ngettext(
                "Added new messages to {n} history entry captured before, with {people}",
                "Added new messages to {n} history entries captured before, with {people}",
                self.grown,
            ).format(n=number_text(self.grown), people=people)
        elif self.grown:
            text = ngettext(
                "Captured {n} history entry and added new messages to {grown} captured "
                "before, with {people}",
                "Captured {n} history entries and added new messages to {grown} captured "
                "before, with {people}",
                self.interactions,
            ).format(n=number_text(self.interactions), grown=number_text(self.grown), people=people)
        else:
            text = ngettext(
                "Captured {n} history entry with {people}",
                "Captured {n} history entries with {people}",
                self.interactions,
            ).format(n=number_text(self.interactions), people=people)
        if self.created_ids:
            text += _(", {n} of them new").format(n=number_text(len(self.created_ids)))
        if self.skipped:
            text += ngettext(
                "; skipped {n} message", "; skipped {n} messages", self.skipped
            ).format(n=number_text(self.skipped))
        if self.problems:
            text += _("; {n} could not be read").format(n=number_text(self.problems))
        return text


def _draft(person: NewPerson) -> PersonDraft:
    value = shown(person.key)
    kind = (
        ContactKind.EMAIL
        if person.key.startswith(EMAIL)
        else ContactKind.PHONE
        if person.key.startswith(PHONE)
        else ContactKind.URL
        if person.key.startswith(URL)
        else None
    )
    name = " ".join(person.name.split()) or value
    points = (ContactPoint(kind, value),) if kind is not None else ()
    return PersonDraft(
        display_name=name,
        organisation=person.organisation,
        title=person.title,
        met_on=person.connected_on,
        contact_points=points,
    )


def _checksum(plan: CapturePlan) -> str:
    text = "\n".join(p.key for p in plan.interactions)
    return "capture:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def apply_capture(
    db: Database,
    plan: CapturePlan,
    add: Iterable[int] = (),
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    backup_first: bool = True,
) -> CaptureResult:
    """Write the plan, with the offered people whose placeholders are in ``add``."""
    wanted = set(add)

    def check(done: int, total: int) -> None:
        if cancel is not None and cancel():
            raise ImportCancelled
        if progress is not None:
            progress(done, total)

    check(0, 1)
    if backup_first:
        backups.backup_now(db, backups.PRE_IMPORT)
    with db.atomic():
        chosen = plan.chosen(wanted)
        new = [p for p in plan.offered if p.placeholder in wanted]
        drafts = [_draft(p) for p in new]
        created = bulk.insert_people(db, drafts) if drafts else []
        real = dict(zip((p.placeholder for p in new), created, strict=True))
        current = _current(db, chosen, real)
        planned = [p for p in current if p.grows is None]
        growths = [p for p in current if p.grows is not None]
        total = len(current) + 1
        check(0, total)
        if not current and not created:
            return CaptureResult(None, 0, (), (), plan.skipped_total, plan.problem_count)
        batch_id = imports_repo.insert_batch(
            db,
            file_name=", ".join(plan.files) or "(history)",
            checksum=_checksum(plan),
            imported_at=now_db(),
            created=len(created),
            merged=0,
            skipped=plan.skipped_total,
            errors=plan.problem_count,
            interactions=len(planned),
        )
        for start in range(0, len(planned), _CHUNK):
            capture_repo.insert_captured(db, batch_id, planned[start : start + _CHUNK])
            check(min(start + _CHUNK, len(planned)), total)
        grown, grown_with = capture_growth_repo.grow_captured(db, batch_id, growths)
        if grown:
            imports_repo.set_grown(db, batch_id, grown)
        imports_repo.insert_changes(
            db,
            batch_id,
            [
                ImportChange(pid, ChangeAction.CREATED, p.key, fingerprint(d))
                for pid, p, d in zip(created, new, drafts, strict=True)
            ],
        )
        people = dict.fromkeys(pid for p in planned for pid in p.person_ids)
        people.update(dict.fromkeys(sorted(grown_with)))
        check(total, total)
    result = CaptureResult(
        batch_id,
        len(planned),
        tuple(created),
        tuple(people),
        plan.skipped_total,
        plan.problem_count,
        grown,
    )
    # The plan (20,000 mails: some 600,000 memory blocks) and what was made of it go a
    # few objects at a time: freed in one go as this returned, they held the GIL, and
    # so the window's GUI thread (``let_go``; issue 18).
    leftovers: list[object] = [plan, chosen, new, drafts, current, planned, growths, people]
    del plan, chosen, new, drafts, current, planned, growths, people
    let_go(leftovers)
    return result


def _current(
    db: Database, chosen: Iterable[PlannedInteraction], real: dict[int, int]
) -> list[PlannedInteraction]:
    """The interactions with real ids, less what was captured or deleted since the plan
    (another capture, or a person deleted, in between). A growth's entry deleted since
    is left out when it is written (``grow_captured``)."""
    keyed = [(p, p.keys) for p in chosen]
    taken = capture_repo.existing_keys(db, (k for _, keys in keyed for k in keys))
    alive = imports_repo.existing_people(
        db, (pid for p, _ in keyed for pid in p.person_ids if pid > 0)
    ) | set(real.values())
    out = []
    for planned, keys in keyed:
        if taken and any(k in taken for k in keys):
            continue
        ids = tuple(real.get(pid, pid) for pid in planned.person_ids)
        ids = tuple(pid for pid in ids if pid in alive)
        if ids == planned.person_ids:
            out.append(planned)
        elif ids or planned.grows is not None:  # a growth may bring nobody new
            by_name = tuple(pid for pid in planned.by_name if pid in ids)
            out.append(replace(planned, person_ids=ids, by_name=by_name))
    return out
