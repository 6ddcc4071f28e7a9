"""Bytes to text for vCard files: what exporters really write.

Files are UTF-8 in theory. In practice there are UTF-16 files from Windows tools, UTF-8
files with a BOM, and Latin-1 (or Windows-1252) bytes under a ``CHARSET=UTF-8`` label.
A file that is not text at all (an image, a program, random bytes) is refused here with
one clear message, before any parsing.
"""

from __future__ import annotations

import re

from relapp.domain.errors import VCardFileError
from relapp.domain.i18n import N_, _
from relapp.domain.sizes import megabytes_text
from relapp.domain.vcard.charsets import Note, decode_legacy, guess, join_split_characters

MAX_FILE_BYTES = 50 * 1024 * 1024
"""Larger files are refused before parsing (an address book of 100,000 people with
small photos stays well under this)."""

_SNIFF_BYTES = 8192

# Leading bytes of common files that people drop by mistake, and how to name them.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", N_("this is a PNG image, not a vCard file")),
    (b"\xff\xd8\xff", N_("this is a JPEG image, not a vCard file")),
    (b"GIF87a", N_("this is a GIF image, not a vCard file")),
    (b"GIF89a", N_("this is a GIF image, not a vCard file")),
    (b"%PDF-", N_("this is a PDF document, not a vCard file")),
    (b"PK\x03\x04", N_("this is a ZIP archive (or an office document), not a vCard file")),
    (b"\x1f\x8b", N_("this is a gzip archive, not a vCard file")),
    (b"SQLite format 3\x00", N_("this is an SQLite database, not a vCard file")),
    (b"\x7fELF", N_("this is a program, not a vCard file")),
    (b"BEGIN:VCALENDAR", N_("this is a calendar (iCalendar) file, not a vCard file")),
)

# A vCard file has a BEGIN:VCARD line, or at least an END:VCARD (a card that lost its
# BEGIN line is read too).
_BEGIN_VCARD = re.compile(rb"(?:begin|end)[ \t]*:[ \t]*vcard", re.IGNORECASE)
_BEGIN_VCARD_TEXT = re.compile(r"(?:begin|end)[ \t]*:[ \t]*vcard", re.IGNORECASE)
# A file that starts like a vCard is read card by card even if it holds binary junk later:
# the damaged cards are reported on their own.
_STARTS_AS_VCARD = re.compile(rb"(?:\xef\xbb\xbf)?\s*begin[ \t]*:[ \t]*vcard", re.IGNORECASE)
_NOT_A_VCARD = N_("there is no BEGIN:VCARD in it; this is not a vCard file")
_EOL_LEFTOVER = re.compile(r"\r+\n?")


def starts_as_vcard(head: bytes) -> bool:
    """Whether a file's first bytes are a vCard's BEGIN line (after a BOM and blank
    lines): such a file is read as vCards, never as a history archive."""
    return _STARTS_AS_VCARD.match(head) is not None


def decode_vcard_bytes(data: bytes, file: str) -> str:
    """The text of a vCard file with line ends turned into ``\\n`` (see ``decode_vcard``)."""
    return decode_vcard(data, file)[0]


def decode_vcard(data: bytes, file: str) -> tuple[str, list[Note]]:
    """The text of a vCard file with line ends turned into ``\\n``, and notes (file line,
    message) on lines that were not UTF-8 and how they were read.

    CR LF, CR CR LF (iPhone exports) and lone CR all count as one line end.
    Raises VCardFileError when the bytes are not a vCard file at all.
    """
    if len(data) > MAX_FILE_BYTES:
        raise VCardFileError(file, too_large_message(len(data)))
    if not data.removeprefix(b"\xef\xbb\xbf").strip():
        raise VCardFileError(file, _("the file is empty"))
    text, notes = _bytes_to_text(data, file)
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            text = _EOL_LEFTOVER.sub("\n", text)
    return text, notes


def too_large_message(size: int) -> str:
    return _("the file is {size}; vCard files over {limit} are not imported").format(
        size=megabytes_text(size), limit=megabytes_text(MAX_FILE_BYTES, places=0)
    )


def _bytes_to_text(data: bytes, file: str) -> tuple[str, list[Note]]:
    head = data[:_SNIFF_BYTES]
    utf16 = _utf16_codec(head)
    if utf16 is not None:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            raise VCardFileError(file, _("the file is damaged UTF-16 text")) from None
        text = text.removeprefix("\ufeff")
        if not _BEGIN_VCARD_TEXT.search(text):
            raise VCardFileError(file, _(_NOT_A_VCARD))
        return text, []
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise VCardFileError(file, _(what))
    if b"\x00" in head and not _STARTS_AS_VCARD.match(head):
        raise VCardFileError(file, _("this is a binary file, not a vCard file"))
    if not _BEGIN_VCARD.search(data):
        raise VCardFileError(file, _(_NOT_A_VCARD))
    return decode_lines(data.removeprefix(b"\xef\xbb\xbf"))


def _utf16_codec(head: bytes) -> str | None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = head[:64]
    if sample.count(b"\x00") >= len(sample) // 3 and len(sample) >= 8:
        if sample[0] != 0 and sample[1] == 0:
            return "utf-16-le"
        if sample[0] == 0 and sample[1] != 0:
            return "utf-16-be"
    return None


def decode_lines(data: bytes) -> tuple[str, list[Note]]:
    """UTF-8 where it is valid (after joining characters split by a fold); line by line,
    a legacy 8-bit reading where it is not, with notes naming it (``charsets``)."""
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    data = join_split_characters(data)
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        return decode_legacy(data)


def decode_octets(raw: bytes, charset: str | None = None) -> str:
    """Decode bytes of unknown honesty: UTF-8, then the declared charset, then a guess
    (see ``charsets.guess``)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if charset:
        try:
            return raw.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return guess(raw)[0]
