"""Real CardDAV/CalDAV servers (from pip) on 127.0.0.1 for the sync tests, started on a
free port with a temporary storage folder and stopped by the fixtures
(tests/sync/conftest.py):

- Radicale, with plain htpasswd logins; Radicale reads the file again on every
  request, so each test adds a user of its own;
- Xandikos, a second implementation (one user, no login on plain HTTP: it leaves that
  to a proxy), one server per test."""

from __future__ import annotations

import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

STARTUP_SECONDS = 30


@dataclass(frozen=True)
class Account:
    url: str  # the server's root: discovery starts here
    user: str
    password: str


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_it_answers(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited: {log.read_text()[-2000:]}")
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except urllib.error.HTTPError:
            return  # it answers (401 without a login, 404, ...)
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the server did not answer within {STARTUP_SECONDS} s")


def stop(process: subprocess.Popen[bytes] | None) -> None:
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


class Xandikos:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = folder / "xandikos.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [
            sys.executable,
            "-m",
            "xandikos",
            "serve",
            "-d",
            str(self.folder / "dav"),
            "--autocreate",
            "--state-dir",
            str(self.folder / "state"),
            "-l",
            "127.0.0.1",
            "-p",
            str(self.port),
            "--no-detect-systemd",
        ]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_until_it_answers(self.process, self.url, self.log)
        except RuntimeError:
            self.stop()
            raise

    def stop(self) -> None:
        stop(self.process)

    def new_account(self) -> Account:
        return Account(self.url, "user", "unused")  # one user; no login on plain HTTP


class Radicale:
    module = "radicale"  # what `python -m` runs: bench/radicale_fast.py's for the benchmarks

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.users = folder / "users"
        self.users.write_text("")
        self.log = folder / "radicale.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [
            sys.executable,
            "-m",
            self.module,
            "--config",
            "",
            "--server-hosts",
            f"127.0.0.1:{self.port}",
            "--storage-filesystem-folder",
            str(self.folder / "collections"),
            "--auth-type",
            "htpasswd",
            "--auth-htpasswd-filename",
            str(self.users),
            "--auth-htpasswd-encryption",
            "plain",
            "--auth-delay",
            "0",
            "--rights-type",
            "owner_only",
            "--logging-level",
            "warning",
        ]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_until_it_answers(self.process, self.url, self.log)
        except RuntimeError:
            self.stop()
            raise

    def stop(self) -> None:
        stop(self.process)

    def new_account(self) -> Account:
        user = f"u{secrets.token_hex(4)}"
        password = secrets.token_urlsafe(12)
        with self.users.open("a") as f:
            f.write(f"{user}:{password}\n")
        return Account(self.url, user, password)
