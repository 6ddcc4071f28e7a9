"""The Relapp JSON format: everything the user has, in one documented, versioned file.

``export_json`` writes people (every field, photo as base64, archived state, times),
their contact points and tags, interactions with their people and kinds, introductions
and promises, with their ids, streaming a page at a time. ``import_json`` reads such a
file back into an EMPTY database, giving identical data with the same ids; a database
that already holds people is refused (nothing is merged or renumbered: see
docs/json-format.md). The file is checked whole before anything is written, and written
in one transaction, so a bad file or a failure changes nothing.
"""

from __future__ import annotations

import io
import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from relapp import __version__
from relapp.domain.bounded_read import FileRefused, check_regular, open_regular, too_large
from relapp.domain.dates import number_text
from relapp.domain.errors import RelappError
from relapp.domain.i18n import N_, _, ngettext
from relapp.domain.sizes import megabytes_text
from relapp.services.atomic_file import atomic_text_file
from relapp.services.exporting import ExportError, ExportResult, Progress
from relapp.services.json_file import encode as json_encode
from relapp.services.json_file.stream import JsonSyntaxError, JsonValueError, read_members
from relapp.services.json_file.validate import (
    FORMAT_NAME,
    FORMAT_VERSION,
    FileProblems,
    Restorer,
    Validator,
)
from relapp.services.leftovers import journal_folder
from relapp.storage import Database, export_repo, restore_repo

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "MAX_JSON_BYTES",
    "DatabaseNotEmpty",
    "JsonImportError",
    "JsonImportResult",
    "export_json",
    "import_json",
]

MAX_JSON_BYTES = 1024 * 1024 * 1024  # 1 GiB; read as a stream, never whole
PAGE = 1000
_encode = json.JSONEncoder(ensure_ascii=False).encode


class JsonImportError(RelappError):
    """A Relapp JSON file could not be imported; the database was not changed.

    ``problems`` lists what is wrong and where (the first few dozen)."""

    title = N_("Cannot import the Relapp JSON file")

    def __init__(self, file: str, message: str, problems: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.file = file
        self.problems = problems

    def __str__(self) -> str:
        lines = [f"{self.file}: {self.message}", *(f"  {p}" for p in self.problems)]
        return "\n".join(lines)


class DatabaseNotEmpty(JsonImportError):
    """The database already holds data; a JSON file is only restored into an empty one."""


@dataclass(frozen=True)
class JsonImportResult:
    path: Path
    people: int
    tags: int
    contact_points: int
    interactions: int
    introductions: int
    promises: int
    settings: int
    seconds: float

    def summary(self) -> str:
        def n(count: int) -> str:
            return number_text(count)

        return _(
            "Restored {people}, {contact_points}, {tags}, {interactions}, {introductions} "
            "and {promises} from {file}"
        ).format(
            people=ngettext("{n} person", "{n} people", self.people).format(n=n(self.people)),
            contact_points=ngettext(
                "{n} contact point", "{n} contact points", self.contact_points
            ).format(n=n(self.contact_points)),
            tags=ngettext("{n} tag", "{n} tags", self.tags).format(n=n(self.tags)),
            interactions=ngettext("{n} interaction", "{n} interactions", self.interactions).format(
                n=n(self.interactions)
            ),
            introductions=ngettext(
                "{n} introduction", "{n} introductions", self.introductions
            ).format(n=n(self.introductions)),
            promises=ngettext("{n} promise", "{n} promises", self.promises).format(
                n=n(self.promises)
            ),
            file=self.path.name,
        )

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["path"] = str(self.path)
        return out


# --- export ---------------------------------------------------------------------------


Encoder = Callable[[Any], dict[str, Any]]


def _paged(fetch: Callable[[int, int], list[Any]]) -> Iterator[Any]:
    after = 0
    while page := fetch(after, PAGE):
        yield from page
        after = page[-1].id


def _sections(db: Database) -> list[tuple[str, Iterator[Any], Encoder]]:
    def paged(fetch: Callable[[Database, int, int], list[Any]]) -> Iterator[Any]:
        return _paged(lambda after, limit: fetch(db, after, limit))

    return [
        ("settings", export_repo.iter_settings(db), json_encode.setting_json),
        ("tags", export_repo.iter_tags(db), json_encode.tag_json),
        ("people", paged(export_repo.people_after), json_encode.person_json),
        ("interactions", paged(export_repo.interactions_after), json_encode.interaction_json),
        ("introductions", paged(export_repo.introductions_after), json_encode.introduction_json),
        ("promises", paged(export_repo.promises_after), json_encode.promise_json),
        ("captured", paged(export_repo.captured_after), json_encode.captured_json),
        ("capture_keys", _keys(db), json_encode.capture_key_json),
    ]


def _keys(db: Database) -> Iterator[Any]:
    after = ""
    while page := export_repo.capture_keys_after(db, after, PAGE):
        yield from page
        after = page[-1].key


def export_json(
    db: Database, path: str | os.PathLike[str], *, progress: Progress | None = None
) -> ExportResult:
    """Write everything to ``path`` as Relapp JSON (atomically, private to the user).

    One record per line; read in pages, so memory does not grow with the data."""
    started = time.perf_counter()
    target = Path(path)
    try:
        with db.read(), atomic_text_file(target, journal=journal_folder(db.path)) as out:
            counts = export_repo.counts(db)
            total = counts.people + counts.interactions + counts.introductions + counts.promises
            done = 0
            if progress is not None:
                progress(0, total)
            header = {
                "format": FORMAT_NAME,
                "version": FORMAT_VERSION,
                "exported_at": json_encode.timestamp(int(datetime.now(UTC).timestamp())),
                "app_version": __version__,
                "schema_version": db.schema_version,
            }
            out.write("{\n")
            for key, value in header.items():
                out.write(f"{json.dumps(key)}: {json.dumps(value)},\n")
            sections = _sections(db)
            for number, (key, records, encode) in enumerate(sections):
                out.write(f"{json.dumps(key)}: [")
                first = True
                for record in records:
                    out.write("\n" if first else ",\n")
                    out.write(_encode(encode(record)))
                    first = False
                    if key not in ("settings", "tags"):
                        done += 1
                        if progress is not None and done % 2000 == 0:
                            progress(done, total)
                out.write("]" if first else "\n]")
                out.write(",\n" if number < len(sections) - 1 else "\n}\n")
            if progress is not None:
                progress(total, total)
    except OSError as exc:
        raise ExportError.writing(target, exc) from exc
    return ExportResult(
        path=target,
        what="Relapp JSON",
        people=counts.people,
        size=target.stat().st_size,
        seconds=time.perf_counter() - started,
        interactions=counts.interactions,
        introductions=counts.introductions,
        promises=counts.promises,
    )


# --- import ---------------------------------------------------------------------------


class _CountingReader(io.RawIOBase):
    """A binary file that counts the bytes read (for progress)."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.done = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self.raw.readinto(buffer)  # type: ignore[attr-defined]
        self.done += n or 0
        if self.done > MAX_JSON_BYTES:  # the file grew after it was measured
            raise FileProblems(str(too_large(MAX_JSON_BYTES)) + ". Nothing was changed.")
        return n or 0


def _members(path: Path, on_bytes: Callable[[int], None], strict: bool) -> Iterator[Any]:
    try:
        fd = open_regular(path)
    except FileRefused as exc:
        raise FileProblems(_("{problem}.").format(problem=exc.message)) from exc
    with open(fd, "rb") as raw:
        counter = _CountingReader(raw)
        text = io.TextIOWrapper(io.BufferedReader(counter), encoding="utf-8-sig")
        for member in read_members(text, strict=strict):
            on_bytes(counter.done)
            yield member


def _refuse_unless_empty(db: Database, file: str) -> None:
    found = export_repo.rows_in_owning_tables(db)
    if not found:
        return
    held = ", ".join(_held(table, n) for table, n in found.items())
    raise DatabaseNotEmpty(
        file,
        _(
            "this database already holds data ({held}). A Relapp JSON file restores "
            "everything with its own ids, so it is only read into an empty database: "
            "open a new data folder (relapp --data-dir NEW_FOLDER import FILE.json) and "
            "import it there. To add people to the people you know, import vCards instead; "
            "they are matched against them. Nothing was changed."
        ).format(held=held),
    )


def _held(table: str, n: int) -> str:
    """ "3 people", "1 tag": what a table of the database holds."""
    if table == "person":
        words = ngettext("{n} person", "{n} people", n)
    elif table == "tag":
        words = ngettext("{n} tag", "{n} tags", n)
    elif table == "interaction":
        words = ngettext("{n} interaction", "{n} interactions", n)
    elif table == "introduction":
        words = ngettext("{n} introduction", "{n} introductions", n)
    else:
        words = ngettext("{n} promise", "{n} promises", n)
    return words.format(n=number_text(n))


def import_json(
    db: Database, path: str | os.PathLike[str], *, progress: Progress | None = None
) -> JsonImportResult:
    """Restore a Relapp JSON file into an empty database (same ids, identical data).

    Raises ``DatabaseNotEmpty`` if the database holds any people, tags, interactions,
    introductions or promises, and ``JsonImportError`` (with what and where) for a file
    that is not a valid Relapp JSON file. Either way nothing is written.
    """
    started = time.perf_counter()
    source = Path(path)
    file = source.name
    try:
        size = check_regular(source)  # a pipe, device or socket is never opened
    except FileRefused as exc:
        raise JsonImportError(file, _("{problem}.").format(problem=exc.message)) from exc
    if size > MAX_JSON_BYTES:
        raise JsonImportError(
            file,
            _(
                "the file is {size}; Relapp reads JSON files of up to {limit}. Nothing was changed."
            ).format(
                size=megabytes_text(size, places=0), limit=megabytes_text(MAX_JSON_BYTES, places=0)
            ),
        )
    _refuse_unless_empty(db, file)
    total = max(size, 1) * 2

    def report(offset: int) -> Callable[[int], None]:
        def on_bytes(done: int) -> None:
            if progress is not None:
                progress(min(offset + done, total), total)

        return on_bytes

    now = int(datetime.now(UTC).timestamp())
    stamp = _stamp(source)
    validator = Validator(now)
    try:
        _read(source, file, report(0), validator.feed, strict=True)
        validator.finish()
        restorer = Restorer(
            db, validator.tag_ids, now, file=file, captured=validator.counts["captured"]
        )
        with restore_repo.write_transaction(db):
            _refuse_unless_empty(db, file)
            restore_repo.defer_foreign_keys(db)
            _read(source, file, report(size), restorer.feed, strict=False)
            restorer.finish()
            if _stamp(source) != stamp:
                raise FileProblems(_("the file changed while it was being imported."))
    except FileProblems as exc:
        raise JsonImportError(file, exc.message, exc.problems) from exc
    except restore_repo.RestoreFailed as exc:
        raise JsonImportError(
            file, _("{problem}. Nothing was changed.").format(problem=exc.message)
        ) from exc
    counts = validator.counts
    return JsonImportResult(
        path=source,
        people=counts["people"],
        tags=counts["tags"],
        contact_points=counts["contact_points"],
        interactions=counts["interactions"],
        introductions=counts["introductions"],
        promises=counts["promises"],
        settings=counts["settings"],
        seconds=time.perf_counter() - started,
    )


def _stamp(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_size, info.st_mtime_ns


def _read(
    source: Path, file: str, on_bytes: Callable[[int], None], feed: Callable, strict: bool
) -> None:
    """Feed the file's members; ``strict`` also refuses keys given twice (the checking
    pass does; the writing pass reads the same, unchanged file)."""
    try:
        for member in _members(source, on_bytes, strict):
            feed(member)
    except JsonValueError as exc:
        said = _(
            "{problem} (line {line}, column {column}); Relapp does not read it. Nothing was "
            "changed."
        ).format(problem=exc.reason, line=exc.line, column=exc.column)
        raise JsonImportError(file, f"{exc.path}: {said}" if exc.path else said) from exc
    except JsonSyntaxError as exc:
        raise JsonImportError(
            file,
            _(
                "this is not a Relapp JSON file: it is not valid JSON ({problem} at line "
                "{line}, column {column}). Nothing was changed."
            ).format(problem=exc.reason, line=exc.line, column=exc.column),
        ) from exc
    except UnicodeDecodeError as exc:
        raise JsonImportError(
            file,
            _(
                "this is not a Relapp JSON file: it is not UTF-8 text ({problem}). Nothing "
                "was changed."
            ).format(problem=exc.reason),
        ) from exc
    except OSError as exc:
        unread = _("the file cannot be read ({reason}).").format(reason=exc.strerror or exc)
        raise JsonImportError(file, unread) from exc
