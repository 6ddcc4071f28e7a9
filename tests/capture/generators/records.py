"""Records as sources yield them, for the capture rule tests (no file, no database)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from relapp.domain.capture.records import AddressKind, Captured, Party, RecordKind, SourceKind

DAY = datetime(2025, 3, 12, 9, 0, tzinfo=UTC)
ME = "me@example.com"


def email(address: str, name: str = "") -> Party:
    return Party(address, AddressKind.EMAIL, name)


def mail(
    key: str,
    sender: str,
    to: Sequence[str] = (ME,),
    *,
    at: datetime = DAY,
    thread: str = "",
    subject: str = "Lunch",
    from_me: bool | None = None,
    bulk: Sequence[tuple[str, str]] = (),
) -> Captured:
    return Captured(
        kind=RecordKind.MAIL,
        source=SourceKind.MBOX,
        key=key,
        occurred_at=at,
        thread=thread or key,
        sender=email(sender),
        recipients=tuple(email(a) for a in to),
        from_me=from_me,
        subject=subject,
        bulk_headers=tuple(bulk),
    )


def record(kind: RecordKind, key: str, **fields: object) -> Captured:
    base: dict[str, object] = {
        "kind": kind,
        "source": SourceKind.SMS if kind is not RecordKind.EVENT else SourceKind.ICS,
        "key": key,
        "occurred_at": DAY,
        "thread": key,
    }
    base.update(fields)
    return Captured(**base)  # type: ignore[arg-type]
