"""My addresses: the emails and phone numbers that are "me" when history is captured
(Settings ▸ My addresses, ``relapp import --me``), kept in the database."""

from __future__ import annotations

from collections.abc import Iterable

from relapp.domain.capture.me import address_key
from relapp.domain.changes import Changes
from relapp.domain.errors import InvalidInput
from relapp.storage import Database, capture_repo


def my_addresses(db: Database) -> tuple[str, ...]:
    return capture_repo.my_addresses(db)


def clean_addresses(addresses: Iterable[str]) -> tuple[str, ...]:
    """The addresses trimmed, each once (by its key); ``InvalidInput`` names one that is
    neither an email address nor a phone number."""
    out: dict[str, str] = {}
    for address in addresses:
        text = address.strip()
        if not text:
            continue
        key = address_key(text)
        if not key or (key.startswith("phone:#") and len(key) < 10):
            raise InvalidInput(
                "my addresses", f"{text!r} is neither an email address nor a phone number"
            )
        out.setdefault(key, text)
    return tuple(out.values())


def set_my_addresses(db: Database, addresses: Iterable[str]) -> Changes:
    """Keep ``addresses`` as mine (replacing the ones kept before)."""
    cleaned = clean_addresses(addresses)
    with db.atomic():
        capture_repo.set_my_addresses(db, cleaned)
    return Changes(settings=True)
