"""Real CardDAV/CalDAV servers (from pip) on 127.0.0.1 for the sync tests, started on a
free port with a temporary storage folder and stopped by the fixtures
(tests/sync/conftest.py):

- Radicale, with plain htpasswd logins; Radicale reads the file again on every
  request, so each test adds a user of its own;
- Xandikos, a second implementation (one user, no login on plain HTTP: it leaves that
  to a proxy): one process per test session serving, for each test, a Xandikos of its
  own (``Xandikos.new_account``)."""

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
    url: str  # where discovery starts: the server's root, or where a Xandikos is mounted
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


# One aiohttp server, as ``xandikos serve`` runs, that mounts a new Xandikos under
# /<name>/ the first time a request names it: its own storage folder, backend and app,
# made as ``xandikos serve --autocreate --route-prefix /<name>/`` makes them. Starting
# a ``xandikos serve`` per test cost about a second of CPU each (its imports).
XANDIKOS_SERVER = """
import os
import sys
from aiohttp import web
from xandikos.web import SingleUserFilesystemBackend, XandikosApp

root, port = sys.argv[1], int(sys.argv[2])
PRINCIPAL = "/user/"
apps = {}


def app_for(name):
    if name not in apps:
        folder = os.path.join(root, name)
        os.makedirs(os.path.join(folder, "dav"))
        backend = SingleUserFilesystemBackend(os.path.join(folder, "dav"))
        backend._mark_as_principal(PRINCIPAL)
        backend.create_principal(PRINCIPAL, create_defaults=False)
        state = os.path.join(folder, "state")
        apps[name] = XandikosApp(backend, current_user_principal=PRINCIPAL, state_dir=state)
    return apps[name]


async def handle(request):
    name = request.match_info["name"]
    if name.startswith("."):  # /.well-known/...: no test's
        raise web.HTTPNotFound()
    return await app_for(name).aiohttp_handler(request, f"/{name}/")


app = web.Application()
app.router.add_route("*", "/{name}/{path_info:.*}", handle)
web.run_app(app, host="127.0.0.1", port=port, print=None)
"""


class Xandikos:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = folder / "xandikos.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [sys.executable, "-c", XANDIKOS_SERVER, str(self.folder), str(self.port)]
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
        """A Xandikos of its own, empty (one user, no login on plain HTTP)."""
        return Account(f"{self.url}x{secrets.token_hex(4)}/", "user", "unused")


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
