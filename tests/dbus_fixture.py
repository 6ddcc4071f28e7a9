"""A private D-Bus session bus (``dbus-daemon``) and the test notification server on it
(``tests/notification_server.py``), started and stopped by the tests."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

SERVER = Path(__file__).resolve().parent / "notification_server.py"
ROOT = SERVER.parent.parent


@contextmanager
def private_bus(listen: str | None = None) -> Iterator[str]:
    """A session bus of the test's own (listening on ``listen``, a D-Bus address, when
    given); yields its address."""
    daemon = shutil.which("dbus-daemon")
    if daemon is None:
        pytest.skip("needs dbus-daemon (Debian: dbus-daemon, pulled in by dbus-x11)")
    where = [f"--address={listen}"] if listen else []
    process = subprocess.Popen(
        [daemon, "--session", "--nofork", "--print-address=1", *where],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        address = process.stdout.readline().strip()
        assert address.startswith("unix:"), process.stderr.read() if process.stderr else ""
        yield address
    finally:
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()


class MockServer:
    """The test notification server as a process; what it received, in order."""

    def __init__(self, address: str, *, mute: bool = False) -> None:
        args = [sys.executable, str(SERVER), address, *(["--mute"] if mute else [])]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen(
            args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env
        )
        self.records: list[dict] = []
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        assert self._wait(lambda: any(r.get("ready") for r in self.snapshot()), 10), (
            "the notification server did not start"
        )

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self._lock:
                self.records.append(json.loads(line))

    def snapshot(self) -> list[dict]:
        with self._lock:
            return list(self.records)

    def calls(self, member: str) -> list[dict]:
        return [r for r in self.snapshot() if r.get("member") == member]

    @staticmethod
    def _wait(condition, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return True
            time.sleep(0.02)
        return False

    def _command(self, command: dict) -> None:
        assert self.process.stdin is not None
        done = len([r for r in self.snapshot() if r.get("done")])
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        assert self._wait(lambda: len([r for r in self.snapshot() if r.get("done")]) > done, 5)

    def invoke(self, server_id: int, action: str) -> None:
        """The user picks ``action`` on the notification (then it closes)."""
        self._command({"invoke": [server_id, action]})

    def dismiss(self, server_id: int) -> None:
        self._command({"close": server_id, "reason": 2})

    def stop(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)


@pytest.fixture
def session_bus() -> Iterator[str]:
    with private_bus() as address:
        yield address


@pytest.fixture
def notification_server(session_bus: str) -> Iterator[MockServer]:
    server = MockServer(session_bus)
    yield server
    server.stop()
