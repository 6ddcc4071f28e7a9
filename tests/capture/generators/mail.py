"""Small generated mail archives (mbox, Maildir, .eml) for the capture tests.

Messages are written as raw bytes, so a test can break exactly one header. Every name
and address is made up (example.org / example.com).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

BASE = datetime(2025, 3, 12, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Mail:
    sender: str = "Carol Roth <carol@example.org>"
    to: Sequence[str] = ("Me Myself <me@example.com>",)
    subject: str = "Lunch?"
    at: datetime | None = BASE
    message_id: str | None = None
    references: Sequence[str] = ()
    in_reply_to: str | None = None
    cc: Sequence[str] = ()
    extra: Sequence[tuple[str, str]] = ()
    date_text: str | None = None  # a Date header written as is (broken dates)
    body: bytes = b"Hello.\n"
    raw_headers: bytes = b""  # appended to the headers as they are

    def headers(self, n: int = 0) -> bytes:
        lines = [f"From: {self.sender}"]
        if self.to:
            lines.append("To: " + ", ".join(self.to))
        if self.cc:
            lines.append("Cc: " + ", ".join(self.cc))
        lines.append(f"Subject: {self.subject}")
        if self.date_text is not None:
            lines.append(f"Date: {self.date_text}")
        elif self.at is not None:
            lines.append(f"Date: {format_datetime(self.at)}")
        mid = self.message_id if self.message_id is not None else f"m{n}@example.org"
        if mid:
            lines.append(f"Message-ID: <{mid}>")
        if self.references:
            lines.append("References: " + " ".join(f"<{r}>" for r in self.references))
        if self.in_reply_to:
            lines.append(f"In-Reply-To: <{self.in_reply_to}>")
        lines.extend(f"{name}: {value}" for name, value in self.extra)
        return "\n".join(lines).encode("utf-8") + b"\n" + self.raw_headers

    def as_bytes(self, n: int = 0) -> bytes:
        return self.headers(n) + b"\n" + self.body


def mbox_bytes(mails: Iterable[Mail]) -> bytes:
    out = bytearray()
    for n, mail in enumerate(mails):
        out += b"From MAILER-DAEMON Wed Mar 12 09:00:00 2025\n"
        body = mail.as_bytes(n)
        out += body.replace(b"\nFrom ", b"\n>From ")
        if not body.endswith(b"\n"):
            out += b"\n"
        out += b"\n"
    return bytes(out)


def write_mbox(path: Path, mails: Iterable[Mail]) -> Path:
    path.write_bytes(mbox_bytes(mails))
    return path


def write_eml(path: Path, mail: Mail) -> Path:
    path.write_bytes(mail.as_bytes())
    return path


def write_maildir(root: Path, mails: Iterable[Mail], folder: str = "") -> Path:
    """A Maildir (``folder`` like ".Sent" makes a Maildir++ subfolder)."""
    where = root / folder if folder else root
    for part in ("cur", "new", "tmp"):
        (root / part).mkdir(parents=True, exist_ok=True)
        (where / part).mkdir(parents=True, exist_ok=True)
    for n, mail in enumerate(mails):
        (where / "cur" / f"{1700000000 + n}.{n}.host:2,S").write_bytes(mail.as_bytes(n))
    return root


def conversation(
    correspondent: str, count: int, *, start: datetime = BASE, subject: str = "Plans"
) -> list[Mail]:
    """``count`` messages alternating between them and me, one thread, an hour apart."""
    slug = re.sub(r"[^a-z0-9]+", "-", correspondent.lower()).strip("-")
    topic = re.sub(r"[^a-z0-9]+", "-", subject.lower()).strip("-")
    root = f"{slug}.{topic}@example.org"
    mails = []
    for n in range(count):
        mine = n % 2 == 1
        mails.append(
            Mail(
                sender="Me Myself <me@example.com>" if mine else correspondent,
                to=(correspondent,) if mine else ("Me Myself <me@example.com>",),
                subject=subject if n == 0 else f"Re: {subject}",
                at=start + timedelta(hours=n),
                message_id=root if n == 0 else f"{n}.{root}",
                references=() if n == 0 else (root,),
            )
        )
    return mails


def big_attachment_mbox(path: Path, size: int, *, after: Sequence[Mail] = ()) -> Path:
    """An mbox whose first message carries ``size`` bytes of base64 attachment, written
    in pieces (never held in memory), followed by ``after``."""
    line = b"QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB\n"
    with path.open("wb") as out:
        out.write(b"From MAILER-DAEMON Wed Mar 12 09:00:00 2025\n")
        out.write(
            Mail(subject="The big file", message_id="big@example.org").headers()
            + b'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n'
            b"--b\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n"
        )
        chunk = line * 16384
        written = 0
        while written < size:
            out.write(chunk)
            written += len(chunk)
        out.write(b"--b--\n\n")
        out.write(mbox_bytes(after))
    return path
