"""Processes forked from one that has already imported Relapp, for tests that start the
same command again and again to kill it with SIGKILL (tests/e2e/test_kill_safety.py).

Each run is a real process of its own, running ``python -m relapp ...`` (or ``-c CODE``)
exactly as a fresh one would from its ``__main__`` on, with the database opened, written
and killed as ever; only the interpreter's start-up and the imports are done once, in the
parent, before any database is opened (0.4 s of CPU of each of the 45 runs there)."""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

FORK_SERVER = """
import json, os, runpy, sys
# What the commands import, imported once: the runs are forked from here.
import relapp.__main__, relapp.cli, relapp.cli.import_files
from relapp.services import backups, importing
from relapp.services.json_file import format
from relapp.storage import open_database

orders, answers = sys.stdin, sys.stdout
for line in orders:
    argv = json.loads(line)
    pid = os.fork()
    if pid == 0:  # the run: its output goes nowhere, as the tests' Popen had it
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        sys.stdin = open(0, closefd=False)
        sys.stdout = open(1, "w", closefd=False)
        sys.stderr = open(2, "w", closefd=False)
        if argv[0] == "-m":
            sys.argv = [argv[1], *argv[2:]]
            runpy.run_module(argv[1], run_name="__main__", alter_sys=True)
        else:
            sys.argv = ["-c", *argv[2:]]
            exec(compile(argv[1], "<string>", "exec"), {"__name__": "__main__"})
        sys.exit(0)
    answers.write(f"{pid}\\n")
    answers.flush()
    _, status = os.waitpid(pid, 0)
    answers.write(f"{os.waitstatus_to_exitcode(status)}\\n")
    answers.flush()
"""


class ForkServer:
    """One parent with Relapp imported; ``run`` forks a child for one command at a time."""

    def __init__(self) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen(
            [sys.executable, "-c", FORK_SERVER],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,
        )
        assert self.process.stdout is not None
        self._answers = self.process.stdout.fileno()
        self._pending = b""

    def answer(self, timeout: float | None) -> int | None:
        """The parent's next line (a pid, then that run's exit code), or None when none
        came within ``timeout`` seconds (read unbuffered: select sees what is left)."""
        while b"\n" not in self._pending:
            if not select.select([self._answers], [], [], timeout)[0]:
                return None
            chunk = os.read(self._answers, 4096)
            if not chunk:
                raise RuntimeError("the fork server ended")
            self._pending += chunk
        line, self._pending = self._pending.split(b"\n", 1)
        return int(line)

    def run(self, *argv: str) -> Forked:
        """``argv`` as after ``python``: ``-m relapp import FILE ...`` or ``-c CODE ARGS``."""
        assert self.process.stdin is not None
        self.process.stdin.write((json.dumps(list(argv)) + "\n").encode())
        pid = self.answer(timeout=120)
        if pid is None:
            raise RuntimeError("the fork server did not fork within 120 s")
        return Forked(pid, self)

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(30)


class Forked:
    """A forked run, used like the ``subprocess.Popen`` it replaces: ``poll``,
    ``wait`` (its exit code, negative for a signal) and ``send_signal``."""

    def __init__(self, pid: int, server: ForkServer) -> None:
        self.pid = pid
        self._server = server
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            self.returncode = self._server.answer(timeout=0)
        return self.returncode

    def wait(self, timeout: float) -> int:
        if self.returncode is None:
            self.returncode = self._server.answer(timeout)
            if self.returncode is None:
                raise subprocess.TimeoutExpired(f"forked run {self.pid}", timeout)
        return self.returncode

    def send_signal(self, sig: signal.Signals) -> None:
        if self.poll() is None:
            with contextlib.suppress(ProcessLookupError):  # it ended just now
                os.kill(self.pid, sig)
