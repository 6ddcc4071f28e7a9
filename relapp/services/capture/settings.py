"""My addresses: the emails, phone numbers and chat names that are "me" when history is
captured (Settings ▸ My addresses, ``relapp import --me``), kept in the database."""

from __future__ import annotations

from collections.abc import Iterable

from relapp.domain.capture.me import NAME, address_key, clean_name
from relapp.domain.changes import Changes
from relapp.domain.errors import InvalidInput
from relapp.domain.i18n import N_, _
from relapp.storage import Database, capture_repo


def my_addresses(db: Database) -> tuple[str, ...]:
    return capture_repo.my_addresses(db)


def clean_addresses(addresses: Iterable[str]) -> tuple[str, ...]:
    """The addresses trimmed (a chat name's spaces collapsed), each once (by its key);
    ``InvalidInput`` names one that is neither an email address, a phone number nor a
    chat name (see ``address_key``)."""
    out: dict[str, str] = {}
    for address in addresses:
        text = address.strip()
        if not text:
            continue
        key = address_key(text)
        if not key or (key.startswith("phone:#") and len(key) < 10):
            raise InvalidInput(
                N_("my addresses"),
                _("{text} is neither an email address, a phone number nor a chat name").format(
                    text=repr(text)
                ),
            )
        out.setdefault(key, clean_name(text) if key.startswith(NAME) else text)
    return tuple(out.values())


def set_my_addresses(db: Database, addresses: Iterable[str]) -> Changes:
    """Keep ``addresses`` as mine (replacing the ones kept before)."""
    cleaned = clean_addresses(addresses)
    with db.atomic():
        capture_repo.set_my_addresses(db, cleaned)
    return Changes(settings=True)
