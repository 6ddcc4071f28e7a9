"""A sync talks to the server off the one writer (issue 16): against a slow network (a
proxy in front of a real Radicale that waits before passing on each request), a save
handed to ``runner.write`` while a sync of several seconds runs is done within
``SAVE_BUDGET_S``, not after the sync; and a person edited while the sync sends the
cards keeps the edit here and sends it with the next sync (the card the sync sent was
read before the edit: recording the edit as synced would lose it on the server)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from relapp.domain.model import PersonDraft
from relapp.services import people
from relapp.services.sync import engine
from relapp.storage import Database, bulk
from relapp.ui.sync.feature import SyncFeature
from relapp.ui.tasks import TaskRunner
from tests.dav_server import Account, Radicale
from tests.sync.fault_server import fault_server
from tests.sync.helpers import cards_on_server

PEOPLE = 24
DELAY_S = 0.15  # per request: a first sync of PEOPLE cards takes several seconds
SAVE_BUDGET_S = 1.0
WAIT_MS = 120000


def stored_cards(radicale: Radicale, account: Account) -> int:
    folder = radicale.folder / "collections" / "collection-root" / account.user
    return len(list((folder / "relapp-people").glob("*.vcf")))


def start(feature: SyncFeature, url: str, account: Account) -> float:
    feature.sync_now(engine.Account(url, account.user), account.password)
    assert feature.running
    return time.monotonic()


def timed_write(qtbot, runner: TaskRunner, fn) -> float:
    """Seconds from handing ``fn`` to the writer until its result is back."""
    done: list[float] = []
    began = time.monotonic()
    runner.write(fn, lambda _r: done.append(time.monotonic()), name="a save")
    qtbot.waitUntil(lambda: bool(done), timeout=WAIT_MS)
    return done[0] - began


def some_people(db: Database) -> None:
    with db.atomic():
        bulk.insert_people(db, [PersonDraft(f"Person {i:02d}") for i in range(PEOPLE)])


def test_a_save_during_a_slow_sync_is_not_held_until_the_sync_ends(
    qtbot, db: Database, runner: TaskRunner, feature: SyncFeature, dav: Radicale
) -> None:
    some_people(db)
    account = dav.new_account()
    with fault_server("proxy", dav.url.rstrip("/"), puts_allowed=-1, delay=DELAY_S) as url:
        began = start(feature, url, account)
        qtbot.wait(1500)  # well into the sync: discovery and the first cards
        assert feature.running, (feature.last_problem, feature.shell.errors)
        took = timed_write(
            qtbot, runner, lambda: people.add_person(db, PersonDraft("Saved meanwhile"))
        )
        still_running = feature.running
        qtbot.waitUntil(lambda: not feature.running, timeout=WAIT_MS)
        lasted = time.monotonic() - began
    print(f"\nsave during the sync: {took:.3f} s; the sync: {lasted:.1f} s")
    assert still_running, "the sync ended before the save: make the server slower"
    assert lasted > 3.0
    assert took < SAVE_BUDGET_S
    assert feature.last is not None and feature.last.people.sent_new >= PEOPLE


def test_an_edit_made_while_the_sync_sends_is_kept_and_sent_by_the_next_sync(
    qtbot, db: Database, runner: TaskRunner, feature: SyncFeature, dav: Radicale, tmp_path: Path
) -> None:
    some_people(db)
    last = PEOPLE  # ids follow the order of insertion; the cards go up in that order
    account = dav.new_account()
    with fault_server("proxy", dav.url.rstrip("/"), puts_allowed=-1, delay=DELAY_S) as url:
        start(feature, url, account)
        qtbot.waitUntil(lambda: stored_cards(dav, account) >= 3, timeout=WAIT_MS)
        assert feature.running
        renamed = {1: "Renamed First", last: "Renamed Last"}  # one sent already, one not yet
        for pid, name in renamed.items():
            draft = PersonDraft(name)
            timed_write(qtbot, runner, lambda pid=pid, d=draft: people.update_person(db, pid, d))
        qtbot.waitUntil(lambda: not feature.running, timeout=WAIT_MS)
        assert feature.last is not None, feature.last_problem
        for pid, name in renamed.items():
            assert people.get_person(db, pid).display_name == name  # not overwritten
        feature.sync_now(engine.Account(url, account.user))
        qtbot.waitUntil(lambda: not feature.running, timeout=WAIT_MS)
    assert feature.last is not None, feature.last_problem
    texts = "\n".join(cards_on_server(account).values())
    for name in renamed.values():
        assert f"FN:{name}" in texts
    assert len(cards_on_server(account)) == PEOPLE
    for pid, name in renamed.items():
        assert people.get_person(db, pid).display_name == name


def test_a_sync_under_way_when_the_window_closes_stops_at_its_next_step(
    qtbot, db: Database, feature: SyncFeature, dav: Radicale
) -> None:
    some_people(db)
    account = dav.new_account()
    with fault_server("proxy", dav.url.rstrip("/"), puts_allowed=-1, delay=DELAY_S) as url:
        start(feature, url, account)
        qtbot.waitUntil(lambda: stored_cards(dav, account) >= 2, timeout=WAIT_MS)
        syncing = [t for t in threading.enumerate() if t.name == "relapp-sync"]
        assert len(syncing) == 1
        channel = feature.off_writer.channel
        feature.off_writer.deleteLater()  # as when the window and its features go
        qtbot.waitUntil(lambda: channel.closed, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: not syncing[0].is_alive(), timeout=WAIT_MS)
    assert stored_cards(dav, account) < PEOPLE  # it stopped, it did not go on to the end
