"""The single-instance socket against other users and hostile clients: it lives in a
folder only its user can enter, and whatever arrives on it (random bytes, JSON of any
shape, connections that never finish, hundreds at once) raises nothing, holds bounded
memory, and leaves the server answering the next real launch (issue 12, item 7)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QByteArray
from PySide6.QtNetwork import QLocalSocket

from relapp.ui import single_instance
from relapp.ui.single_instance import SingleInstance, server_name

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX sockets and owners")

COUNTS = {"messages": 0, "answered": 0}


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No XDG_RUNTIME_DIR; the temporary folder is this test's own."""
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    shared = tmp_path / "tmp"
    shared.mkdir(mode=0o777)
    os.chmod(shared, 0o1777)  # like /tmp: everyone may make folders in it
    monkeypatch.setattr(tempfile, "tempdir", str(shared))
    return shared


def test_without_a_runtime_folder_the_socket_is_in_a_private_folder_of_ours(
    private_tmp: Path, tmp_path: Path
) -> None:
    name = Path(server_name(tmp_path / "data"))
    folder = name.parent
    assert folder.parent == private_tmp
    info = folder.lstat()
    assert stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid()
    assert stat.S_IMODE(info.st_mode) == 0o700


def test_a_socket_folder_taken_by_another_user_is_not_used(
    private_tmp: Path, tmp_path: Path, qapp
) -> None:
    if os.geteuid() != 0:
        pytest.skip("making a folder another user owns needs root (chown)")
    squatted = private_tmp / f"relapp-{os.getuid()}"
    squatted.mkdir(mode=0o777)
    os.chmod(squatted, 0o777)
    os.chown(squatted, 65534, 65534)  # nobody's, made before Relapp started
    name = server_name(tmp_path / "data")
    assert not name.startswith(str(squatted))
    first = SingleInstance(tmp_path / "data")
    try:
        assert first.acquire()
        assert list(squatted.iterdir()) == []  # nothing of ours went there
    finally:
        first.release()


def test_a_symlink_in_place_of_the_socket_folder_is_not_followed(
    private_tmp: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    (private_tmp / f"relapp-{os.getuid()}").symlink_to(elsewhere)
    name = server_name(tmp_path / "data")
    assert not name.startswith(str(private_tmp / f"relapp-{os.getuid()}") + "/")


# --- what arrives on the socket -----------------------------------------------------------


@pytest.fixture
def server(qapp, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SingleInstance]:
    runtime = tmp_path_factory.mktemp("run")
    os.chmod(runtime, 0o700)
    old = os.environ.get("XDG_RUNTIME_DIR")
    os.environ["XDG_RUNTIME_DIR"] = str(runtime)
    instance = SingleInstance(tmp_path_factory.mktemp("data"))
    assert instance.acquire()
    yield instance
    instance.release()
    if old is None:
        os.environ.pop("XDG_RUNTIME_DIR", None)
    else:
        os.environ["XDG_RUNTIME_DIR"] = old


def send(qtbot, instance: SingleInstance, payload: bytes, wait_reply: bool = False) -> bytes:
    socket = QLocalSocket()
    socket.connectToServer(instance.name)
    qtbot.waitUntil(
        lambda: socket.state() == QLocalSocket.LocalSocketState.ConnectedState, timeout=3000
    )
    socket.write(QByteArray(payload))
    socket.flush()
    reply = bytearray()
    if wait_reply:

        def answered() -> bool:
            reply.extend(bytes(socket.readAll().data()))
            return b"ok\n" in reply

        qtbot.waitUntil(answered, timeout=3000)
    else:
        qtbot.wait(5)
    socket.abort()
    return bytes(reply)


def assert_still_answers(qtbot, instance: SingleInstance) -> None:
    received: list[list[str]] = []
    instance.filesReceived.connect(received.append)
    try:
        request = json.dumps({"activate": True, "files": ["/home/ann/cards.vcf"]}).encode()
        assert send(qtbot, instance, request + b"\n", wait_reply=True) == b"ok\n"
        qtbot.waitUntil(lambda: received == [["/home/ann/cards.vcf"]], timeout=3000)
    finally:
        instance.filesReceived.disconnect(received.append)
    COUNTS["answered"] += 1


@pytest.mark.parametrize(
    "payload",
    [
        b'{"files": 5}\n',
        b'{"files": "abc"}\n',
        b'{"files": [1, {"a": 2}, null]}\n',
        b'{"files": ["\\ud800"]}\n',
        b'{"files": ["relative/path.vcf"]}\n',
        b'{"files": ["/a\\u0000b"]}\n',
        b"[" * 100_000 + b"\n",
        b'"just a string"\n',
        b"\xff\xfe\x00garbage\n",
        b"\n",
    ],
)
def test_malformed_requests_raise_nothing_and_bring_no_files(
    qtbot, server: SingleInstance, payload: bytes
) -> None:
    received: list[list[str]] = []
    server.filesReceived.connect(received.append)
    send(qtbot, server, payload, wait_reply=True)
    qtbot.wait(20)
    assert received == []
    server.filesReceived.disconnect(received.append)
    assert_still_answers(qtbot, server)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(), inner, max_size=5),
    max_leaves=20,
)
requests = st.one_of(
    st.binary(max_size=2000),
    json_values.map(lambda v: json.dumps(v).encode() + b"\n"),
    st.dictionaries(st.sampled_from(["activate", "files", "x"]), json_values, max_size=3).map(
        lambda v: json.dumps(v).encode() + b"\n"
    ),
    st.lists(json_values, max_size=5).map(
        lambda files: json.dumps({"activate": True, "files": files}).encode() + b"\n"
    ),
)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(payload=requests)
def test_fuzzed_requests_raise_nothing_and_the_server_still_answers(
    qtbot, server: SingleInstance, payload: bytes
) -> None:
    send(qtbot, server, payload)
    COUNTS["messages"] += 1
    if COUNTS["messages"] % 50 == 0:
        assert_still_answers(qtbot, server)


def test_fuzz_counts(qtbot, server: SingleInstance) -> None:
    assert_still_answers(qtbot, server)
    print(f"single-instance fuzz: {COUNTS['messages']} requests, {COUNTS['answered']} answered")


# --- many connections that never finish ----------------------------------------------------

FLOOD = textwrap.dedent(
    """
    import socket, sys, time
    name, count, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    conns, sent = [], []
    for _ in range(count):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(name)
        except OSError:
            continue
        s.setblocking(False)
        conns.append(s)
        sent.append(0)
    deadline = time.monotonic() + 4
    chunk = b"x" * 65536
    while time.monotonic() < deadline:
        for i, s in enumerate(conns):
            if sent[i] < size:
                try:
                    sent[i] += s.send(chunk)
                except BlockingIOError:
                    pass
                except OSError:  # closed by the server
                    sent[i] = size + 1 + sent[i]
        time.sleep(0.01)
    print(len(conns), sum(n if n <= size else n - size - 1 for n in sent), flush=True)
    sys.stdin.readline()
    """
)


def resident_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    pytest.skip("no /proc/self/status")


def test_hundreds_of_idle_connections_hold_bounded_memory_and_are_closed(
    qtbot, server: SingleInstance, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(single_instance, "IDLE_TIMEOUT_MS", 1500)
    before = resident_mb()
    flood = subprocess.Popen(
        [sys.executable, "-c", FLOOD, server.name, "300", str(900_000)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        peak = 0.0
        for _ in range(50):  # the server works while the flood goes on (about 5 s)
            qtbot.wait(100)
            peak = max(peak, resident_mb() - before)
            assert len(server.requests) <= single_instance.MAX_CONNECTIONS
        assert flood.stdout is not None
        opened, sent = map(int, flood.stdout.readline().split())
        print(f"flood: {opened} connections ({sent:,} bytes sent), server grew {peak:.0f} MB")
        assert peak < 64, f"the server grew by {peak:.0f} MB"
        qtbot.waitUntil(lambda: len(server.requests) == 0, timeout=5000)  # idle ones closed
        assert_still_answers(qtbot, server)
    finally:
        flood.communicate("\n", timeout=10)
