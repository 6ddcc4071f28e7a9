"""Search as you type: the latency of each keystroke, on a generated database.

    python -m bench.search DATABASE [--runs 5] [--seed 7] [--window]

Queries come from the database itself (people drawn with the seed): names typed letter
by letter (as shown, family name first, and without the accents), the start of an
email up to a little past the "@", phone numbers typed in other formattings than
stored ("+1 (972) 5", "972 555 01", "972-555-", "5550123"), organisations, tags,
words of notes, and words of what was written in their history (interaction summaries
and notes: one word, or two of the same note: "tomatoes barce"), which only the text
search finds. Every prefix is one keystroke.

Two measurements of a keystroke:

- service: what the window's search runs for it, without Qt: ``search.people_list``
  (the worker's part of ``PeopleListPanel.refresh_list``: how many the query finds, up
  to ``search.COUNTED_AT_ONCE``, the first page of the list, and the text hits;
  everyone's count is known on a keystroke; the whole count, read after the list is
  shown when there are more, is not in it);
- window: the real main window, offscreen: a key press in the search box until the
  result is in the list and the list is painted (the worker thread and the hand-over
  to the GUI thread included). Each keystroke is waited for before the next one, so no
  search is skipped as superseded.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from relapp.domain.model import ContactKind, Person
from relapp.domain.text import fold
from relapp.services import interactions, people, search
from relapp.services.people import PeopleSort
from relapp.storage import Database, open_database

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from relapp.ui.main_window import MainWindow

FIRST_PAGE = 100  # relapp.ui.people_model.PAGE: rows read for the first screen
CATEGORIES = ("names", "emails", "phones", "organisations", "tags", "notes", "history")
HISTORY_READ = 30  # entries of each sampled person's history the words are drawn from


@dataclass(frozen=True)
class Typed:
    """Something a user types, and whom it should find (None: anyone will do)."""

    category: str
    text: str
    person_id: int | None

    def keystrokes(self) -> list[str]:
        return [self.text[:n] for n in range(1, len(self.text) + 1)]


def _sample_people(db: Database, rng: random.Random, count: int) -> list[Person]:
    ids = people.list_people(db)
    chosen = rng.sample(ids, min(count, len(ids)))
    return [people.get_person(db, pid) for pid in chosen]


def _phone_formats(value: str, rng: random.Random) -> list[str]:
    digits = re.sub(r"\D", "", value)
    if len(digits) < 10:
        return [digits] if len(digits) >= 3 else []
    area, exchange, line = digits[-10:-7], digits[-7:-4], digits[-4:]
    country = digits[:-10] or "1"
    formats = [
        f"+{country} ({area}) {exchange[0]}",
        f"{area} {exchange} {line[:2]}",
        f"{area}-{exchange}-",
        f"{exchange}{line}",
        f"({area}) {exchange}-{line}",
    ]
    rng.shuffle(formats)
    return formats[:2]


def sample_queries(db: Database, seed: int = 7, per_category: int = 4) -> list[Typed]:
    """Realistic things to type, drawn (with ``seed``) from the people in ``db``."""
    rng = random.Random(seed)
    sample = _sample_people(db, rng, 60)
    found: dict[str, list[Typed]] = defaultdict(list)
    words_seen: set[str] = set()
    for person in sample:
        name = person.display_name
        if len(found["names"]) < per_category * 2:
            style = len(found["names"]) % 4
            if style == 0 or not person.family_name:
                text = name
            elif style == 1:
                text = f"{person.family_name} {person.given_name[:2]}".strip()
            elif style == 2:
                text = fold(name)  # typed without the accents
            else:
                text = person.given_name or name
            found["names"].append(Typed("names", text, person.id))
        for point in person.contact_points:
            if point.kind is ContactKind.EMAIL and len(found["emails"]) < per_category:
                at = point.value.find("@")
                text = point.value[: at + 3] if at > 0 else point.value
                found["emails"].append(Typed("emails", text, person.id))
            elif point.kind is ContactKind.PHONE and len(found["phones"]) < per_category:
                for text in _phone_formats(point.value, rng):
                    found["phones"].append(Typed("phones", text, person.id))
        org = person.organisation.strip()
        if org and len(found["organisations"]) < per_category // 2 and org not in words_seen:
            words_seen.add(org)
            parts = org.split()
            text = f"{parts[0]} {parts[1][:2]}" if len(parts) > 1 else org
            found["organisations"].append(Typed("organisations", text, person.id))
        for tag in person.tags:
            if len(found["tags"]) < per_category // 2 and tag not in words_seen:
                words_seen.add(tag)
                found["tags"].append(Typed("tags", tag, person.id))
        for word in re.findall(r"[^\W\d_]{4,}", person.notes):
            if len(found["notes"]) < per_category // 2 and word.lower() not in words_seen:
                words_seen.add(word.lower())
                found["notes"].append(Typed("notes", word.lower(), person.id))
        if len(found["history"]) < per_category * 2:
            text = _history_words(db, person.id, rng, words_seen, two=len(found["history"]) % 2)
            if text:
                found["history"].append(Typed("history", text, None))
    return [typed for category in CATEGORIES for typed in found[category]]


def _history_words(
    db: Database, person_id: int, rng: random.Random, seen: set[str], *, two: int
) -> str:
    """A word of a note in the person's history ("tomatoes"), or two of the same note
    with the second begun ("tomatoes barce"); "" when their history has no new one."""
    for entry in interactions.history_page(db, person_id, 0, HISTORY_READ):
        words = [
            w.lower()
            for w in re.findall(r"[^\W\d_]{5,}", entry.interaction.notes)
            if w.lower() not in seen
        ]
        if len(words) > two:
            chosen = rng.sample(words, two + 1)
            seen.update(chosen)
            if two:
                return f"{chosen[0]} {chosen[1][: max(3, len(chosen[1]) // 2)]}"
            return chosen[0]
    return ""


def service_keystroke(db: Database, query: str, everyone: int | None = None) -> int:
    """What one keystroke costs the app, without Qt (see the module's docstring); how
    many people it finds."""
    asked = search.PeopleQuery(query, PeopleSort.NAME)
    at_most = search.COUNTED_AT_ONCE  # as the window: "1,000+", the whole count after
    return search.people_list(db, asked, page=FIRST_PAGE, everyone=everyone, at_most=at_most).found


def measure_service(db: Database, queries: list[Typed], runs: int) -> dict[str, Any]:
    """Per run: every keystroke's milliseconds. Also: whether each query's whole text
    finds the person it was taken from."""
    everyone = people.count_people(db)  # counted once, as the window does
    service_keystroke(db, queries[0].text, everyone)  # warm-up
    runs_ms: list[list[tuple[str, str, float]]] = []
    for _ in range(runs):
        one: list[tuple[str, str, float]] = []
        for typed in queries:
            for keys in typed.keystrokes():
                started = time.perf_counter()
                service_keystroke(db, keys, everyone)
                one.append((typed.category, keys, (time.perf_counter() - started) * 1000))
        runs_ms.append(one)
    missed = [
        f"{typed.category}: {typed.text!r}"
        for typed in queries
        if typed.person_id is not None and typed.person_id not in people.list_people(db, typed.text)
    ] + [
        f"{typed.category}: {typed.text!r}"
        for typed in queries
        if typed.category == "history" and not search.search_text(db, typed.text).hits
    ]
    return {"runs": runs_ms, "missed": missed}


@contextmanager
def _list_ready_hook(window: MainWindow) -> Iterator[list[Any]]:
    """Calls handed over here are made right after the window applied a search result."""
    panel = window.people_list
    original = panel._list_ready
    waiting: list[Any] = []

    def ready(result: tuple[str, list[int], int]) -> None:
        original(result)
        while waiting:
            waiting.pop()()

    panel._list_ready = ready  # type: ignore[method-assign]
    try:
        yield waiting
    finally:
        del panel._list_ready


def type_char(widget: QWidget, char: str) -> None:
    """A key press and release that types ``char`` (any letter: "Ł" too, which
    ``QTest.keyClicks`` cannot type)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    key = Qt.Key(ord(char.upper())) if char.isascii() and char.isalnum() else Qt.Key.Key_unknown
    if char == " ":
        key = Qt.Key.Key_Space
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        event = QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, char)
        QApplication.sendEvent(widget, event)


def measure_window(window: MainWindow, queries: list[Typed], runs: int) -> list[list[float]]:
    """Per run: milliseconds from each key press in the search box to the list painted."""
    from bench.qtkit import run_until, settle

    results: list[list[float]] = []
    with _list_ready_hook(window) as waiting:
        for _ in range(runs):
            one: list[float] = []
            for typed in queries:
                window.search.clear()
                settle(window)
                for char in typed.text:
                    started = time.perf_counter()

                    def press(done: Any, char: str = char) -> None:
                        waiting.append(done)
                        type_char(window.search, char)

                    run_until(press, what=f"the search for {window.search.text()!r}")
                    window.view.viewport().repaint()
                    one.append((time.perf_counter() - started) * 1000)
                    settle(window)
                if window.search.text() != typed.text:
                    shown = window.search.text()
                    raise RuntimeError(f"typed {typed.text!r}, the search box says {shown!r}")
            results.append(one)
        window.search.clear()
        settle(window)
    return results


def summary(values: list[float]) -> dict[str, float]:
    from bench.stats import percentile

    return {
        "median": statistics.median(values),
        "p99": percentile(values, 99),
        "max": max(values),
        "count": len(values),
    }


def by_category(run: list[tuple[str, str, float]]) -> dict[str, dict[str, float]]:
    grouped: dict[str, list[float]] = defaultdict(list)
    for category, _keys, ms in run:
        grouped[category].append(ms)
    return {category: summary(values) for category, values in grouped.items()}


def slowest(runs: list[list[tuple[str, str, float]]], count: int = 10) -> list[dict[str, Any]]:
    """The keystrokes with the highest median over the runs."""
    times: dict[tuple[str, str], list[float]] = defaultdict(list)
    for run in runs:
        for category, keys, ms in run:
            times[(category, keys)].append(ms)
    ranked = sorted(times.items(), key=lambda item: -statistics.median(item[1]))
    return [
        {
            "category": category,
            "typed": keys,
            "median_ms": statistics.median(ms),
        }
        for (category, keys), ms in ranked[:count]
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--window", action="store_true", help="also time the real window")
    args = parser.parse_args()
    db = open_database(args.database)
    queries = sample_queries(db, args.seed)
    measured = measure_service(db, queries, args.runs)
    keystrokes = sum(len(q.text) for q in queries)
    print(f"{len(queries)} queries, {keystrokes} keystrokes, {args.runs} runs")
    for n, run in enumerate(measured["runs"], start=1):
        stats = summary([ms for _c, _k, ms in run])
        print(f"service run {n}: median {stats['median']:.2f} ms, p99 {stats['p99']:.2f} ms")
    for category, stats in by_category([x for run in measured["runs"] for x in run]).items():
        print(f"  {category:<14} median {stats['median']:6.2f} ms  p99 {stats['p99']:6.2f} ms")
    for row in slowest(measured["runs"], 5):
        print(f"  slow: {row['category']:<14} {row['typed']!r:<24} {row['median_ms']:.2f} ms")
    if measured["missed"]:
        print("not found by their whole text:", "; ".join(measured["missed"]))
    if args.window:
        import tempfile

        from bench.qtkit import main_window

        with tempfile.TemporaryDirectory() as folder, main_window(db, Path(folder)) as window:
            for n, run in enumerate(measure_window(window, queries, args.runs), start=1):
                stats = summary(run)
                print(f"window run {n}: median {stats['median']:.2f} ms, p99 {stats['p99']:.2f} ms")
    db.close()


if __name__ == "__main__":
    main()
