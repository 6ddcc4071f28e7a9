"""``relapp --self-check``: does this installation (or bundle) actually work?

Opens a temporary database (which runs every migration), imports a small vCard, computes
health for everyone, and renders the main window offscreen. Each step prints one line with
its time; the exit code is 0 only when every step worked. A packaged bundle that misses a
hidden import, a Qt plugin or a resource fails here rather than on a user's desktop.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from relapp import __version__
from relapp.paths import AppPaths

if TYPE_CHECKING:
    from relapp.storage import Database

SAMPLE_VCARD = b"""BEGIN:VCARD
VERSION:3.0
FN:Ada Lovelace
N:Lovelace;Ada;;;
EMAIL;TYPE=INTERNET:ada@example.org
TEL;TYPE=CELL:+44 20 7946 0018
ORG:Analytical Engines Ltd
END:VCARD
BEGIN:VCARD
VERSION:4.0
FN:Grace Hopper
N:Hopper;Grace;;;
EMAIL:grace@example.com
NOTE:Knows everything about compilers.
END:VCARD
"""
SAMPLE_PEOPLE = 2


class CheckFailed(Exception):
    """A step ran but its result was wrong."""


@dataclass(frozen=True)
class StepResult:
    name: str
    ok: bool
    seconds: float
    detail: str

    def line(self) -> str:
        mark = "ok  " if self.ok else "FAIL"
        return f"{mark} {self.name:<34} {self.seconds * 1000:8.1f} ms  {self.detail}"


@dataclass
class CheckState:
    folder: Path
    db: Database | None = None  # once opened

    def database(self) -> Database:
        if self.db is None:
            raise CheckFailed("the database is not open (the first step failed)")
        return self.db


Step = Callable[[CheckState], str]


def step_open_database(state: CheckState) -> str:
    from relapp.storage import migrations, open_database

    paths = AppPaths(state.folder)
    paths.ensure()
    db = open_database(paths.database, backups_dir=paths.backups)
    state.db = db
    version = db.schema_version
    if version != migrations.LATEST_VERSION:
        raise CheckFailed(f"schema version {version}, expected {migrations.LATEST_VERSION}")
    return f"schema version {version} ({len(migrations.MIGRATIONS)} migrations)"


def step_import_vcard(state: CheckState) -> str:
    from relapp.domain.vcard import read_vcards
    from relapp.services import people
    from relapp.storage import bulk

    read = read_vcards(SAMPLE_VCARD, "self-check.vcf")
    if read.errors or len(read.cards) != SAMPLE_PEOPLE:
        raise CheckFailed(f"read {len(read.cards)} cards, errors: {list(read.errors)}")
    db = state.database()
    with db.atomic():
        ids = bulk.insert_people(db, read.drafts)
    found = people.get_person(db, ids[0])
    if found.display_name != "Ada Lovelace":
        raise CheckFailed(f"stored {found.display_name!r}, expected 'Ada Lovelace'")
    return f"{len(ids)} people from {len(read.cards)} cards"


def step_health(state: CheckState) -> str:
    from relapp.services.health import health_of_everyone

    ids, scores = health_of_everyone(state.database(), datetime.now(UTC))
    if len(ids) != SAMPLE_PEOPLE or len(scores) != SAMPLE_PEOPLE:
        raise CheckFailed(f"health for {len(ids)} people, expected {SAMPLE_PEOPLE}")
    return "scores " + ", ".join(f"{score:.0f}" for score in scores)


def step_main_window(state: CheckState) -> str:
    from relapp.ui.self_check import WindowLooksWrong, render_main_window

    try:
        return render_main_window(state.database(), AppPaths(state.folder), SAMPLE_PEOPLE)
    except WindowLooksWrong as exc:
        raise CheckFailed(str(exc)) from exc


def step_health_chart(state: CheckState) -> str:
    from relapp.services import people
    from relapp.ui.self_check import WindowLooksWrong, render_person_chart

    first = people.list_people(state.database())[0]
    try:
        return render_person_chart(state.database(), first)
    except WindowLooksWrong as exc:
        raise CheckFailed(str(exc)) from exc


STEPS: tuple[tuple[str, Step], ...] = (
    ("open database, run migrations", step_open_database),
    ("import a vCard", step_import_vcard),
    ("compute health for everyone", step_health),
    ("render the main window offscreen", step_main_window),
    ("draw a health chart offscreen", step_health_chart),
)


def run_steps(steps: tuple[tuple[str, Step], ...], folder: Path, out: TextIO) -> list[StepResult]:
    """Run ``steps`` in order, stopping at the first failure; print one line per step."""
    state = CheckState(folder)
    results: list[StepResult] = []
    try:
        for name, step in steps:
            started = time.perf_counter()
            try:
                detail = step(state)
                ok = True
            except Exception as exc:  # a self-check reports every failure, never raises
                detail = f"{type(exc).__name__}: {exc}"
                ok = False
                traceback.print_exc(file=sys.stderr)
            result = StepResult(name, ok, time.perf_counter() - started, detail)
            results.append(result)
            print(result.line(), file=out, flush=True)
            if not ok:
                break
    finally:
        if state.db is not None:
            state.db.close()
    return results


def main(out: TextIO | None = None) -> int:
    """Print one line per step and a summary; 0 only if every step worked."""
    out = out or sys.stdout
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before Qt is imported by any step
    frozen = "bundle" if getattr(sys, "frozen", False) else "source"
    print(f"Relapp {__version__} self-check ({frozen}, Python {sys.version.split()[0]})", file=out)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="relapp-self-check-") as folder:
        results = run_steps(STEPS, Path(folder), out)
    total = time.perf_counter() - started
    passed = len(results) == len(STEPS) and all(r.ok for r in results)
    verdict = "passed" if passed else "FAILED"
    print(f"self-check {verdict} in {total * 1000:.0f} ms", file=out, flush=True)
    return 0 if passed else 1
