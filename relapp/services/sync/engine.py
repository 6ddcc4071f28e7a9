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
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from relapp.domain.dates import number_text
from relapp.domain.i18n import _
from relapp.services.sync.steps import Step, direct
from relapp.services.sync.tally import Tally
from relapp.storage import Database, sync_repo

if TYPE_CHECKING:  # imported by the first sync: importing requests opens a probe socket
    from relapp.services.sync.calendar_kind import Kind
    from relapp.services.sync.dav import DavClient, DavError

PASSWORD_VARIABLE = "RELAPP_SYNC_PASSWORD"
KEYRING_SERVICE = "relapp-sync"
PEOPLE_COLLECTION = "relapp-people"
PEOPLE_NAME = "Relapp people"
CALENDARS = {  # part: (the collection's last path segment, its name, its component)
    "promises": ("relapp-promises", "Relapp promises", "VTODO"),
    "history": ("relapp-history", "Relapp history", "VJOURNAL"),
}
PARTS = ("people", "promises", "history")


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

    def __init__(self, error: DavError, tally: Tally, part: str = "people") -> None:
        super().__init__(str(error))
        self.error = error
        self.tally = tally
        self.part = part  # the part that was syncing: "people", "promises" or "history"

    def lines(self) -> list[str]:
        return self.tally.lines(self.part)


@dataclass(frozen=True)
class SyncResult:
    people: Tally
    people_collection: str
    requests: int
    promises: Tally = field(default_factory=Tally)
    history: Tally = field(default_factory=Tally)
    promises_collection: str = ""  # "": not synced (switched off)
    history_collection: str = ""

    def lines(self) -> list[str]:
        """What the sync received and sent, part by part (the parts synced), for
        ``relapp sync``."""
        synced = (
            (self.people, self.people_collection, "people"),
            (self.promises, self.promises_collection, "promises"),
            (self.history, self.history_collection, "history"),
        )
        return [line for tally, url, part in synced if url for line in tally.lines(part)]


def parts(db: Database) -> set[str]:
    """The parts to sync (``PARTS``): each is on unless switched off."""
    return {p for p in PARTS if sync_repo.setting(db, f"part.{p}") != "off"}


def set_parts(db: Database, on: set[str]) -> None:
    """Switch each part on (in ``on``) or off (the caller's transaction)."""
    for p in PARTS:
        sync_repo.set_setting(db, f"part.{p}", "on" if p in on else "off")


def account(db: Database, url: str | None = None, user: str | None = None) -> Account:
    """The account to sync with: the one given, or the one stored by an earlier sync."""
    stored_url = sync_repo.setting(db, "url")
    stored_user = sync_repo.setting(db, "user")
    url = url or stored_url
    user = user or stored_user
    if not url or not user:
        raise NoAccount(_("no sync server is set up yet: give --url URL --user USER once"))
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
        return _("Synced: nothing new")
    return _("Synced: {received} received, {sent} sent").format(
        received=number_text(got), sent=number_text(sent)
    )


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
            _(
                "no password for {account}: set {variable}, or save it in the system keyring "
                "(Settings ▸ Sync… in the window)"
            ).format(account=account.keyring_name, variable=PASSWORD_VARIABLE)
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


def calendar(client: DavClient, part: str) -> str:
    """Relapp's calendar of tasks ("promises") or journal entries ("history") on the
    server, created (MKCALENDAR with its one component) when there is none."""
    segment, name, component = CALENDARS[part]
    home = client.home("cal")
    for found in client.collections(home, "cal"):
        ours = unquote(urlsplit(found.url).path).rstrip("/").endswith("/" + segment)
        if ours or found.name == name:
            return found.url
    return client.make_collection(f"{home.rstrip('/')}/{segment}/", "cal", name, (component,))


def _collection(db: Database, dav: DavClient, part: str, same: bool, step: Step) -> str:
    setting = "people_collection" if part == "people" else f"{part}_collection"
    stored = step(lambda: sync_repo.setting(db, setting))
    url = (
        stored
        if stored and same
        else (people_collection(dav) if part == "people" else calendar(dav, part))
    )

    def keep() -> None:
        with db.atomic():
            sync_repo.set_setting(db, setting, url)

    step(keep)
    return url


def _settings(db: Database, account: Account) -> bool:
    """One step: the account kept; whether it is the one of the last sync."""
    same = sync_repo.setting(db, "url") == account.url and (
        sync_repo.setting(db, "user") == account.user
    )
    with db.atomic():
        sync_repo.set_setting(db, "url", account.url)
        sync_repo.set_setting(db, "user", account.user)
    return same


def sync(
    db: Database,
    account: Account,
    password: str,
    *,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    client: DavClient | None = None,
    allow_emptying: bool = False,
    only: set[str] | None = None,
    step: Step = direct,
) -> SyncResult:
    """Sync people, then promises and history (they name people by uid), both ways;
    each part unless switched off (``parts``; ``only`` overrides the settings for this
    sync). Raises ``SyncIncomplete`` (with what was done) when the server fails
    part-way; nothing done before is undone, the next sync goes on.
    ``allow_emptying``: a collection emptied on the server empties Relapp too
    (without it such a sync stops, as a wiped or swapped server looks the same)."""
    # The HTTP client (requests) loads with the first sync, not with the window: importing
    # it opens a throwaway socket (urllib3's IPv6 probe), and the window does not need it.
    from relapp.services.sync.calendar_sync import CalendarSync
    from relapp.services.sync.dav import DavClient, DavError
    from relapp.services.sync.history_sync import HistoryKind
    from relapp.services.sync.people_sync import PeopleSync
    from relapp.services.sync.promises_sync import PromiseKind

    dav = client or DavClient(account.url, account.user, password)
    wanted = step(lambda: parts(db)) if only is None else only
    tallies = {p: Tally() for p in PARTS}
    urls = {p: "" for p in PARTS}
    current = tallies["people"]
    part = "people"
    try:
        same = step(lambda: _settings(db, account))
        if "people" in wanted:
            urls["people"] = _collection(db, dav, "people", same, step)
            people = PeopleSync(
                db, dav, urls["people"], clock, allow_emptying=allow_emptying, step=step
            )
            tallies["people"] = current = people.tally
            people.run()
        kinds: list[tuple[str, Kind[Any]]] = [
            ("promises", PromiseKind(db)),
            ("history", HistoryKind(db)),
        ]
        for part, kind in kinds:
            if part not in wanted:
                continue
            urls[part] = _collection(db, dav, part, same, step)
            run: CalendarSync[Any] = CalendarSync(
                db, dav, urls[part], kind, clock, allow_emptying=allow_emptying, step=step
            )
            tallies[part] = current = run.tally
            run.run()
    except DavError as error:
        raise SyncIncomplete(error, current, part) from error
    finally:
        if client is None:
            dav.close()
    return SyncResult(
        tallies["people"],
        urls["people"],
        dav.sent,
        tallies["promises"],
        tallies["history"],
        urls["promises"],
        urls["history"],
    )
