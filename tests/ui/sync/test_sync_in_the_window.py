"""The window syncs on its own (issue 16), against a real Radicale and a real SQLite
file, on a shell whose clock the test moves: shortly after a change of a kind that
syncs, every few minutes otherwise, never without an account, never two at once; after
a failure (server down, 5xx, a timeout) the status line says so and the retries follow
the back-off of ``domain.sync.status``; a refused password is asked for again in the
window and not retried meanwhile; an edit made while the server failed syncs on the
next success."""

from __future__ import annotations

from datetime import timedelta

from relapp.domain.changes import Changes
from relapp.domain.model import PersonDraft
from relapp.domain.sync.status import AFTER_CHANGE_QUIET, SYNC_EVERY, retry_delay
from relapp.services import people
from relapp.services.sync import engine
from relapp.storage import Database
from relapp.ui.sync.feature import SyncFeature
from tests.dav_server import Account, Radicale
from tests.sync.fault_server import fault_server
from tests.sync.helpers import cards_on_server, folder_db, sync
from tests.ui.fake_shell import FakeShell

WAIT_MS = 60000


def finished(qtbot, feature: SyncFeature) -> None:
    qtbot.waitUntil(lambda: not feature.running, timeout=WAIT_MS)


def first_sync(qtbot, feature: SyncFeature, account: Account) -> None:
    feature.sync_now(engine.Account(account.url, account.user), account.password)
    assert feature.running and feature.status_line.words == "Syncing…"
    finished(qtbot, feature)


def add(shell: FakeShell, db: Database, name: str) -> int:
    """A person added in the window: written, then announced as the window does."""
    pid = people.add_person(db, PersonDraft(name)).id
    shell.announce(Changes.of_people([pid], persons=True))
    return pid


def test_without_an_account_nothing_syncs_and_there_is_no_status_line(
    qtbot, shell: FakeShell, db: Database, feature: SyncFeature, clock
) -> None:
    feature.start()
    assert shell.status_widgets == [feature.status_line]
    assert feature.status_line.isHidden() and feature.status_line.words == ""
    assert not feature.scheduler.enabled and not feature.scheduler.sync_timer.isActive()
    add(shell, db, "Ada")
    clock.advance(hours=2)
    feature.scheduler.check()
    assert not feature.running and shell.runner.idle


def test_a_change_syncs_shortly_after_otherwise_every_few_minutes_never_two_at_once(
    qtbot, shell: FakeShell, db: Database, feature: SyncFeature, clock, dav: Radicale, tmp_path
) -> None:
    account = dav.new_account()
    people.add_person(db, PersonDraft("Ada"))
    first_sync(qtbot, feature, account)
    scheduler = feature.scheduler
    assert not feature.status_line.isHidden()
    assert feature.status_line.words == "Synced just now"
    assert scheduler.next_at == clock.now + SYNC_EVERY and scheduler.sync_timer.isActive()
    # The line is redrawn when its words change by time alone, by one timer.
    clock.advance(minutes=2)
    scheduler.status_timer.fired.emit()
    assert feature.status_line.words == "Synced 2 minutes ago"
    assert scheduler.status_timer.next_at is not None
    # A change of a kind that does not sync leaves the schedule as it was.
    shell.announce(Changes(settings=True))
    assert scheduler.next_at == clock.now + SYNC_EVERY - timedelta(minutes=2)
    # A person changed: a sync shortly after (the quiet time of the rule), not before.
    add(shell, db, "Bo")
    assert scheduler.next_at == clock.now + AFTER_CHANGE_QUIET
    clock.advance(seconds=5)
    scheduler.check()
    assert not feature.running
    clock.advance(seconds=6)
    scheduler.check()
    assert feature.running and feature.status_line.words == "Syncing…"
    # Never two at once: while it runs, nothing is due and Sync Now waits.
    assert scheduler.next_at is None
    feature.sync_now(engine.Account(account.url, account.user))
    assert shell.told[-1] == "A sync is under way."
    finished(qtbot, feature)
    assert len(cards_on_server(account)) == 2
    # What another device sent comes in at the regular time; announcing it is no change
    # of ours, so the next sync stays a regular one.
    phone = folder_db(tmp_path, "phone")
    sync(phone, account)
    people.add_person(phone, PersonDraft("Cy"))
    sync(phone, account)
    clock.advance(seconds=SYNC_EVERY.total_seconds())
    scheduler.check()
    finished(qtbot, feature)
    assert people.count_people(db) == 3
    assert shell.announced[-1].everyone
    assert scheduler.next_at == clock.now + SYNC_EVERY


def test_a_server_that_is_down_backs_off_and_an_edit_made_meanwhile_syncs_after(
    qtbot, shell: FakeShell, db: Database, feature: SyncFeature, clock, dav: Radicale
) -> None:
    account = dav.new_account()
    people.add_person(db, PersonDraft("Ada"))
    first_sync(qtbot, feature, account)
    dav.stop()
    add(shell, db, "Bo")
    clock.advance(seconds=11)
    feature.scheduler.check()
    finished(qtbot, feature)
    scheduler = feature.scheduler
    assert feature.status_line.words == "Offline — will retry in 1 minute"
    assert scheduler.next_at == clock.now + retry_delay(1)
    assert shell.errors == []
    # A change does not bring a retry forward (it cannot bring the server back).
    add(shell, db, "Cy")
    assert scheduler.next_at == clock.now + retry_delay(1)
    clock.advance(seconds=30)
    scheduler.status_timer.fired.emit()
    assert feature.status_line.words == "Offline — will retry in 1 minute"
    clock.advance(seconds=31)
    scheduler.check()
    finished(qtbot, feature)
    assert feature.status_line.words == "Offline — will retry in 2 minutes"
    assert scheduler.next_at == clock.now + retry_delay(2)
    dav.start()  # back, on the same port
    clock.advance(minutes=2, seconds=1)
    scheduler.check()
    finished(qtbot, feature)
    assert feature.status_line.words == "Synced just now"
    on_server = cards_on_server(account).values()
    assert sorted(n for n in ("Ada", "Bo", "Cy") if any(f"FN:{n}" in c for c in on_server)) == [
        "Ada",
        "Bo",
        "Cy",
    ]
    assert scheduler.next_at == clock.now + SYNC_EVERY  # the back-off is reset


def test_5xx_and_a_timeout_give_their_status_and_retry_on_the_back_off(
    qtbot, shell: FakeShell, db: Database, feature: SyncFeature, clock
) -> None:
    people.add_person(db, PersonDraft("Ada"))
    feature.client_options = {"timeout": (2.0, 1.0)}
    with fault_server("500") as url:
        feature.sync_now(engine.Account(url, "u"), "p")
        finished(qtbot, feature)
    assert feature.status_line.words == "The server had a problem (500) — will retry in 1 minute"
    assert "had a problem (500" in feature.last_result_text()
    assert "had a problem (500 Internal Server Error)" in feature.status_line.toolTip()
    with fault_server("slow") as url:
        feature.sync_now(engine.Account(url, "u"), "p")
        finished(qtbot, feature)
    text = "The server did not answer in time — will retry in 2 minutes"
    assert feature.status_line.words == text
    assert feature.scheduler.next_at == clock.now + retry_delay(2)
    assert shell.errors == [] and people.count_people(db) == 1


def test_a_refused_password_is_asked_for_in_the_window_and_not_retried_meanwhile(
    qtbot, shell: FakeShell, db: Database, feature: SyncFeature, clock, dav: Radicale, paths
) -> None:
    account = dav.new_account()
    people.add_person(db, PersonDraft("Ada"))
    first_sync(qtbot, feature, account)
    who = engine.Account(account.url, account.user)
    feature.sync_now(who, "an old password")
    finished(qtbot, feature)
    words = "The server refused the password — Settings ▸ Sync…"
    assert feature.status_line.words == words
    assert feature.scheduler.next_at is None and not feature.scheduler.sync_timer.isActive()
    clock.advance(hours=1)
    feature.scheduler.check()
    assert not feature.running  # retrying a refused password only locks the account
    dialog = feature.dialog
    assert dialog is not None and dialog.isVisible()
    assert "refused the password" in dialog.problem.text() and dialog.problem.isVisibleTo(dialog)
    add(shell, db, "Bo")
    dialog.password.setText(account.password)
    dialog.accept()
    assert feature.running
    finished(qtbot, feature)
    assert feature.status_line.words == "Synced just now"
    assert len(cards_on_server(account)) == 2
    assert (engine.KEYRING_SERVICE, who.keyring_name) in engine_keys()
    for file in paths.data_dir.rglob("*"):
        if file.is_file():
            assert account.password.encode() not in file.read_bytes(), file


def engine_keys() -> set[tuple[str, str]]:
    import keyring

    backend = keyring.get_keyring()
    return set(getattr(backend, "kept", {}))


def test_the_status_line_opens_settings_which_switch_the_parts(
    qtbot, shell: FakeShell, db: Database, feature: SyncFeature, dav: Radicale
) -> None:
    account = dav.new_account()
    people.add_person(db, PersonDraft("Ada"))
    first_sync(qtbot, feature, account)
    feature.status_line.click()
    dialog = feature.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.url.text() == account.url and dialog.user.text() == account.user
    assert "Synced just now" in dialog.last.text() and "1 sent" in dialog.last.text()
    assert all(box.isChecked() for box in dialog.parts.values())
    dialog.parts["people"].setChecked(False)
    add(shell, db, "Bo")
    dialog.accept()
    finished(qtbot, feature)
    assert not feature.parts().people
    assert len(cards_on_server(account)) == 1  # people switched off: Bo stays here
    add(shell, db, "Cy")  # and a change of people no longer brings a sync forward
    assert feature.scheduler.next_at == shell.clock() + SYNC_EVERY


def test_an_edit_made_while_a_sync_runs_is_sent_by_the_next_one_shortly_after(
    qtbot, shell: FakeShell, db: Database, feature: SyncFeature, clock, dav: Radicale
) -> None:
    account = dav.new_account()
    people.add_person(db, PersonDraft("Ada"))
    first_sync(qtbot, feature, account)
    add(shell, db, "Bo")
    clock.advance(seconds=11)
    feature.scheduler.check()
    assert feature.running
    clock.advance(seconds=1)
    add(shell, db, "Cy")  # while it runs: it may or may not take Cy along
    changed_at = clock.now
    finished(qtbot, feature)
    assert feature.scheduler.next_at == changed_at + AFTER_CHANGE_QUIET
    clock.advance(seconds=10)
    feature.scheduler.check()
    finished(qtbot, feature)
    assert len(cards_on_server(account)) == 3
    assert feature.scheduler.next_at == clock.now + SYNC_EVERY


def test_no_password_in_the_keyring_is_asked_for_in_the_window(
    qtbot,
    shell: FakeShell,
    db: Database,
    feature: SyncFeature,
    clock,
    dav: Radicale,
    kept_passwords,
) -> None:
    account = dav.new_account()
    people.add_person(db, PersonDraft("Ada"))
    first_sync(qtbot, feature, account)
    kept_passwords.kept.clear()  # the keyring forgot it (a new session, another machine)
    add(shell, db, "Bo")
    clock.advance(seconds=11)
    feature.scheduler.check()
    finished(qtbot, feature)  # the keyring is read on the worker
    assert feature.scheduler.next_at is None
    assert feature.status_line.words == "The server refused the password — Settings ▸ Sync…"
    dialog = feature.dialog
    assert dialog is not None and dialog.isVisible()
    assert "no password for" in dialog.problem.text()
    dialog.password.setText(account.password)
    dialog.accept()
    finished(qtbot, feature)
    assert feature.status_line.words == "Synced just now"
    assert len(cards_on_server(account)) == 2
    assert list(kept_passwords.kept.values()) == [account.password]
