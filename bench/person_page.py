"""Opening the person with the most interactions: the header and the first screen of
their history.

    python -m bench.person_page DATABASE [--runs 5]

- service: the calls the window makes to show a person, without Qt:
  ``people.get_person`` (``MainWindow._show_person_at``), ``interactions.history_count`` and
  the first page of ``interactions.history_page`` (``PersonPage.reload_history``,
  ``HistoryModel.PAGE`` entries);
- window: the real main window, offscreen, every feature installed: ``open_person``
  (select them in the list, fill the page, the features' sections follow) until the
  window is painted; then, apart, until the health chart above the history is drawn
  (computed in the background, the first time with pyqtgraph's import).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from relapp.services import interactions, people
from relapp.storage import Database, everyone_health_repo, open_database

if TYPE_CHECKING:
    from relapp.ui.main_window import MainWindow

HISTORY_PAGE = 50  # relapp.ui.history_model.PAGE


def heaviest_person(db: Database) -> tuple[int, int]:
    """(id, number of interactions) of the person with the most interactions."""
    best = (0, -1)
    for part in everyone_health_repo.iter_everyone(db, int(datetime.now(UTC).timestamp())):
        counts = np.bincount(part.arrays.person_index, minlength=part.arrays.n_people)
        if len(counts) and int(counts.max()) > best[1]:
            index = int(np.argmax(counts))
            best = (int(part.person_ids[index]), int(counts[index]))
    return best


def open_service(db: Database, person_id: int) -> int:
    people.get_person(db, person_id)
    total = interactions.history_count(db, person_id)
    page = interactions.history_page(db, person_id, 0, HISTORY_PAGE)
    return total if page or total == 0 else -1


def measure_service(db: Database, person_id: int, runs: int) -> dict[str, Any]:
    started = time.perf_counter()
    open_service(db, person_id)
    first = (time.perf_counter() - started) * 1000
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        open_service(db, person_id)
        samples.append((time.perf_counter() - started) * 1000)
    return {"first_ms": first, "samples": samples}


def _showing(window: MainWindow, person_id: int) -> bool:
    person = window.page.person
    return person is not None and person.id == person_id


def measure_window(window: MainWindow, person_id: int, runs: int) -> dict[str, list[float]]:
    """Milliseconds to the window painted with the person, and to their health chart."""
    from PySide6.QtCore import QModelIndex

    from bench.qtkit import run_until, settle
    from relapp.ui.health.feature import HealthFeature

    health = window.features.get(HealthFeature)
    shown: list[float] = []
    charted: list[float] = []
    for _ in range(runs):
        window.view.setCurrentIndex(QModelIndex())  # nobody selected
        settle(window)
        drawn: list[float] = []
        waiting: list[Any] = []

        def chart_drawn(drawn: list[float] = drawn, waiting: list[Any] = waiting) -> None:
            drawn.append(time.perf_counter())
            while waiting:
                waiting.pop()()

        if health is not None:
            health.header.chartShown.connect(chart_drawn)
        started = time.perf_counter()
        window.open_person(person_id)
        if not _showing(window, person_id):
            # Someone on a page of the list not read yet: their row is found and their
            # page read on the worker first (the paged list), then the page shows them.
            def when_shown(finish: Callable[[], None]) -> None:
                def check(_person: object) -> None:
                    if _showing(window, person_id):
                        window.personShown.disconnect(check)
                        finish()

                window.personShown.connect(check)

            run_until(when_shown, what="the person shown")
        window.repaint()
        shown.append((time.perf_counter() - started) * 1000)
        if not _showing(window, person_id):
            raise RuntimeError("the window did not show the person")
        if window.page.history_model.rowCount() == 0:
            raise RuntimeError("the person's history was not loaded")
        if health is not None:
            if not drawn:
                run_until(waiting.append, what="the health chart")
            charted.append((drawn[0] - started) * 1000)
            health.header.chartShown.disconnect(chart_drawn)
        settle(window)
    return {"shown": shown, "chart": charted}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    db = open_database(args.database)
    person_id, count = heaviest_person(db)
    print(f"person {person_id}: {count:,} interactions")
    service = measure_service(db, person_id, args.runs)
    print(
        f"service: first {service['first_ms']:.2f} ms, "
        f"median {statistics.median(service['samples']):.2f} ms"
    )
    from bench.qtkit import main_window

    with tempfile.TemporaryDirectory() as folder, main_window(db, Path(folder)) as window:
        measured = measure_window(window, person_id, args.runs)
    print(f"window, painted: median {statistics.median(measured['shown']):.2f} ms")
    if measured["chart"]:
        print(f"window, chart drawn: median {statistics.median(measured['chart']):.2f} ms")
    db.close()


if __name__ == "__main__":
    main()
