"""Undoing an import as a whole, in one transaction.

A history capture's interactions are deleted first (``capture_repo.remove_batch``), and
the entries it grew are put back as they were (``capture_growth_repo.ungrow_batch``).
People the import created are deleted, unless you have worked with them since: a person
with an interaction, promise or introduction, or whose details you edited, is archived
instead (deleting them would delete what you typed), and the result names them. People
the import merged into get back what they had: exactly their details from before when
nobody changed them since, otherwise only what the import added is taken out.
"""

from __future__ import annotations

from relapp.domain.dates import day_clock_text
from relapp.domain.errors import NotFound, RelappError
from relapp.domain.i18n import N_, _
from relapp.domain.importing.merge import unmerge
from relapp.domain.importing.records import ChangeAction, UndoResult, fingerprint
from relapp.domain.model import PersonDraft
from relapp.services.timezone import local_zone
from relapp.storage import Database, capture_growth_repo, capture_repo, imports_repo, people_repo
from relapp.storage.timeconv import now_db, to_db


class AlreadyUndone(RelappError):
    title = N_("Already undone")


def undo_import(db: Database, batch_id: int) -> UndoResult:
    """Take back import ``batch_id``; raises NotFound or AlreadyUndone."""
    with db.bulk_atomic():
        batch = imports_repo.get_batch(db, batch_id)
        if batch.undone_at is not None:
            when = day_clock_text(batch.undone_at.astimezone(local_zone()))
            raise AlreadyUndone(
                _("The import of {file} was already undone ({when}).").format(
                    file=batch.file_name, when=when
                )
            )
        # A history capture: its interactions go first, so the people it added have no
        # history left of it (and are deleted unless you worked with them since).
        # The entries it grew (days captured before) go back to how they were.
        grown, with_people = capture_growth_repo.ungrow_batch(db, batch_id)
        captured, removed_with = capture_repo.remove_batch(db, batch_id)
        with_people |= removed_with
        changes = imports_repo.changes_of(db, batch_id)
        prints: dict[int, str] = {}
        merges: dict[int, tuple[PersonDraft, PersonDraft]] = {}
        for change in changes:
            if change.action is ChangeAction.CREATED:
                if change.fingerprint:
                    prints[change.person_id] = change.fingerprint
                else:
                    prints.setdefault(change.person_id, "")
            elif change.before is not None and change.after is not None:
                merges.setdefault(change.person_id, (change.before, change.after))
        alive = imports_repo.existing_people(db, [*prints, *merges])
        created = [pid for pid in prints if pid in alive]
        keep = imports_repo.people_with_history(db, created)
        for pid in imports_repo.touched_since(db, created, to_db(batch.imported_at)) - keep:
            if fingerprint(people_repo.get_person(db, pid).draft()) != prints[pid]:
                keep.add(pid)
        gone = [pid for pid in created if pid not in keep]
        tags = imports_repo.tags_of(db, gone)
        kept_names = [
            people_repo.get_person(db, pid).display_name for pid in created if pid in keep
        ]
        now = now_db()
        imports_repo.archive_people(db, keep, now)
        imports_repo.delete_people(db, gone)
        restored = 0
        for pid, (before, after) in merges.items():
            if pid not in alive:
                continue
            try:
                current = people_repo.get_person(db, pid).draft()
            except NotFound:
                continue
            tags.update(t for t in after.tags if t not in before.tags)
            people_repo.update_person(db, pid, unmerge(current, before, after))
            restored += 1
        imports_repo.drop_unused_tags(db, tags)
        imports_repo.mark_undone(db, batch_id, now)
    changed = tuple(
        dict.fromkeys((*created, *(pid for pid in merges if pid in alive), *sorted(with_people)))
    )
    return UndoResult(batch_id, len(gone), restored, tuple(kept_names), changed, captured, grown)
