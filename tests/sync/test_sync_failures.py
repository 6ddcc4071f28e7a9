"""A server that is down, refuses the password, answers 5xx or times out gives a clear
status and loses nothing; the next sync picks up. A sync killed part-way leaves no
duplicate after the next one."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from relapp.domain.model import ContactKind, ContactPoint, PersonDraft
from relapp.services import people
from relapp.services.sync import engine
from relapp.services.sync.dav import DavClient, Failure
from relapp.storage import bulk, open_database
from tests.dav_server import Account, Radicale, free_port
from tests.process_helpers import PY, ROOT, environment, relapp
from tests.sync.fault_server import fault_server
from tests.sync.helpers import cards_on_server, folder_db, people_of, sync


def some_people(n: int) -> list[PersonDraft]:
    return [
        PersonDraft(
            f"Person {i:04d}",
            notes=f"note {i}",
            contact_points=(ContactPoint(ContactKind.EMAIL, f"p{i}@example.org"),),
        )
        for i in range(n)
    ]


def failing_sync(db, url: str, user: str, password: str, **client_options) -> engine.SyncIncomplete:
    client = DavClient(url, user, password, **client_options)
    with pytest.raises(engine.SyncIncomplete) as caught:
        engine.sync(db, engine.Account(url, user), password, client=client)
    return caught.value


def test_a_wrong_password_is_a_login_status_and_changes_nothing(
    tmp_path: Path, account: Account
) -> None:
    db = folder_db(tmp_path, "a")
    people.add_person(db, PersonDraft("Ada"))
    before = people_of(db, tmp_path)
    stopped = failing_sync(db, account.url, account.user, "wrong")
    assert stopped.error.kind is Failure.LOGIN
    assert "refused the user name or password (401)" in str(stopped)
    assert people_of(db, tmp_path) == before
    assert sync(db, account).people.sent_new == 1  # the right password: it goes on


def test_a_server_that_is_down_is_offline(tmp_path: Path) -> None:
    db = folder_db(tmp_path, "a")
    people.add_person(db, PersonDraft("Ada"))
    stopped = failing_sync(db, f"http://127.0.0.1:{free_port()}/", "u", "p")
    assert stopped.error.kind is Failure.OFFLINE
    assert "could not reach 127.0.0.1" in str(stopped)


def test_5xx_and_a_timeout_give_their_status(tmp_path: Path) -> None:
    db = folder_db(tmp_path, "a")
    people.add_person(db, PersonDraft("Ada"))
    before = people_of(db, tmp_path)
    with fault_server("500") as url:
        stopped = failing_sync(db, url, "u", "p")
    assert stopped.error.kind is Failure.SERVER and "500" in str(stopped)
    with fault_server("slow") as url:
        started = time.monotonic()
        stopped = failing_sync(db, url, "u", "p", timeout=(2.0, 1.0))
    assert stopped.error.kind is Failure.TIMEOUT
    assert time.monotonic() - started < 10
    assert people_of(db, tmp_path) == before


def test_a_server_failing_part_way_loses_nothing_and_the_next_sync_goes_on(
    tmp_path: Path, account: Account
) -> None:
    db = folder_db(tmp_path, "a")
    with db.atomic():
        bulk.insert_people(db, some_people(20))
    with fault_server("proxy", upstream=account.url.rstrip("/"), puts_allowed=5) as url:
        stopped = failing_sync(db, url, account.user, account.password)
    assert stopped.error.kind is Failure.SERVER and "503" in str(stopped)
    assert stopped.tally.sent_new == 5
    assert len(cards_on_server(account)) == 5
    # The stored settings name the proxy; the real server is the same account.
    assert sync(db, account).people.sent_new == 15
    other = folder_db(tmp_path, "b")
    sync(other, account)
    assert people_of(db, tmp_path) == people_of(other, tmp_path)
    assert len(cards_on_server(account)) == 20


def relapp_sync(data: Path, account: Account) -> subprocess.Popen[str]:
    env = environment(RELAPP_SYNC_PASSWORD=account.password)
    return subprocess.Popen(
        [
            PY,
            "-m",
            "relapp",
            "--data-dir",
            str(data),
            "sync",
            "--url",
            account.url,
            "--user",
            account.user,
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def stored_cards(radicale: Radicale, account: Account) -> int:
    folder = radicale.folder / "collections" / "collection-root" / account.user / "relapp-people"
    return len(list(folder.glob("*.vcf"))) if folder.is_dir() else 0


def kill_part_way(process: subprocess.Popen[str], done: callable, limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while not done() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.02)
    assert process.poll() is None, "the sync finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait(10)


@pytest.mark.slow
def test_a_sync_killed_part_way_then_run_again_leaves_no_duplicate(
    tmp_path: Path, radicale: Radicale, account: Account
) -> None:
    n = 150  # Radicale takes ~0.1 s a PUT here
    a_dir = tmp_path / "a"
    a = folder_db(tmp_path, "a")
    with a.atomic():
        bulk.insert_people(a, some_people(n))
    a.close()
    # Killed while sending.
    kill_part_way(relapp_sync(a_dir, account), lambda: stored_cards(radicale, account) >= 40)
    assert 0 < stored_cards(radicale, account) < n
    done = relapp(
        "--data-dir", a_dir, "sync", env=environment(RELAPP_SYNC_PASSWORD=account.password)
    )
    assert done.returncode == 0, done.stderr
    assert "Sent people:" in done.stdout
    assert stored_cards(radicale, account) == n
    # Killed while receiving, in another folder.
    b_dir = tmp_path / "b"
    b = folder_db(tmp_path, "b")
    b.close()

    def received() -> bool:
        try:  # a reader beside the running sync, as the app's readers open it
            check = open_database(b_dir / "relapp.sqlite3", exclusive=False)
        except Exception:
            return False
        try:
            return people.count_people(check) >= 1  # the earliest moment seen
        finally:
            check.close()

    kill_part_way(relapp_sync(b_dir, account), received)
    done = relapp(
        "--data-dir", b_dir, "sync", env=environment(RELAPP_SYNC_PASSWORD=account.password)
    )
    assert done.returncode == 0, done.stderr
    a, b = folder_db(tmp_path, "a"), folder_db(tmp_path, "b")
    assert len(people_of(b, tmp_path)) == n
    assert people_of(a, tmp_path) == people_of(b, tmp_path)
    assert stored_cards(radicale, account) == n


def test_the_command_says_what_went_wrong_and_exits_non_zero(
    tmp_path: Path, account: Account
) -> None:
    data = tmp_path / "a"
    folder_db(tmp_path, "a").close()
    no_account = relapp("--data-dir", data, "sync", env=environment())
    assert no_account.returncode == 2
    assert "give --url URL --user USER once" in no_account.stderr
    wrong = relapp(
        "--data-dir",
        data,
        "sync",
        "--url",
        account.url,
        "--user",
        account.user,
        env=environment(RELAPP_SYNC_PASSWORD="wrong"),
    )
    assert wrong.returncode == 1
    assert "refused the user name or password" in wrong.stderr
    assert "Traceback" not in wrong.stderr
    ok = relapp(
        "--data-dir",
        data,
        "sync",
        "--url",
        account.url,
        "--user",
        account.user,
        env=environment(RELAPP_SYNC_PASSWORD=account.password),
    )
    assert ok.returncode == 0, ok.stderr
    assert "Received people: 0 new" in ok.stdout
    assert account.password not in ok.stdout + ok.stderr
    db_bytes = (data / "relapp.sqlite3").read_bytes()
    assert account.password.encode() not in db_bytes
    # A new machine: a data folder that does not exist yet is made and filled.
    fresh = relapp(
        "--data-dir",
        tmp_path / "new",
        "sync",
        "--url",
        account.url,
        "--user",
        account.user,
        env=environment(RELAPP_SYNC_PASSWORD=account.password),
    )
    assert fresh.returncode == 0, fresh.stderr
    assert "a new data folder was made" in fresh.stderr
