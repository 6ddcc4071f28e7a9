"""Exporting people as a vCard file (4.0, or 3.0 for older programs).

People are read a page at a time and written as they are read, so exporting 100,000
people never holds them all in memory. The file is written atomically and private to
the user (see ``atomic_file``). The Relapp JSON export of everything lives in
``json_file.format``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from relapp.domain.dates import number_text
from relapp.domain.errors import InvalidInput, RelappError
from relapp.domain.i18n import N_, _, ngettext
from relapp.domain.model import PersonDraft
from relapp.domain.vcard.writer import VERSIONS, write_vcards
from relapp.services.atomic_file import atomic_text_file
from relapp.services.leftovers import journal_folder
from relapp.storage import Database, export_repo, person_codec
from relapp.storage.export_repo import PersonRecord

Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` while exporting; may raise to cancel."""

PAGE = 500
DEFAULT_VCARD_VERSION = "4.0"


class ExportError(RelappError):
    """The export file could not be written; nothing was left half-written."""

    title = N_("Cannot export")

    def __init__(self, path: Path | str, message: str) -> None:
        super().__init__(message)
        self.path = Path(path)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"

    @classmethod
    def writing(cls, path: Path, exc: OSError) -> ExportError:
        return cls(
            path, _("the file could not be written ({error}).").format(error=exc.strerror or exc)
        )


@dataclass(frozen=True)
class ExportResult:
    path: Path
    what: str  # "vCard 4.0", "vCard 3.0", "Relapp JSON"
    people: int
    size: int  # bytes written
    seconds: float
    interactions: int = 0
    introductions: int = 0
    promises: int = 0

    def summary(self) -> str:
        parts = [
            ngettext("{n} person", "{n} people", self.people).format(n=number_text(self.people))
        ]
        for count, words in (
            (self.interactions, lambda n: ngettext("{n} interaction", "{n} interactions", n)),
            (self.introductions, lambda n: ngettext("{n} introduction", "{n} introductions", n)),
            (self.promises, lambda n: ngettext("{n} promise", "{n} promises", n)),
        ):
            if count:
                parts.append(words(count).format(n=number_text(count)))
        return _("Exported {what} as {format} to {file} ({size})").format(
            what=", ".join(parts), format=self.what, file=self.path, size=_size(self.size)
        )


def _size(n: int) -> str:
    if n < 1024:
        return ngettext("{n} byte", "{n} bytes", n).format(n=n)
    if n < 1024 * 1024:
        return _("{n} KB").format(n=number_text(round(n / 1024, 1)))
    return _("{n} MB").format(n=number_text(round(n / (1024 * 1024), 1)))


def draft_from_record(record: PersonRecord) -> PersonDraft:
    """A stored person's row as the PersonDraft the vCard writer takes."""
    return person_codec.record_draft(record)


def _pages_of_everyone(db: Database, include_archived: bool) -> Iterator[list[PersonRecord]]:
    after = 0
    while page := export_repo.people_after(db, after, PAGE, include_archived=include_archived):
        yield page
        after = page[-1].id


def _pages_of(db: Database, ids: Sequence[int]) -> Iterator[list[PersonRecord]]:
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), PAGE):
        yield export_repo.people_with_ids(db, unique[start : start + PAGE])


def export_vcards(
    db: Database,
    path: str | os.PathLike[str],
    *,
    person_ids: Sequence[int] | None = None,
    version: str = DEFAULT_VCARD_VERSION,
    include_archived: bool = False,
    progress: Progress | None = None,
) -> ExportResult:
    """Write ``person_ids`` (or everyone; archived people only with ``include_archived``)
    to ``path`` as vCard ``version`` ("4.0" or "3.0")."""
    if version not in VERSIONS:
        raise InvalidInput(
            N_("vCard version"),
            _("choose one of {versions}, not {version}.").format(
                versions=", ".join(VERSIONS), version=version
            ),
        )
    started = time.perf_counter()
    target = Path(path)
    written = 0
    try:
        with db.read(), atomic_text_file(target, journal=journal_folder(db.path)) as out:
            if person_ids is None:
                total = export_repo.counts(db, include_archived=include_archived).people
                pages = _pages_of_everyone(db, include_archived)
            else:
                total = len(set(person_ids))
                pages = _pages_of(db, person_ids)
            if progress is not None:
                progress(0, total)
            for page in pages:
                out.write(
                    write_vcards(
                        (draft_from_record(r) for r in page), version, (r.uid for r in page)
                    )
                )
                written += len(page)
                if progress is not None:
                    progress(written, total)
    except OSError as exc:
        raise ExportError(
            target, f"the file could not be written ({exc.strerror or exc})."
        ) from exc
    return ExportResult(
        path=target,
        what=f"vCard {version}",
        people=written,
        size=target.stat().st_size,
        seconds=time.perf_counter() - started,
    )
