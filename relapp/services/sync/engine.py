"""One sync with the user's CardDAV/CalDAV server: the account, the password (from
``RELAPP_SYNC_PASSWORD`` or the operating system's keyring, never from the database,
a settings file or a log), Relapp's collections found or created, then each part.

Why ``keyring``: it stores the password in what the system already has for this
(Secret Service on Linux, Keychain on macOS, Credential Manager on Windows), so Relapp
keeps no secret of its own anywhere.

The account's server URL, user name and collection URLs are ``app_state`` rows
(``sync_repo.setting``); a later sync reuses them.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from relapp.services.sync.tally import Tally
from relapp.storage import Database, sync_repo

if TYPE_CHECKING:  # imported by the first sync: importing requests opens a probe socket
    from relapp.services.sync.dav import DavClient, DavError

PASSWORD_VARIABLE = "RELAPP_SYNC_PASSWORD"
KEYRING_SERVICE = "relapp-sync"
PEOPLE_COLLECTION = "relapp-people"
PEOPLE_NAME = "Relapp people"


@dataclass(frozen=True)
class Account:
    url: str
    user: str

    @property
    def keyring_name(self) -> str:
        return f"{self.user}@{self.url}"


class NoAccount(Exception):
    """No server is set up yet (give --url and --user once)."""


class NoPassword(Exception):
    """Neither the environment nor the keyring has the password."""


class SyncIncomplete(Exception):
    """The sync stopped part-way: what was done is kept, the next sync goes on."""

    def __init__(self, error: DavError, tally: Tally) -> None:
        super().__init__(str(error))
        self.error = error
        self.tally = tally


@dataclass(frozen=True)
class SyncResult:
    people: Tally
    people_collection: str
    requests: int


def account(db: Database, url: str | None = None, user: str | None = None) -> Account:
    """The account to sync with: the one given, or the one stored by an earlier sync."""
    stored_url = sync_repo.setting(db, "url")
    stored_user = sync_repo.setting(db, "user")
    url = url or stored_url
    user = user or stored_user
    if not url or not user:
        raise NoAccount("no sync server is set up yet: give --url URL --user USER once")
    return Account(url, user)


def stored_account(db: Database) -> Account | None:
    """The account an earlier sync used, if any."""
    url, user = sync_repo.setting(db, "url"), sync_repo.setting(db, "user")
    return Account(url, user) if url and user else None


def summary(tally: Tally) -> str:
    """One line for the status bar: what a sync received and sent."""
    got = tally.received_new + tally.received_changed + tally.received_deleted
    sent = tally.sent_new + tally.sent_changed + tally.sent_deleted
    if not got and not sent:
        return "Synced: nothing new"
    return f"Synced: {got:,} received, {sent:,} sent"


def password_for(account: Account) -> str:
    """The password from ``RELAPP_SYNC_PASSWORD``, else from the keyring."""
    from_env = os.environ.get(PASSWORD_VARIABLE)
    if from_env:
        return from_env
    try:
        import keyring

        stored = keyring.get_password(KEYRING_SERVICE, account.keyring_name)
    except Exception:  # no keyring backend on this system: say so below
        stored = None
    if not stored:
        raise NoPassword(
            f"no password for {account.keyring_name}: set {PASSWORD_VARIABLE}, or save it "
            "in the system keyring (Settings ▸ Sync… in the window)"
        )
    return stored


def store_password(account: Account, password: str) -> None:
    """Keep the password in the system keyring (raises when there is none)."""
    import keyring

    keyring.set_password(KEYRING_SERVICE, account.keyring_name, password)


def _is_ours(url: str, name: str) -> bool:
    return unquote(urlsplit(url).path).rstrip("/").endswith("/" + PEOPLE_COLLECTION) or (
        name == PEOPLE_NAME
    )


def people_collection(client: DavClient) -> str:
    """Relapp's address book on the server, created when there is none."""
    home = client.home("card")
    for found in client.collections(home, "card"):
        if _is_ours(found.url, found.name):
            return found.url
    return client.make_collection(f"{home.rstrip('/')}/{PEOPLE_COLLECTION}/", "card", PEOPLE_NAME)


def sync(
    db: Database,
    account: Account,
    password: str,
    *,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    client: DavClient | None = None,
    allow_emptying: bool = False,
    people: bool = True,
) -> SyncResult:
    """Sync people both ways. Raises ``SyncIncomplete`` (with what was done) when the
    server fails part-way; nothing done before is undone, the next sync goes on.
    ``allow_emptying``: an address book emptied on the server empties Relapp too
    (without it such a sync stops, as a wiped or swapped server looks the same).
    ``people=False``: people are not synced (switched off in Settings ▸ Sync…)."""
    from relapp.services.sync.dav import DavClient, DavError
    from relapp.services.sync.people_sync import PeopleSync

    dav = client or DavClient(account.url, account.user, password)
    tally = Tally()
    try:
        stored = sync_repo.setting(db, "people_collection")
        same = sync_repo.setting(db, "url") == account.url and (
            sync_repo.setting(db, "user") == account.user
        )
        url = stored if stored and same else people_collection(dav)
        with db.atomic():
            sync_repo.set_setting(db, "url", account.url)
            sync_repo.set_setting(db, "user", account.user)
            sync_repo.set_setting(db, "people_collection", url)
        if people:
            part = PeopleSync(db, dav, url, clock, allow_emptying=allow_emptying)
            tally = part.tally
            part.run()
    except DavError as error:
        raise SyncIncomplete(error, tally) from error
    finally:
        if client is None:
            dav.close()
    return SyncResult(tally, url, dav.sent)
