"""One Relapp per data folder: a second launch hands over to the first; a crashed one's
lock is taken over."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest
from PySide6.QtNetwork import QLocalServer

from relapp.ui.single_instance import LOCK_NAME, SingleInstance, current, server_name

ROOT = Path(__file__).resolve().parent.parent.parent

SECOND_LAUNCH = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from PySide6.QtCore import QCoreApplication
    from relapp.ui.single_instance import SingleInstance
    app = QCoreApplication([])
    other = SingleInstance(Path(sys.argv[1]))
    if other.acquire():
        sys.exit(3)  # it should not have got the folder
    sys.exit(0 if other.forward(sys.argv[2:]) else 4)
    """
)

HOLD_AND_CRASH = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from PySide6.QtCore import QCoreApplication
    from relapp.ui.single_instance import SingleInstance
    app = QCoreApplication([])
    held = SingleInstance(Path(sys.argv[1]))
    assert held.acquire()
    print("locked", flush=True)
    if sys.argv[2] == "crash":
        os._exit(0)  # no unlock: as if Relapp had crashed
    sys.stdin.readline()
    """
)


def python(code: str, *args: str, cwd: Path, **kw) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen([sys.executable, "-c", code, *args], cwd=cwd, env=env, **kw)


def test_a_second_launch_forwards_its_files_and_the_first_comes_forward(
    qtbot, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    first = SingleInstance(data)
    assert first.acquire()
    assert (data / LOCK_NAME).exists()
    received: list[list[str]] = []
    first.filesReceived.connect(received.append)
    try:
        with qtbot.waitSignal(first.activationRequested, timeout=8000):
            launch = python(SECOND_LAUNCH, str(data), "cards.vcf", "/abs/x.vcf", cwd=tmp_path)
        qtbot.waitUntil(lambda: launch.poll() is not None, timeout=8000)
        assert launch.returncode == 0
        assert received == [[str(tmp_path / "cards.vcf"), "/abs/x.vcf"]]
    finally:
        first.release()


def test_the_same_process_cannot_take_the_folder_twice(qapp, tmp_path: Path) -> None:
    first = SingleInstance(tmp_path, qapp)
    assert current() is first
    assert first.acquire()
    assert not SingleInstance(tmp_path).acquire()
    first.release()
    first.setParent(None)
    assert current() is None
    again = SingleInstance(tmp_path)
    assert again.acquire()
    again.release()


def test_a_running_relapp_keeps_the_folder_and_a_crashed_one_gives_it_up(
    qapp, tmp_path: Path
) -> None:
    holder = python(
        HOLD_AND_CRASH,
        str(tmp_path),
        "hold",
        cwd=tmp_path,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        assert not SingleInstance(tmp_path).acquire()  # alive: the database stays its own
    finally:
        holder.communicate("\n", timeout=10)
    crashed = python(
        HOLD_AND_CRASH, str(tmp_path), "crash", cwd=tmp_path, stdout=subprocess.PIPE, text=True
    )
    crashed.communicate(timeout=10)
    assert (tmp_path / LOCK_NAME).exists()  # left behind
    survivor = SingleInstance(tmp_path)
    assert survivor.acquire()  # stale: taken over
    survivor.release()


def test_the_socket_name_depends_on_the_folder_and_the_user_runtime_dir(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    a, b = server_name(tmp_path / "a"), server_name(tmp_path / "b")
    assert a != b
    assert a == server_name(tmp_path / "a" / ".." / "a")
    # Without a runtime folder: a private folder of this user's, not a name in /tmp.
    assert Path(a).parent.name == f"relapp-{os.getuid()}"
    os.chmod(tmp_path, 0o700)  # a runtime folder is private (XDG base directory spec)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    assert server_name(tmp_path / "a").startswith(str(tmp_path) + "/relapp-")


def test_the_server_is_for_this_user_only(
    qapp, tmp_path: Path, monkeypatch, request: pytest.FixtureRequest
) -> None:
    # A short folder, as /run/user/UID is: a socket path has at most 107 bytes, and
    # tmp_path under a parallel test worker is longer than that.
    runtime = Path(tempfile.mkdtemp(prefix="rr-"))
    runtime.chmod(0o700)
    request.addfinalizer(lambda: shutil.rmtree(runtime, ignore_errors=True))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    first = SingleInstance(tmp_path / "data")
    assert first.acquire()
    assert first.server is not None
    assert first.server.socketOptions() == QLocalServer.SocketOption.UserAccessOption
    socket_file = Path(first.name)
    assert socket_file.parent == runtime
    assert stat.S_IMODE(socket_file.stat().st_mode) & 0o077 == 0
    first.release()
