"""Time the network view at 5,000 people: loading, layout, labels, building the scene,
and the frames of panning and zooming, drawn offscreen.

    QT_QPA_PLATFORM=offscreen python -m bench.network_view [--people 5000] [--frames 60]
        [--shot DIR] [--no-cache]

People and introductions are generated into a temporary database: groups of friends
around a few connectors who make most introductions, some introduced to you, some you
introduced across groups. Times are medians over ``--runs`` runs (layout) or over the
frames (drawing) of an 1200x800 view: a whole redraw (as after a zoom step), a pan
step (scroll 25 px and let Qt draw what came into view), and a wheel zoom step.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from relapp.domain.introductions import IntroductionDraft
from relapp.domain.model import PersonDraft
from relapp.storage import bulk, introductions_repo, open_database

GIVEN = ("Ana", "Ben", "Carol", "Dan", "Ed", "Fay", "Gil", "Hana", "Ivo", "Jo", "Kofi", "Lena")
FAMILY = ("Roth", "Park", "Nair", "Okafor", "Chen", "Moreau", "Silva", "Novak", "Haddad", "Kim")


def network_introductions(people: list[int], seed: int = 5) -> list[IntroductionDraft]:
    """Groups (sizes heavy-tailed) around connectors; introductions mostly inside a group,
    some to you, a few by you across groups."""
    rng = random.Random(seed)
    order = people[:]
    rng.shuffle(order)
    groups: list[list[int]] = []
    at = 0
    while at < len(order):
        size = min(len(order) - at, max(3, int(rng.paretovariate(1.3) * 6)))
        groups.append(order[at : at + size])
        at += size
    intros = []
    for number, members in enumerate(groups):
        hubs = members[: max(1, len(members) // 12)]
        for person in members[len(hubs) :]:
            roll = rng.random()
            introducer = rng.choice(hubs) if rng.random() < 0.8 else rng.choice(members)
            if introducer == person:
                continue
            if roll < 0.45:
                intros.append(IntroductionDraft(introducer, None, person))
            elif roll < 0.8:
                other = rng.choice(members)
                if other not in (introducer, person):
                    intros.append(IntroductionDraft(introducer, person, other))
        if number and rng.random() < 0.6:
            a, b = rng.choice(members), rng.choice(groups[rng.randrange(number)])
            if a != b:
                intros.append(IntroductionDraft(None, a, b))
    return intros


def build(folder: Path, count: int) -> tuple[Path, int]:
    db = open_database(folder / "relapp.sqlite3", backups_dir=folder / "backups")
    rng = random.Random(11)
    drafts = [
        PersonDraft(f"{rng.choice(GIVEN)} {rng.choice(FAMILY)} {i}", met_how="At a dinner party")
        for i in range(count)
    ]
    with db.atomic():
        ids = bulk.insert_people(db, drafts)
        intros = network_introductions(ids)
        introductions_repo.insert_many(db, intros)
    db.close()
    return folder / "relapp.sqlite3", len(intros)


def _median_ms(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return (
        f"median {statistics.median(values) * 1000:6.1f} ms, p95 {p95 * 1000:6.1f} ms,"
        f" max {max(values) * 1000:6.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--frames", type=int, default=80)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--shot", type=Path, help="save screenshots into this folder")
    parser.add_argument("--no-cache", action="store_true", help="draw without item caches")
    args = parser.parse_args()

    from PySide6.QtGui import QFontMetricsF
    from PySide6.QtWidgets import QApplication, QGraphicsItem

    from relapp.services.network import arrange, load_network
    from relapp.ui.introductions.network_scene import NetworkScene
    from relapp.ui.introductions.network_view import NetworkView
    from relapp.ui.widgets import refguard

    app = QApplication([])
    refguard.reserve(2_000_000)
    with tempfile.TemporaryDirectory() as tmp:
        path, intro_count = build(Path(tmp), args.people)
        db = open_database(path, backups_dir=Path(tmp) / "backups")
        started = time.perf_counter()
        graph = load_network(db)
        loaded = time.perf_counter() - started
        print(
            f"{args.people:,} people, {intro_count:,} introductions -> {graph.size:,} nodes,"
            f" {graph.edge_count:,} arrows; load {loaded * 1000:.0f} ms"
        )

        view = NetworkView()
        view.resize(1200, 800)
        view.show()
        metrics = QFontMetricsF(view.font())
        options = {
            "label_width": metrics.horizontalAdvance,
            "label_px": metrics.height() + 2,
            "viewport": (1200.0, 800.0),
        }
        layouts, labels, pictures = [], [], []
        for _ in range(args.runs):
            picture = arrange(graph, **options)  # type: ignore[arg-type]
            layouts.append(picture.layout_seconds)
            labels.append(picture.labels_seconds)
            pictures.append(picture)
        print(f"layout (off the GUI thread): {_median_ms(layouts)}")
        print(f"label levels (off the GUI thread): {_median_ms(labels)}")

        started = time.perf_counter()
        scene = NetworkScene(pictures[-1], view.font())
        if args.no_cache:
            for item in scene.items():
                item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
        view.set_network_scene(scene)
        app.processEvents()
        print(
            f"scene build + first fit (GUI thread): {(time.perf_counter() - started) * 1000:.0f} ms"
        )
        print(f"items in the scene: {len(scene.items()):,}")

        def settle() -> None:
            for _ in range(3):
                app.processEvents()

        def repaint() -> float:
            """The whole view drawn again, as after a zoom step."""
            begun = time.perf_counter()
            view.viewport().repaint()
            return time.perf_counter() - begun

        def pan_step(i: int) -> float:
            """One step of a drag: scroll 25 px, and Qt draws what came into view."""
            begun = time.perf_counter()
            across, down = view.horizontalScrollBar(), view.verticalScrollBar()
            across.setValue(across.value() + (25 if (i // 20) % 2 == 0 else -25))
            down.setValue(down.value() + (10 if (i // 10) % 2 == 0 else -10))
            app.processEvents()
            return time.perf_counter() - begun

        settle()
        if args.shot:
            args.shot.mkdir(parents=True, exist_ok=True)
            view.grab().save(str(args.shot / "network-5000-fit.png"))

        def fine() -> None:
            """Antialiased again, as once the wheel rests."""
            view._settle.stop()
            view._settled()
            settle()

        for zoom in (1.0, 4.0, 16.0):
            view.fit_all()
            view.zoom_by(zoom)
            fine()
            full = [repaint() for _ in range(max(5, args.frames // 4))]
            pans = [pan_step(i) for i in range(args.frames)]
            names = len(scene.shown_labels())
            print(f"at {zoom:>4.0f}x the fit ({names:,} names shown):")
            print(f"    whole view redrawn: {_median_ms(full)}")
            print(f"    pan step:           {_median_ms(pans)}")
            if args.shot and zoom == 4.0:
                view.grab().save(str(args.shot / "network-5000-zoom4.png"))
        view.fit_all()
        fine()
        steps = []
        for i in range(args.frames):
            begun = time.perf_counter()
            view.zoom_by(1.15 if i < args.frames // 2 else 1 / 1.15)  # a wheel step
            app.processEvents()
            steps.append(time.perf_counter() - begun)
        print(f"wheel zoom step (names switching included): {_median_ms(steps)}")
        view._settle.stop()
        view._settled()
        begun = time.perf_counter()
        app.processEvents()
        print(
            f"the fine redraw once the wheel rests: {(time.perf_counter() - begun) * 1000:.0f} ms"
        )
        db.close()


if __name__ == "__main__":
    main()
