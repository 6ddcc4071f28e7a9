"""Reading vCard files (2.1, 3.0, 4.0) into PersonDrafts.

The file is decoded (``textcodec``), cut into cards on its BEGIN/END lines (``splitter``),
and each card is read on its own (``normalise``, then ``mapping``), so one broken card is
reported with its position and the others are still read. A file that is not a vCard at
all gives exactly one VCardFileError and no cards.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from relapp.domain.bounded_read import FileRefused, check_regular, read_regular_file
from relapp.domain.errors import VCardError, VCardFileError
from relapp.domain.i18n import _
from relapp.domain.model import PersonDraft
from relapp.domain.vcard.mapping import map_card
from relapp.domain.vcard.normalise import CardProblem, parse_card
from relapp.domain.vcard.splitter import Chunk, split_cards
from relapp.domain.vcard.textcodec import MAX_FILE_BYTES, decode_vcard, too_large_message

Progress = Callable[[int, int], None]
"""Called as ``progress(cards_done, cards_total)`` while reading; may raise to cancel."""

_PROGRESS_EVERY = 200


@dataclass(frozen=True)
class ParsedCard:
    index: int  # 1-based position in the file
    line: int  # 1-based line where BEGIN:VCARD is
    draft: PersonDraft
    version: str  # "2.1" / "3.0" / "4.0"
    warnings: tuple[str, ...] = ()
    photo_url: str = ""  # a photo given as a link, not fetched
    uid: str = ""  # the card's UID ("" without one)


@dataclass(frozen=True)
class VCardReadResult:
    file: str
    cards: tuple[ParsedCard, ...] = ()
    errors: tuple[VCardError, ...] = ()
    skipped: tuple[str, ...] = ()  # e.g. "card 4 (line 30): a contact group, not a person"

    @property
    def drafts(self) -> list[PersonDraft]:
        return [card.draft for card in self.cards]

    @property
    def file_error(self) -> VCardFileError | None:
        """The whole-file problem, when the file could not be read as vCards at all."""
        return next((e for e in self.errors if isinstance(e, VCardFileError)), None)


def read_vcard_file(
    path: str | os.PathLike[str], *, progress: Progress | None = None
) -> VCardReadResult:
    """Read a .vcf file; errors name the file by its base name."""
    file = Path(path).name
    try:
        size = check_regular(path)  # a pipe, device or socket is never opened
        if size > MAX_FILE_BYTES:
            return _file_error(file, too_large_message(size))
        data = read_regular_file(path, MAX_FILE_BYTES)
    except FileRefused as exc:
        return _file_error(file, exc.message)
    return read_vcards(data, file, progress=progress)


def read_vcards(
    data: bytes, file: str = "<memory>", *, progress: Progress | None = None
) -> VCardReadResult:
    """Read the cards of a vCard file's bytes; ``file`` names it in errors and warnings.

    Never raises for bad input: broken cards are in ``errors`` (with card index and line),
    non-person cards in ``skipped``, and a file that is not a vCard at all gives exactly
    one VCardFileError and no cards.
    """
    try:
        text, notes = decode_vcard(data, file)
    except VCardFileError as exc:
        return VCardReadResult(file, errors=(exc,))
    chunks = split_cards(text)
    if not chunks:
        return _file_error(file, _("no card in it starts with a BEGIN:VCARD line"))
    cards: list[ParsedCard] = []
    errors: list[VCardError] = []
    skipped: list[str] = []
    total = len(chunks)
    for done, chunk in enumerate(chunks, start=1):
        if chunk.problem:
            errors.append(VCardError(file, chunk.index, chunk.line, chunk.problem))
        elif chunk.skipped:
            skipped.append(_where(chunk, chunk.skipped))
        else:
            _read_chunk(file, chunk, cards, errors, skipped, _notes_in(notes, chunk))
        if progress is not None and (done % _PROGRESS_EVERY == 0 or done == total):
            progress(done, total)
    return VCardReadResult(file, tuple(cards), tuple(errors), tuple(skipped))


def _notes_in(notes: list[tuple[int, str]], chunk: Chunk) -> tuple[str, ...]:
    """The decoder's notes on lines of this card (how text that was not UTF-8 was read)."""
    if not notes:
        return ()
    last = chunk.text_line + chunk.text.count("\n")
    return tuple(message for line, message in notes if chunk.line <= line <= last)


def _read_chunk(
    file: str,
    chunk: Chunk,
    cards: list[ParsedCard],
    errors: list[VCardError],
    skipped: list[str],
    decoding: tuple[str, ...] = (),
) -> None:
    try:
        props, warnings = parse_card(chunk.text, chunk.text_line)
        warnings[:0] = chunk.notes + decoding
        mapped = map_card(props, warnings)
    except CardProblem as exc:
        errors.append(VCardError(file, chunk.index, chunk.line, str(exc)))
        return
    except Exception as exc:  # one unreadable card must not sink the file
        message = _("could not be read ({error})").format(error=f"{type(exc).__name__}: {exc}")
        errors.append(VCardError(file, chunk.index, chunk.line, message))
        return
    if mapped.draft is None:
        skipped.append(_where(chunk, mapped.skipped))
        return
    cards.append(
        ParsedCard(
            chunk.index,
            chunk.line,
            mapped.draft,
            mapped.version,
            mapped.warnings,
            mapped.photo_url,
            mapped.uid,
        )
    )


def _where(chunk: Chunk, what: str) -> str:
    return _("card {card} (line {line}): {what}").format(
        card=chunk.index, line=chunk.line, what=what
    )


def _file_error(file: str, message: str) -> VCardReadResult:
    return VCardReadResult(file, errors=(VCardFileError(file, message),))
