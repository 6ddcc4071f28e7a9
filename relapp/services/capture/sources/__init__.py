"""Readers of history archives, one module per format, each yielding
``relapp.domain.capture.records.CaptureItem`` (see that module for the contract).

Each module exposes ``sniff(path: Path, head: bytes) -> SourceKind | None`` (decides by
content, not by the file name's extension) and ``read(path: Path) -> Iterator[CaptureItem]``
(streams: memory stays bounded whatever the file's size).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

from relapp.domain.capture.records import CaptureItem, CaptureProblem, SourceKind
from relapp.domain.i18n import _
from relapp.services.capture.sources import calendar, linkedin, mail, sms, telegram, whatsapp

SOURCES: tuple[ModuleType, ...] = (mail, calendar, whatsapp, telegram, sms, linkedin)
"""The source modules, asked in this order; the first whose ``sniff`` says yes reads."""

HEAD_BYTES = 65536  # the readers decide on at most this much (LinkedIn's preamble, JSON keys)


def _head(path: Path) -> bytes:
    if not path.is_file():  # a folder, or a pipe or device that must not be opened
        return b""
    with path.open("rb") as stream:
        return stream.read(HEAD_BYTES)


def _source_of(path: Path) -> tuple[ModuleType, SourceKind] | None:
    head = _head(path)
    for module in SOURCES:
        kind: SourceKind | None = module.sniff(path, head)
        if kind is not None:
            return module, kind
    return None


def detect(path: Path) -> SourceKind | None:
    """Which history source ``path`` is, by its content; None when it is none of them
    (or cannot be read)."""
    try:
        found = _source_of(Path(path))
    except OSError:
        return None
    return None if found is None else found[1]


def read(path: Path) -> Iterator[CaptureItem]:
    """The records of ``path``, streamed; a file no source reads is one problem."""
    path = Path(path)
    try:
        found = _source_of(path)
    except OSError as error:
        yield CaptureProblem(
            path.name,
            _("the file"),
            _("it could not be read ({error})").format(error=error.strerror),
        )
        return
    if found is None:
        yield CaptureProblem(
            path.name, _("the file"), _("it is not a mail, calendar or chat archive")
        )
        return
    yield from found[0].read(path)
