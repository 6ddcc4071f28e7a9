"""Reading the files of an import and deciding every card, before anything is written.

``importing.plan_import`` is the public entry; this module does the work: read each file
(only regular files, whole, never more than ``MAX_FILE_BYTES``, never modified), note its
checksum and any earlier import of the same bytes, read its cards, and match them all at
once against the people you know (see ``domain.importing.blocks``) and against each other.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from relapp.domain.bounded_read import FileRefused, check_regular, read_regular_file
from relapp.domain.errors import VCardFileError
from relapp.domain.i18n import _
from relapp.domain.importing import blocks as import_blocks
from relapp.domain.importing.decide import plan_cards
from relapp.domain.importing.merge import card_key
from relapp.domain.importing.plan import CardInput, ImportPlan, PlannedFile
from relapp.domain.letting_go import let_go
from relapp.domain.match_profile import forget_profiles
from relapp.domain.matching import Match, PersonKeys, keys_of_draft
from relapp.domain.vcard import MAX_FILE_BYTES, VCardReadResult, read_vcards
from relapp.domain.vcard.textcodec import too_large_message
from relapp.services.importing.folders import vcard_files_in
from relapp.storage import Database, imports_repo, people_repo, uids_repo

Progress = Callable[[int, int], None]
"""``progress(done, total)``; may raise to stop."""

# Share of the planning progress bar that reading the files takes (matching the rest).
_READING_SHARE = 800
_TOTAL = 1000
_LAST = 2**62


@dataclass(frozen=True)
class Source:
    """A file to import: its name, where it is (if a file), its bytes or why not."""

    name: str
    path: str
    data: bytes | None
    error: str = ""


def read_sources(paths: Iterable[str | os.PathLike[str]]) -> list[Source]:
    """``read_source`` of each file; a folder gives its vCard files, all the way down
    (``folders.vcard_files_in``), or says it has none."""
    out: list[Source] = []
    for path in paths:
        if not Path(path).is_dir():
            out.append(read_source(path))
            continue
        inside = vcard_files_in(Path(path))
        if not inside:
            name = Path(path).name or str(path)
            out.append(Source(name, str(path), None, _("no vCard files in this folder")))
        out.extend(read_source(file) for file in inside)
    return out


def read_source(path: str | os.PathLike[str]) -> Source:
    """The bytes of a file to import (read only; the file is never changed)."""
    file = Path(path)
    name = file.name or str(path)
    try:
        size = check_regular(path)  # a pipe, device or socket is never opened
        if size > MAX_FILE_BYTES:
            return Source(name, str(path), None, too_large_message(size))
        return Source(name, str(path), read_regular_file(path, MAX_FILE_BYTES))
    except FileRefused as exc:
        return Source(name, str(path), None, exc.message)


def _inputs(result: VCardReadResult) -> list[CardInput]:
    """The cards and the cards' errors of a file, in file order."""
    if result.file_error is not None:
        return [CardInput(result.file, None, None, error=result.file_error)]
    items: list[tuple[int, CardInput]] = [
        (
            card.index,
            CardInput(
                result.file,
                card.index,
                card.line,
                draft=card.draft,
                warnings=card.warnings,
                photo_url=card.photo_url,
                uid=card.uid,
            ),
        )
        for card in result.cards
    ]
    items.extend(
        (
            error.card_index if error.card_index is not None else _LAST,
            CardInput(result.file, error.card_index, error.line, error=error),
        )
        for error in result.errors
    )
    items.sort(key=lambda pair: pair[0])
    return [item for _, item in items]


def plan_sources(
    db: Database, sources: Sequence[Source], progress: Progress | None = None
) -> ImportPlan:
    files: list[PlannedFile] = []
    inputs: list[CardInput] = []
    for number, source in enumerate(sources):
        planned, items = _read(db, source, number, len(sources), progress)
        files.append(planned)
        inputs.extend(items)
    if progress is not None:
        progress(_READING_SHARE, _TOTAL)
    keys = [keys_of_draft(i.draft) if i.draft is not None else None for i in inputs]
    card_keys = [card_key(i.draft) if i.draft is not None else "" for i in inputs]
    previous = imports_repo.previous_imports(db, card_keys)
    try:
        known = _same_uid_first(db, inputs, _match_known(db, keys))
        if progress is not None:
            progress(_TOTAL - 50, _TOTAL)
        cards = plan_cards(inputs, keys, card_keys, known, previous)
    finally:
        forget_profiles()  # read once per card and known person; not kept after
    named: set[int] = set()
    for card in cards:
        named.update(m.person_id for m in (card.match, *card.other_matches) if m is not None)
        if card.previous is not None:
            named.add(card.previous.person_id)
    people = people_repo.person_rows(db, sorted(named))
    leftovers: list[object] = [inputs, keys, card_keys, previous, known]
    del inputs, keys, card_keys, previous, known
    let_go(leftovers)  # as in _match_known
    if progress is not None:
        progress(_TOTAL, _TOTAL)
    return ImportPlan(tuple(files), cards, people)


def _read(
    db: Database, source: Source, number: int, count: int, progress: Progress | None
) -> tuple[PlannedFile, list[CardInput]]:
    data = source.data
    if data is None:
        error = VCardFileError(source.name, source.error)
        planned = PlannedFile(source.name, source.path, "", 0, 0, error=error)
        return planned, [CardInput(source.name, None, None, error=error)]
    checksum = hashlib.sha256(data).hexdigest()
    share = _READING_SHARE // max(count, 1)

    def on_cards(done: int, total: int) -> None:
        if progress is not None:
            progress(number * share + share * done // max(total, 1), _TOTAL)

    result = read_vcards(data, source.name, progress=on_cards)
    items = _inputs(result)
    planned = PlannedFile(
        name=source.name,
        path=source.path,
        checksum=checksum,
        size=len(data),
        cards=len(items) if result.file_error is None else 0,
        skipped=result.skipped,
        error=result.file_error,
        imported_before=tuple(imports_repo.batches_with_checksum(db, checksum)),
    )
    return planned, items


SAME_UID = "same UID"


def _same_uid_first(
    db: Database, inputs: Sequence[CardInput], known: list[list[Match]]
) -> list[list[Match]]:
    """A card with the UID of a person you have is that person (an export of Relapp's,
    or a card a phone synced): the strongest match, above any other."""
    owners = uids_repo.ids_by_uid(db, "person", (i.uid for i in inputs if i.uid))
    for row, item in enumerate(inputs):
        pid = owners.get(item.uid) if item.uid else None
        if pid is not None:
            others = [replace(m, strong=False) for m in known[row] if m.person_id != pid]
            known[row] = [Match(pid, 1.0, (SAME_UID,), True), *others]
    return known


def _match_known(db: Database, keys: Sequence[PersonKeys | None]) -> list[list[Match]]:
    present = [k for k in keys if k is not None]
    if not present or not imports_repo.anyone_known(db):
        return [[] for _ in keys]
    emails = {e for k in present for e in k.email_keys}
    phones = {p for k in present for p in k.phone_keys}
    email_owners, phone_owners = imports_repo.contact_owners(db, emails, phones)
    names = import_blocks.KnownNames.build(imports_repo.name_rows(db))
    candidates: list[list[int]] = []
    for k in keys:
        if k is None:
            candidates.append([])
            continue
        ids = import_blocks.contact_candidates(k, email_owners, phone_owners)
        ids.extend(i for i in names.candidates(k) if i not in ids)
        candidates.append(ids)
    known = imports_repo.person_keys(db, {i for ids in candidates for i in ids})
    phone_counts = {key: len(owners) for key, owners in phone_owners.items()}
    email_counts = {key: len(owners) for key, owners in email_owners.items()}
    matches = import_blocks.match_known(
        keys, candidates, known, phone_counts, email_owner_counts=email_counts
    )
    # Everyone's name blocks, owners and keys go a few at a time (``let_go``): freed in
    # one go as this returned, they held the GIL, and so the window, 30 ms (issue 18).
    leftovers: list[object] = [names, candidates, known, email_owners, phone_owners]
    del names, candidates, known, email_owners, phone_owners
    let_go(leftovers)
    return matches
