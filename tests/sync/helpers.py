"""What the sync tests share: a data folder's database, one sync, and the people of a
database as its JSON export says them (ids and times left out)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests

from relapp.services.json_file.format import export_json
from relapp.services.sync import engine
from relapp.services.sync.engine import SyncResult
from relapp.storage import Database, open_database
from tests.dav_server import Account

LEFT_OUT = ("id", "created_at", "updated_at")


def folder_db(tmp_path: Path, name: str) -> Database:
    folder = tmp_path / name
    folder.mkdir(parents=True, exist_ok=True)
    return open_database(folder / "relapp.sqlite3", backups_dir=folder / "backups")


def sync(
    db: Database, account: Account, clock: datetime | None = None, **options: Any
) -> SyncResult:
    when = clock
    return engine.sync(
        db,
        engine.Account(account.url, account.user),
        account.password,
        clock=(lambda: when) if when is not None else (lambda: datetime.now(UTC)),
        **options,
    )


def people_of(db: Database, tmp_path: Path) -> list[dict[str, Any]]:
    """Everyone, as the JSON export has them, without ids and times (archived or not
    stays), by uid."""
    out = tmp_path / f"export-{id(db)}.json"
    export_json(db, out)
    people = json.loads(out.read_text())["people"]
    for person in people:
        for key in LEFT_OUT:
            person.pop(key, None)
        person["archived_at"] = person["archived_at"] is not None  # archived, not when
        for point in person["contact_points"]:
            point.pop("id", None)
        person["tags"] = sorted(person["tags"], key=str.casefold)
        person["contact_points"].sort(key=lambda p: p["kind"])
    return sorted(people, key=lambda p: p["uid"])


def collection(account: Account) -> str:
    """Relapp's address book on the account's server (found as a sync finds it)."""
    from relapp.services.sync.dav import DavClient
    from relapp.services.sync.engine import people_collection

    client = DavClient(account.url, account.user, account.password)
    try:
        return people_collection(client)
    finally:
        client.close()


def raw(account: Account, method: str, url: str, **kwargs: Any) -> requests.Response:
    return requests.request(
        method, url, auth=(account.user, account.password), timeout=10, **kwargs
    )


def cards_on_server(account: Account) -> dict[str, str]:
    """href -> card text of every card in Relapp's address book, by plain HTTP."""
    from relapp.services.sync.dav import DavClient

    client = DavClient(account.url, account.user, account.password)
    listing = client.list_all(collection(account))
    return {r.href: r.text for r in client.fetch(collection(account), "card", listing.etags)}
