"""Relapp makes no network connection but to the sync server the user configured: a
whole session opens no internet socket, and a sync connects to that server only.

Python-level sockets are caught by an audit hook (every ``socket.socket`` creation and
every ``connect``, whatever module makes it); sockets made by Qt's C++ code are caught
by looking at this process's open files in /proc (Linux) for AF_INET/AF_INET6 sockets.
"""

from __future__ import annotations

import os
import socket
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from relapp.domain.model import Channel, Direction, InteractionDraft, PersonDraft
from relapp.paths import AppPaths
from relapp.services import backups, interactions, people
from relapp.storage import Database
from relapp.ui.app import open_window
from relapp.ui.tasks import TaskRunner

_recording: list[tuple[int, int]] | None = None
_connects: list[object] = []


def _audit(event: str, args: tuple) -> None:
    if _recording is not None and event == "socket.__new__":
        family = args[1]
        if family in (socket.AF_INET, socket.AF_INET6):
            _recording.append((int(family), int(args[2])))
    if _recording is not None and event == "socket.connect":
        sock, address = args
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            _connects.append(address)


sys.addaudithook(_audit)


def inet_socket_inodes() -> set[str]:
    """Inodes of this process's open internet sockets (empty where /proc is absent)."""
    tables: set[str] = set()
    for name in ("tcp", "tcp6", "udp", "udp6", "raw", "raw6"):
        table = Path("/proc/net") / name
        if table.exists():
            for line in table.read_text().splitlines()[1:]:
                fields = line.split()
                if len(fields) > 9:
                    tables.add(fields[9])
    mine: set[str] = set()
    fd_dir = Path("/proc/self/fd")
    if not fd_dir.exists():
        return mine
    for fd in fd_dir.iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inode = target[len("socket:[") : -1]
            if inode in tables:
                mine.add(inode)
    return mine


@pytest.fixture
def recorded() -> list[tuple[int, int]]:
    global _recording
    _recording = []
    _connects.clear()
    yield _recording
    _recording = None


def test_the_audit_hook_sees_an_internet_socket(recorded: list[tuple[int, int]]) -> None:
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    probe.close()
    assert recorded == [(int(socket.AF_INET), int(socket.SOCK_STREAM))]


def test_a_whole_session_opens_no_internet_socket(
    qtbot,
    db: Database,
    paths: AppPaths,
    runner: TaskRunner,
    recorded: list[tuple[int, int]],
    tmp_path: Path,
) -> None:
    before = inet_socket_inodes()
    window = open_window(db, paths, runner=runner)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.list_loaded)
    ada = people.add_person(
        db, PersonDraft(display_name="Ada Lovelace", notes="see https://example.com")
    )
    interactions.log_interaction(
        db,
        InteractionDraft(
            occurred_at=datetime.now(UTC),
            channel=Channel.EMAIL,
            direction=Direction.OUTBOUND,
            summary="Wrote about http://evil.example/x.png",
            person_ids=(ada.id,),
        ),
    )
    window.data_changed((ada.id,), select=ada.id)
    qtbot.keyClicks(window.search, "ada")
    qtbot.waitUntil(lambda: runner.idle)
    card = tmp_path / "bo.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo\r\nN:;Bo;;;\r\n"
        "PHOTO;VALUE=URI:http://evil.example/photo.jpg\r\n"
        "URL:http://evil.example/\r\nEND:VCARD\r\n"
    )
    from relapp.services.importing import apply_import, plan_import

    apply_import(db, plan_import(db, [card]))
    from relapp.services.health import health_of_everyone

    health_of_everyone(db, datetime.now(UTC))
    backups.backup_now(db)
    for index in range(window.left_tabs.count()):  # Today, network... whatever is there
        window.left_tabs.setCurrentIndex(index)
        qtbot.wait(20)
    from relapp.ui.introductions.feature import IntroductionsFeature

    intro = window.features.get(IntroductionsFeature)
    if intro is not None:
        intro.open_network()
    qtbot.wait(100)
    qtbot.waitUntil(lambda: runner.idle)
    assert recorded == []
    assert inet_socket_inodes() - before == set()


def test_a_sync_connects_to_the_configured_server_only(
    db: Database, recorded: list[tuple[int, int]], tmp_path: Path
) -> None:
    from relapp.services.sync import engine
    from tests.dav_server import Radicale

    (tmp_path / "server").mkdir()
    server = Radicale(tmp_path / "server")
    server.start()
    try:
        account = server.new_account()
        _connects.clear()
        recorded.clear()
        people.add_person(db, PersonDraft(display_name="Ada Lovelace", notes="https://x.example"))
        result = engine.sync(db, engine.Account(account.url, account.user), account.password)
        assert result.people.sent_new == 1
    finally:
        server.stop()
    assert recorded, "the sync made no socket: the audit hook saw nothing"
    assert _connects and all(address == ("127.0.0.1", server.port) for address in _connects), (
        _connects
    )
