"""Overlapping ``relapp`` processes on one data folder, again and again: two imports
started together, an import and a restore, an import and a backup, first starts at
once, and SIGKILLs at random moments.

After every run: no traceback; every refusal is a message with its exit code (3: another
Relapp holds the folder); every import that printed success has all its people in the
file, exactly once (or, when a restore ran after it, in the copy that restore made of
what was there before); nobody is in the file twice; a killed import left all or nothing.

``RELAPP_RACE_RUNS`` sets the number of runs (default 8: 10-30 s, with the load); run a larger
count by hand: ``RELAPP_RACE_RUNS=100 pytest tests/e2e/test_concurrency.py -s``.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.e2e.processes import (
    Done,
    finish,
    kept_before_restore,
    people,
    people_in_file,
    relapp,
    start,
    write_cards,
)

pytestmark = [pytest.mark.skipif(os.name != "posix", reason="SIGKILL"), pytest.mark.slow]

RUNS = int(os.environ.get("RELAPP_RACE_RUNS", "8"))
KNOWN = 20
CARDS = 400
SCENARIOS = ("two imports", "import and restore", "import and backup", "first starts", "kill")
REFUSED = "another Relapp is using"


@dataclass
class Run:
    data: Path
    imports: dict[str, Done] = field(default_factory=dict)  # card prefix -> outcome
    others: list[tuple[str, Done]] = field(default_factory=list)
    killed: set[str] = field(default_factory=set)


def check(run: Run, tally: Counter[str]) -> None:
    outcomes = [*run.imports.values(), *(done for _, done in run.others)]
    for done in outcomes:
        assert "Traceback" not in done.err, done.err
        assert done.code in (0, 3, -signal.SIGKILL), done
        if done.code == 3:
            assert REFUSED in done.err, done.err
        tally[f"exit {done.code}"] += 1
    conn = sqlite3.connect(run.data / "relapp.sqlite3")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    names = people(run.data)
    counted = Counter(names)
    assert not [n for n, c in counted.items() if c > 1], "someone is in the file twice"
    kept = [kept_before_restore(done) for what, done in run.others if what == "restore"]
    kept_names = [people_in_file(path) for path in kept if path is not None]
    tally["restores done"] += len(kept_names)
    for prefix, done in run.imports.items():
        mine = sum(1 for n in names if n.startswith(f"{prefix} "))
        if prefix in run.killed:
            assert mine in (0, CARDS), (prefix, mine)
        if done.code != 0 or mine == CARDS:
            continue
        # Not in the file: only a restore after the import may have replaced it, and
        # then the copy it made of what was there before holds the whole import.
        assert mine == 0, (prefix, mine, done.out)
        assert any(
            sum(1 for n in before if n.startswith(f"{prefix} ")) == CARDS for before in kept_names
        ), (prefix, done.out, "printed success, and its people are in no file")
        tally["imports restored over afterwards"] += 1


def one_run(scenario: str, base: Path, saved: Path, work: Path, rng: random.Random) -> Run:
    cards = {p: work.parent / f"{p}.vcf" for p in ("Alpha", "Beta")}
    if scenario == "first starts":
        work.mkdir()
        run = Run(work)
        a = start(work, "import", str(cards["Alpha"]))
        b = start(work, "export", "--vcard", str(work / "b.vcf"))
        c = start(work, "export", "--json", str(work / "c.json"))
        run.imports["Alpha"] = finish(a)
        run.others += [("export", finish(b)), ("export", finish(c))]
        return run
    shutil.copytree(base, work)
    run = Run(work)
    if scenario == "import and restore" and rng.random() < 0.5:  # the restore first
        restore = start(work, "restore", str(saved))
        time.sleep(rng.uniform(0, 0.4))
        first = start(work, "import", str(cards["Alpha"]))
        run.others.append(("restore", finish(restore)))
        run.imports["Alpha"] = finish(first)
        return run
    first = start(work, "import", str(cards["Alpha"]))
    if scenario == "two imports":
        second = start(work, "import", str(cards["Alpha"] if rng.random() < 0.5 else cards["Beta"]))
        run.imports["Alpha"] = finish(first)
        second_done = finish(second)
        prefix = "Beta" if str(cards["Beta"]) in second.args else "Alpha"
        if prefix == "Alpha":
            run.others.append(("import", second_done))  # same file: once in all
        else:
            run.imports["Beta"] = second_done
    elif scenario == "import and restore":
        time.sleep(rng.uniform(0, 0.8))
        run.others.append(("restore", relapp(work, "restore", str(saved))))
        run.imports["Alpha"] = finish(first)
    elif scenario == "import and backup":
        time.sleep(rng.uniform(0, 0.5))
        run.others.append(("backup", relapp(work, "backup")))
        run.imports["Alpha"] = finish(first)
    else:  # kill the import at a random moment; a second import and a restore follow
        time.sleep(rng.uniform(0.1, 1.2))
        first.send_signal(signal.SIGKILL)
        run.imports["Alpha"] = finish(first)
        run.killed.add("Alpha")
        restore = start(work, "restore", str(saved))
        time.sleep(rng.uniform(0, 0.3))
        second = start(work, "import", str(cards["Beta"]))
        run.others.append(("restore", finish(restore)))
        run.imports["Beta"] = finish(second)
    return run


def test_overlapping_processes_never_lose_or_duplicate_anyone(tmp_path: Path) -> None:
    rng = random.Random(2026)
    write_cards(tmp_path / "Alpha.vcf", CARDS, "Alpha")
    write_cards(tmp_path / "Beta.vcf", CARDS, "Beta")
    base = tmp_path / "base"
    assert (
        relapp(base, "import", str(write_cards(tmp_path / "known.vcf", KNOWN, "Known"))).code == 0
    )
    saved = tmp_path / "saved.sqlite3"
    assert relapp(base, "backup", "--to", str(saved)).code == 0
    tally: Counter[str] = Counter()
    started = time.monotonic()
    for number in range(RUNS):
        scenario = SCENARIOS[number % len(SCENARIOS)]
        work = tmp_path / f"run{number}"
        run = one_run(scenario, base, saved, work, rng)
        check(run, tally)
        tally[scenario] += 1
        shutil.rmtree(work, ignore_errors=True)
    print(f"{RUNS} runs in {time.monotonic() - started:.1f} s: {dict(tally)}")
