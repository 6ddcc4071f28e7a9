"""A real Radicale (CardDAV/CalDAV, from pip) on 127.0.0.1 for the sync tests: started
on a free port with a temporary storage folder and plain htpasswd logins, and stopped
by the fixtures (tests/sync/conftest.py). Logins are lines of the htpasswd file, which
Radicale reads again on every request, so each test adds a user of its own."""

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


class Radicale:
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
            "radicale",
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
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Radicale exited: {self.log.read_text()[-2000:]}")
            try:
                urllib.request.urlopen(self.url, timeout=1).close()
                return
            except urllib.error.HTTPError:
                return  # it answers (401 without a login)
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"Radicale did not answer within {STARTUP_SECONDS} s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)

    def new_account(self) -> Account:
        user = f"u{secrets.token_hex(4)}"
        password = secrets.token_urlsafe(12)
        with self.users.open("a") as f:
            f.write(f"{user}:{password}\n")
        return Account(self.url, user, password)
