"""One mail message's header block (bytes) turned into a ``Captured`` record.

Only the header block is ever parsed (``email`` with ``policy.default``, as UTF-8 text:
RFC 6532 headers are read as written); the body is
never read by the callers, let alone kept. Whatever a header gets wrong is a
``CaptureProblem`` naming the file and the message: a message without a usable date or
sender cannot be placed in history and is left out; a subject in an unknown character
set is kept as far as it can be read, and said.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from email import policy
from email.headerregistry import Address, BaseHeader, HeaderRegistry
from email.message import EmailMessage
from email.parser import HeaderParser
from typing import Any

from relapp.domain.capture.records import (
    AddressKind,
    Captured,
    CaptureProblem,
    Party,
    RecordKind,
    SourceKind,
)
from relapp.domain.i18n import N_, _

TOO_LONG = N_("its headers are far too long; it was left out")

MAX_HEADER_BYTES = 256 * 1024
"""A header block longer than this is not a mail's (a broken file): the message is left
out with a problem, and memory stays bounded."""

BULK_HEADERS = ("list-id", "list-unsubscribe", "precedence", "auto-submitted")


class _OneClassPerKind(HeaderRegistry):
    """``policy.default``'s header registry, but the class it makes for a kind of header
    is made once: the standard one makes a new class at every lookup (a cycle for the
    garbage collector: some 15 objects a mail, 0.8 s of the window's GUI thread after
    20,000 mails; issue 18). The classes are the same either way: empty subclasses of
    the kind's class and ``BaseHeader``."""

    def __init__(self) -> None:
        super().__init__()
        self._made: dict[type, type[BaseHeader]] = {}

    def __getitem__(self, name: str) -> type[BaseHeader]:
        kind = self.registry.get(name.lower(), self.default_class)
        made = self._made.get(kind)
        if made is None:
            made = self._made[kind] = super().__getitem__(name)
        return made


_PARSER = HeaderParser(policy=policy.default.clone(header_factory=_OneClassPerKind()))
_MESSAGE_ID = re.compile(r"<([^<>]+)>")
_ENCODED_WORD = re.compile(r"=\?([^?*]+)(?:\*[^?]*)?\?[QqBb]\?")


def message_ids(value: str) -> list[str]:
    """The ids in a Message-ID / References / In-Reply-To value, in order."""
    found = ["".join(m.split()) for m in _MESSAGE_ID.findall(value)]
    if any(found):
        return [m for m in found if m]
    bare = value.strip().strip("<>").strip()
    return [bare] if bare and " " not in bare else []


def _raw(message: EmailMessage, name: str) -> str:
    """A header's value as written (ids are read from it: the parsed form of a
    malformed Message-ID can drop its end, and two messages would share one)."""
    for header, value in message.raw_items():
        if header.lower() == name.lower():
            return str(value)
    return ""


def _text(message: EmailMessage, name: str) -> str:
    value = message.get(name)
    return "" if value is None else " ".join(str(value).split())


def _present(message: EmailMessage, names: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    """Each of ``names`` the message has, with its text (each parsed once)."""
    for name in names:
        value = message.get(name)
        if value is not None:
            yield name, " ".join(str(value).split())


def _parties(message: EmailMessage, name: str, texts: dict[str, str]) -> tuple[Party, ...]:
    """The addresses of header ``name``; its decoded text goes into ``texts``."""
    out: list[Party] = []
    headers = message.get_all(name) or ()
    texts[name] = " ".join(str(header) for header in headers)
    for header in headers:
        addresses: tuple[Address, ...] = getattr(header, "addresses", ())
        for address in addresses:
            spec = address.addr_spec
            if spec and "@" in spec:
                out.append(Party(spec, AddressKind.EMAIL, address.display_name))
    return tuple(out)


def _unknown_charset(raw: str) -> str | None:
    for charset in _ENCODED_WORD.findall(raw):
        try:
            codecs.lookup(charset)
        except LookupError:
            return charset
    return None


def _unreadable(message: EmailMessage, name: str, decoded: str) -> str | None:
    """Why header ``name`` (``decoded``: its text as parsed) could not be fully decoded,
    or None. Never parses it again: that was a third of the reading (cProfile)."""
    for header, raw in message.raw_items():
        if header.lower() != name.lower():
            continue
        charset = _unknown_charset(str(raw))
        if charset:
            return _("its {header} is in a character set Relapp does not know ({charset})").format(
                header=name, charset=repr(charset)
            )
        if "\ufffd" in str(raw) or "\ufffd" in decoded:
            return _(
                "its {header} has bytes that are not text in any character set it names"
            ).format(header=name)
    return None


def _date(message: EmailMessage) -> datetime | str:
    """The message's time (aware, UTC when the zone is unknown), or why not."""
    raw = message.get("Date")
    if raw is None:
        return _("it has no Date header")
    try:
        moment = getattr(raw, "datetime", None)
    except (ValueError, TypeError, OverflowError):
        moment = None
    if moment is None:
        shown = " ".join(str(raw).split())[:60]
        return _("its date {text} is not a date").format(text=repr(shown))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment


def _header_text(raw: bytes) -> str:
    """The header block as text: UTF-8 (RFC 6532 allows it unencoded, and real archives
    have it); bytes that are not UTF-8 become U+FFFD, which is reported. Never the
    surrogates ``BytesHeaderParser`` leaves, which no database or file can store."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "replace")


def parse(
    raw: bytes,
    *,
    source: SourceKind,
    file: str,
    where: str,
    from_me: bool | None = None,
) -> Iterator[Captured | CaptureProblem]:
    """The record of one message's header block, and any problems with it."""
    if len(raw) > MAX_HEADER_BYTES:
        yield CaptureProblem(file, where, _(TOO_LONG))
        return
    try:
        message: Any = _PARSER.parsestr(_header_text(raw))
        moment = _date(message)
        texts: dict[str, str] = {}
        sender = _parties(message, "From", texts)
        recipients = (
            *_parties(message, "To", texts),
            *_parties(message, "Cc", texts),
            *_parties(message, "Bcc", texts),
        )
        subject = texts["Subject"] = _text(message, "Subject")
        own = message_ids(_raw(message, "Message-ID"))
        references = message_ids(_raw(message, "References"))
        reply_to = message_ids(_raw(message, "In-Reply-To"))
        bulk = tuple(_present(message, BULK_HEADERS))
        labels = _text(message, "X-Gmail-Labels")
    except Exception as error:  # the email package raises many kinds on broken headers
        unread = _("its headers could not be read ({error}); left out").format(error=error)
        yield CaptureProblem(file, where, unread)
        return
    if isinstance(moment, str):
        left_out = _("{problem}; it was left out").format(problem=moment)
        yield CaptureProblem(file, where, left_out)
        return
    if not sender:
        no_sender = _("it has no readable From address; it was left out")
        yield CaptureProblem(file, where, no_sender)
        return
    for name in ("Subject", "From", "To"):
        why = _unreadable(message, name, texts[name])
        if why:
            kept = _("{problem}; it was kept as far as it could be read").format(problem=why)
            yield CaptureProblem(file, where, kept)
    if own:
        key = own[0]
    else:
        basis = f"{moment.isoformat()}\n{sender[0].address}\n{subject}"
        key = "sha1:" + hashlib.sha1(basis.encode("utf-8", "replace")).hexdigest()
    root = references[0] if references else reply_to[0] if reply_to else key
    if from_me is None and labels and "sent" in (x.strip().lower() for x in labels.split(",")):
        from_me = True
    yield Captured(
        kind=RecordKind.MAIL,
        source=source,
        key=key,
        occurred_at=moment,
        thread=root,
        sender=sender[0],
        recipients=recipients,
        from_me=from_me,
        subject=subject,
        bulk_headers=bulk,
        where=where,
    )
