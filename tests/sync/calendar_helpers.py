"""What the promises and history sync tests share: a database's records as its JSON
export says them, with people and history entries named by uid (ids and times of
storage left out), and the items of Relapp's calendars on the server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from relapp.services.json_file.format import export_json
from relapp.services.sync.dav import DavClient
from relapp.services.sync.engine import calendar
from relapp.storage import Database
from tests.dav_server import Account
from tests.sync.helpers import people_of

LOCAL_ONLY = ("id", "created_at", "updated_at", "last_notified_at")


def _named(record: dict[str, Any], people: dict[int, str], history: dict[int, str]) -> None:
    for key in list(record):
        value = record[key]
        if key in LOCAL_ONLY:
            record.pop(key)
        elif key == "interaction":
            record[key] = history.get(value) if value is not None else None
        elif key in ("person", "introducer", "person_a", "person_b"):
            record[key] = people.get(value) if value is not None else None
        elif key == "people":
            record[key] = sorted(people[p] for p in value)


def everything_of(db: Database, tmp_path: Path) -> dict[str, Any]:
    """People, promises, history and introductions, comparable across two databases."""
    out = tmp_path / f"everything-{id(db)}.json"
    export_json(db, out)
    data = json.loads(out.read_text())
    people = {p["id"]: p["uid"] for p in data["people"]}
    history = {i["id"]: i["uid"] for i in data["interactions"]}
    result: dict[str, Any] = {"people": people_of(db, tmp_path)}
    for part in ("promises", "interactions", "introductions"):
        records = data[part]
        for record in records:
            _named(record, people, history)
        result[part] = sorted(records, key=lambda r: r["uid"])
    return result


def calendar_url(account: Account, part: str) -> str:
    client = DavClient(account.url, account.user, account.password)
    try:
        return calendar(client, part)
    finally:
        client.close()


def items_on_server(account: Account, part: str) -> dict[str, str]:
    """href -> text of every item in Relapp's calendar of ``part``, by plain HTTP."""
    client = DavClient(account.url, account.user, account.password)
    url = calendar_url(account, part)
    try:
        listing = client.list_all(url)
        return {r.href: r.text for r in client.fetch(url, "cal", listing.etags)}
    finally:
        client.close()
