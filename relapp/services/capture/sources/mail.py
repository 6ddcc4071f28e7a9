"""Mail archives: mbox (Google Takeout, Thunderbird's extension-less folder files), a
Maildir folder, a single ``.eml`` file.

Read as a stream of header blocks: an mbox is scanned line by line for its ``From ``
separators (as ``mailbox.mbox`` does) with every read bounded, so a 200 MB attachment
passes through a fixed-size buffer and is never held; a Maildir message or an ``.eml``
is read up to its first empty line. Only headers are parsed (``mail_headers.parse``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from relapp.domain.capture.records import CaptureItem, CaptureProblem, SourceKind
from relapp.domain.dates import number_text
from relapp.domain.i18n import _
from relapp.services.capture.sources.mail_headers import MAX_HEADER_BYTES, TOO_LONG, parse

_LINE_LIMIT = 64 * 1024  # a longer "line" is read in pieces of this size
_HEADER_LINE = re.compile(rb"^[!-9;-~]+:[ \t]", re.MULTILINE)
_MAIL_HEADERS = (
    b"from",
    b"to",
    b"date",
    b"subject",
    b"message-id",
    b"received",
    b"return-path",
    b"delivered-to",
    b"mime-version",
    b"references",
    b"in-reply-to",
    b"cc",
)


def _looks_like_headers(head: bytes) -> bool:
    block = head.split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]
    names = {m.group(0).split(b":", 1)[0].lower() for m in _HEADER_LINE.finditer(block)}
    return len(names & set(_MAIL_HEADERS)) >= 2 and bool(_HEADER_LINE.match(block))


def _is_maildir(path: Path) -> bool:
    return (path / "cur").is_dir() and (path / "new").is_dir()


def sniff(path: Path, head: bytes) -> SourceKind | None:
    if path.is_dir():
        return SourceKind.MAILDIR if _is_maildir(path) else None
    if head.startswith(b"From ") and _looks_like_headers(head.split(b"\n", 1)[-1]):
        return SourceKind.MBOX
    if _looks_like_headers(head):
        return SourceKind.EML
    return None


def read(path: Path) -> Iterator[CaptureItem]:
    if path.is_dir():
        yield from _read_maildir(path)
        return
    with path.open("rb") as stream:
        head = stream.read(4096)
    kind = sniff(path, head)
    if kind is SourceKind.MBOX:
        yield from _read_mbox(path, from_me=_sent_name(path.name))
    elif kind is SourceKind.EML:
        yield from _read_single(path, SourceKind.EML, "the message", None)
    else:
        yield CaptureProblem(path.name, _("the file"), _("it is not a mail file (mbox or .eml)"))


def _sent_name(name: str) -> bool | None:
    """A folder the mail program keeps sent mail in ("Sent", "Sent Items", ".Sent")."""
    words = name.lower().replace(".", " ").replace("_", " ").split()
    return True if "sent" in words else None


# --- mbox ------------------------------------------------------------------------------


def _read_mbox(path: Path, from_me: bool | None) -> Iterator[CaptureItem]:
    name = path.name
    number = 0
    with path.open("rb") as stream:
        for start_line, raw, complete in _mbox_headers(stream):
            number += 1
            where = _("message {n} (line {line})").format(
                n=number_text(number), line=number_text(start_line)
            )
            if not complete:
                yield CaptureProblem(
                    name, where, _("the file ends inside its headers (cut off); it was left out")
                )
                continue
            if raw is None:
                yield CaptureProblem(name, where, _(TOO_LONG))
                continue
            yield from parse(raw, source=SourceKind.MBOX, file=name, where=where, from_me=from_me)


def _mbox_headers(stream: BinaryIO) -> Iterator[tuple[int, bytes | None, bool]]:
    """(line of its "From " line, header bytes or None when too long, complete) for each
    message; bodies are skipped a bounded line at a time."""
    line_no = 0
    at_start = True  # the next read begins a line
    in_headers = False
    header = bytearray()
    too_long = False
    start = 0
    while True:
        line = stream.readline(_LINE_LIMIT)
        if not line:
            break
        begins = at_start
        at_start = line.endswith(b"\n")
        if begins:
            line_no += 1
        if begins and line.startswith(b"From "):
            if in_headers:
                yield start, None, False
            in_headers, header, too_long, start = True, bytearray(), False, line_no
            continue
        if not in_headers:
            continue
        if begins and line in (b"\n", b"\r\n"):
            in_headers = False
            yield start, None if too_long else bytes(header), True
            header = bytearray()
            continue
        if not too_long:
            header += line
            if len(header) > MAX_HEADER_BYTES:
                too_long, header = True, bytearray()
    if in_headers:
        yield start, None, False


# --- Maildir and single files ----------------------------------------------------------------


def _read_headers_of(path: Path) -> bytes | None:
    """A message file's header block, read up to its first empty line (bounded)."""
    header = bytearray()
    with path.open("rb") as stream:
        while True:
            line = stream.readline(_LINE_LIMIT)
            if not line or line in (b"\n", b"\r\n"):
                return bytes(header)
            header += line
            if len(header) > MAX_HEADER_BYTES:
                return None


def _read_single(
    path: Path, source: SourceKind, where: str, from_me: bool | None, shown: str = ""
) -> Iterator[CaptureItem]:
    name = shown or path.name
    try:
        raw = _read_headers_of(path)
    except OSError as error:
        unread = _("it could not be read ({error})").format(error=error.strerror or error)
        yield CaptureProblem(name, where, unread)
        return
    if raw is None:
        yield CaptureProblem(name, where, _(TOO_LONG))
        return
    yield from parse(raw, source=source, file=name, where=where, from_me=from_me)


def _maildir_folders(root: Path) -> Iterator[tuple[Path, bool | None]]:
    yield root, _sent_name(root.name)
    for child in sorted(root.iterdir()):
        if child.name.startswith(".") and child.is_dir() and _is_maildir(child):
            yield child, _sent_name(child.name)


def _read_maildir(root: Path) -> Iterator[CaptureItem]:
    for folder, from_me in _maildir_folders(root):
        for part in ("cur", "new"):
            files = sorted(os.scandir(folder / part), key=lambda e: e.name)
            for entry in files:
                if not entry.is_file() or entry.name.startswith("."):
                    continue
                shown = f"{root.name}/{Path(entry.path).relative_to(root)}"
                yield from _read_single(
                    Path(entry.path), SourceKind.MAILDIR, "the message", from_me, shown
                )
