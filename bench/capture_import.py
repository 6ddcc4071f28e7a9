"""``relapp import`` of a mail and a calendar archive as whole processes, against
Python's own parsing of the same files, with the import's peak resident memory.

    python -m bench.capture_import DATABASE [--messages 100000] [--events 5000] [--runs 3]

The archives (``bench.capture_archives``) are written between me and people of the
database (their emails). Each run copies the database to a new data folder and runs
``python -m relapp --data-dir COPY import FILE --me ME`` (a backup first, then one
transaction), polling the process's peak resident size (``VmHWM``). The baselines are
processes that only parse: the mbox with ``mailbox.mbox`` and every message's headers
with ``email`` (``policy.default``); the .ics with ``icalendar`` and
``recurring-ical-events`` expanding the past instances.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench.capture_archives import ME, write_ics, write_mbox

SIZES = {"full": (100_000, 5_000), "small": (5_000, 500), "tiny": (300, 50)}
KNOWN = 3_000  # correspondents taken from the database

_MAILBOX_PROCESS = """
import email.parser, email.policy, mailbox, sys
parser = email.parser.BytesHeaderParser(policy=email.policy.default)
names = ("From", "To", "Cc", "Date", "Subject", "Message-ID", "References", "In-Reply-To",
         "List-Id", "List-Unsubscribe", "Precedence", "Auto-Submitted")
box = mailbox.mbox(sys.argv[1], factory=None, create=False)
n = 0
for key in box.iterkeys():
    message = parser.parsebytes(box.get_bytes(key))
    for name in names:
        message[name]
    n += 1
sys.exit(0 if n else 3)
"""

_ICALENDAR_PROCESS = """
import sys
from datetime import datetime, UTC
import icalendar, recurring_ical_events
calendar = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
start = datetime(1970, 1, 1, tzinfo=UTC)
n = sum(1 for _ in recurring_ical_events.of(calendar).between(start, datetime.now(UTC)))
sys.exit(0 if n else 3)
"""


def known_addresses(database: Path, count: int = KNOWN) -> list[str]:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as conn:
        rows = conn.execute(
            "SELECT value FROM contact_point WHERE kind = 'email' ORDER BY id LIMIT ?", (count,)
        ).fetchall()
    return [value for (value,) in rows]


def archives(folder: Path, database: Path, messages: int, events: int) -> tuple[Path, Path]:
    known = known_addresses(database)
    mbox, ics = folder / "All mail.mbox", folder / "calendar.ics"
    write_mbox(mbox, messages, known)
    write_ics(ics, events, known)
    return mbox, ics


def _run(command: list[str], what: str) -> tuple[float, float, float]:
    """Seconds, the peak resident size in MB, and the CPU seconds (user + system) of one
    process: on a shared machine the CPU time is the steadier of the two times."""
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    env = {k: v for k, v in os.environ.items() if k != "RELAPP_DATA_DIR"}
    peak = [0]
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )

    def poll() -> None:
        status = Path(f"/proc/{process.pid}/status")
        while process.poll() is None:
            try:
                for line in status.read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peak[0] = max(peak[0], int(line.split()[1]))
            except (OSError, ValueError):
                pass
            time.sleep(0.02)

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    _out, err = process.communicate(timeout=3600)
    elapsed = time.perf_counter() - started
    watcher.join()
    if process.returncode != 0:
        raise RuntimeError(f"{what} failed ({process.returncode}): {err[-2000:]}")
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)  # one child at a time
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    return elapsed, peak[0] / 1024, cpu


def time_import(database: Path, archive: Path) -> tuple[float, float, float]:
    """``relapp import ARCHIVE --me ME`` into a copy of ``database``."""
    with tempfile.TemporaryDirectory(prefix="relapp-bench-capture-") as folder:
        data = Path(folder) / "data"
        data.mkdir()
        shutil.copyfile(database, data / database.name)
        command = [sys.executable, "-m", "relapp", "--data-dir", str(data), "import"]
        return _run([*command, str(archive), "--me", ME], "relapp import")


def time_baseline(archive: Path) -> tuple[float, float]:
    """Seconds and CPU seconds of the baseline process."""
    script = _MAILBOX_PROCESS if archive.suffix == ".mbox" else _ICALENDAR_PROCESS
    seconds, _mb, cpu = _run([sys.executable, "-c", script, str(archive)], "the baseline")
    return seconds, cpu


def measure(database: Path, mbox: Path, ics: Path, runs: int) -> dict[str, list[float]]:
    names = ("mbox", "mailbox", "mbox_mb", "ics", "icalendar", "ics_mb")
    out: dict[str, list[float]] = {k: [] for k in (*names, *(f"{k}_cpu" for k in names))}

    def add(name: str, seconds: float, cpu: float) -> None:
        out[name].append(seconds)
        out[f"{name}_cpu"].append(cpu)

    for _ in range(runs):  # interleaved, so both see the same machine state
        for archive, mine, theirs in ((mbox, "mbox", "mailbox"), (ics, "ics", "icalendar")):
            add(theirs, *time_baseline(archive))
            seconds, mb, cpu = time_import(database, archive)
            add(mine, seconds, cpu)
            out[f"{mine}_mb"].append(mb)
        print(  # each run's pairs, wall and CPU, with the machine's load beside them
            "run {n}: ".format(n=len(out["ics"]))
            + "; ".join(
                f"{k} {out[k][-1]:.1f} s ({out[k + '_cpu'][-1]:.1f} CPU) vs"
                f" {out[b][-1]:.1f} s ({out[b + '_cpu'][-1]:.1f} CPU), {out[k + '_mb'][-1]:.0f} MB"
                for k, b in (("mbox", "mailbox"), ("ics", "icalendar"))
            )
            + f"; load {os.getloadavg()[0]:.1f}",
            flush=True,
        )
    return out


def summary(found: dict[str, Any]) -> str:
    med = {k: statistics.median(v) for k, v in found.items() if v}
    return (
        f"mbox: relapp import {med['mbox']:.1f} s, mailbox + headers {med['mailbox']:.1f} s "
        f"(ratio {med['mbox'] / med['mailbox']:.2f}; by CPU "
        f"{med['mbox_cpu'] / med['mailbox_cpu']:.2f}), peak {med['mbox_mb']:.0f} MB\n"
        f"ics:  relapp import {med['ics']:.1f} s, icalendar {med['icalendar']:.1f} s "
        f"(ratio {med['ics'] / med['icalendar']:.2f}; by CPU "
        f"{med['ics_cpu'] / med['icalendar_cpu']:.2f}), peak {med['ics_mb']:.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", type=Path)
    parser.add_argument("--messages", type=int, default=SIZES["full"][0])
    parser.add_argument("--events", type=int, default=SIZES["full"][1])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="relapp-bench-archives-") as folder:
        mbox, ics = archives(Path(folder), args.database, args.messages, args.events)
        print(f"{mbox.stat().st_size / 1e6:.0f} MB mbox, {ics.stat().st_size / 1e6:.1f} MB ics")
        print(summary(measure(args.database, mbox, ics, args.runs)))


if __name__ == "__main__":
    main()
