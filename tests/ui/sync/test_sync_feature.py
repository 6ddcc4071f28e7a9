"""Settings ▸ Sync… against a fake shell and a real Radicale: the password goes to the
keyring (never to Relapp's files), the sync runs as one write on the runner, what came
in is announced, and a failure is said in the status bar."""

from __future__ import annotations

from pathlib import Path

import pytest

from relapp.domain.model import PersonDraft
from relapp.paths import AppPaths
from relapp.services import people
from relapp.services.sync import engine
from relapp.storage import Database
from relapp.ui.sync.dialog import SyncDialog
from relapp.ui.sync.feature import SyncFeature, install
from relapp.ui.tasks import TaskRunner
from tests.dav_server import Account, Radicale
from tests.memory_keyring import MemoryKeyring
from tests.ui.fake_shell import FakeShell


@pytest.fixture
def shell(qtbot, db: Database, paths: AppPaths, runner: TaskRunner) -> FakeShell:
    fake = FakeShell(db, paths, runner)
    qtbot.addWidget(fake.widget)
    return fake


def test_sync_now_keeps_the_password_in_the_keyring_and_announces_what_came_in(
    qtbot,
    shell: FakeShell,
    db: Database,
    paths: AppPaths,
    dav: Radicale,
    kept_passwords: MemoryKeyring,
    tmp_path: Path,
) -> None:
    account = dav.new_account()
    from tests.sync.helpers import folder_db, sync

    phone = folder_db(tmp_path, "other")  # another device, through the same server
    people.add_person(phone, PersonDraft("Ada Lovelace"))
    sync(phone, account)

    feature = install(shell)
    assert isinstance(feature, SyncFeature)
    assert [a.text() for a in shell.menu("settings").actions()] == ["S&ync…"]
    who = engine.Account(account.url, account.user)
    feature.sync_now(who, account.password)
    qtbot.waitUntil(lambda: not feature.running, timeout=30000)
    assert shell.errors == [] and feature.last_problem == ""
    assert people.count_people(db) == 1
    assert shell.announced and shell.announced[-1].everyone
    assert shell.told[-1] == "Synced: 1 received, 0 sent"
    assert kept_passwords.kept == {(engine.KEYRING_SERVICE, who.keyring_name): account.password}
    # Never in Relapp's own files.
    for file in paths.data_dir.rglob("*"):
        if file.is_file():
            assert account.password.encode() not in file.read_bytes(), file
    # The next time the dialog knows the account and the keyring the password.
    dialog = SyncDialog(shell.widget, engine.stored_account(db))
    qtbot.addWidget(dialog)
    assert (dialog.account(), dialog.typed_password()) == (who, "")
    people.add_person(db, PersonDraft("Bo"))
    feature.sync_now(dialog.account(), dialog.typed_password())
    qtbot.waitUntil(lambda: not feature.running, timeout=30000)
    assert shell.told[-1] == "Synced: 0 received, 1 sent"


def test_a_refused_password_is_said_in_the_status_bar(
    qtbot, shell: FakeShell, db: Database, dav: Radicale, kept_passwords: MemoryKeyring
) -> None:
    account: Account = dav.new_account()
    people.add_person(db, PersonDraft("Ada"))
    feature = install(shell)
    feature.sync_now(engine.Account(account.url, account.user), "wrong")
    qtbot.waitUntil(lambda: not feature.running, timeout=30000)
    assert "refused the user name or password (401)" in shell.told[-1]
    assert "What was done is kept" in shell.told[-1]
    assert shell.errors == []
    assert people.count_people(db) == 1
