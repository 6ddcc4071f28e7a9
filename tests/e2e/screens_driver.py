"""Every view of the real app, one picture each: run as
``python -m tests.e2e.screens_driver OUT [--database FILE]`` under an X
server (RELAPP_COLOR_SCHEME chooses the scheme). The app is composed as ``run_gui`` does
(the real features, theme and style) on the demo database, or on ``--database`` (a copy
of a big one, for a look by hand); each view or dialog is opened the way its menu action
does, drawn with ``QWidget.grab`` into ``OUT/<name>.png``, and ``OUT/manifest.json``
says where each picture has text (labels, buttons, item rows) for the test to judge
(tests/e2e/test_screens_every_view.py)."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QRect, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QDialog,
    QLabel,
    QScrollArea,
    QWidget,
)

from relapp.domain.model import PersonDraft
from relapp.paths import AppPaths
from relapp.services import people
from relapp.storage import Database, open_database
from relapp.ui.app import create_application, open_window
from relapp.ui.main_window import MainWindow

LONG_NAME = "Maximiliane Alexandra von Hohenzollern-Sigmaringen-Wittelsbach"
LONG_COMPANY = "Internationale Gesellschaft für Zusammenarbeit und Entwicklungsfinanzierung GmbH"
ROWS_PER_VIEW = 25  # item rows measured per list or table
Step = Iterator[int]  # a script yields how many milliseconds to wait before going on


class Shots:
    """Pictures and, for each, where its text is."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.manifest: dict[str, Any] = {"shots": []}

    def take(self, name: str, widget: QWidget, *, full: QWidget | None = None) -> None:
        QApplication.processEvents()
        picture = widget.grab()
        path = self.out / f"{name}.png"
        assert picture.save(str(path)), path
        self.manifest["shots"].append(
            {"name": name, "file": path.name, "text": text_places(widget), "title": title(widget)}
        )


def title(widget: QWidget) -> str:
    return widget.window().windowTitle()


def _visible_rect(widget: QWidget, top: QWidget) -> QRect | None:
    """Where the shown part of ``widget`` is in ``top``'s picture (None: not shown)."""
    if not widget.isVisibleTo(top) or not widget.isVisible():
        return None
    shown = widget.visibleRegion().boundingRect()
    if shown.isEmpty():
        return None
    return QRect(widget.mapTo(top, shown.topLeft()), shown.size())


def _row_places(view: QAbstractItemView, top: QWidget) -> list[dict[str, Any]]:
    model = view.model()
    if model is None or not view.isVisible():
        return []
    viewport = view.viewport()
    metrics = view.fontMetrics()
    found: list[dict[str, Any]] = []
    rows = model.rowCount(QModelIndex())
    try:
        columns = max(1, model.columnCount(QModelIndex()))
    except TypeError:  # a list model keeps columnCount private: one column
        columns = 1
    for row in range(min(rows, 400)):
        for column in range(columns):
            index = model.index(row, column)
            text = index.data(Qt.ItemDataRole.DisplayRole)
            whole = view.visualRect(index)
            rect = whole.intersected(viewport.rect())
            if not text or rect.isEmpty() or not isinstance(text, str):
                continue
            at = viewport.mapTo(top, rect.topLeft())
            widest = max(metrics.horizontalAdvance(line) for line in text.splitlines() or [""])
            found.append(
                {
                    "kind": "row",
                    "text": text[:80],
                    "rect": [at.x(), at.y(), *_wh(rect)],
                    # cut with "…" (Fusion leaves 3 px either side of the text and the icon)
                    "elided": widest + 6 + _icon_width(view, index) > whole.width(),
                    "tooltip": str(index.data(Qt.ItemDataRole.ToolTipRole) or "")[:200],
                }
            )
        if len(found) >= ROWS_PER_VIEW:
            break
    return found


def _icon_width(view: QAbstractItemView, index: QModelIndex) -> int:
    decoration = index.data(Qt.ItemDataRole.DecorationRole)
    return view.iconSize().width() + 4 if decoration is not None else 0


def _wh(rect: QRect) -> list[int]:
    return [rect.width(), rect.height()]


def text_places(top: QWidget) -> list[dict[str, Any]]:
    """Each shown, enabled label, button and item row with text, with its place."""
    places: list[dict[str, Any]] = []
    for widget in top.findChildren(QWidget):
        if not widget.isEnabled():
            continue  # WCAG leaves disabled controls out
        if isinstance(widget, QAbstractItemView):
            places += _row_places(widget, top)
            continue
        if isinstance(widget, QLabel):
            text, kind = widget.text(), "label"
        elif isinstance(widget, QAbstractButton):
            text, kind = widget.text(), "button"
        else:
            continue
        if not text.strip() or (isinstance(widget, QLabel) and not widget.pixmap().isNull()):
            continue
        rect = _visible_rect(widget, top)
        if rect is None or rect.width() < 4 or rect.height() < 6:
            continue
        places.append(
            {
                "kind": kind,
                "class": type(widget).__name__,
                "text": text[:80],
                "tooltip": widget.toolTip()[:200],
                "rect": [rect.x(), rect.y(), rect.width(), rect.height()],
                "elided": _elided(widget),
            }
        )
    return places


def _elided(widget: QWidget) -> bool:
    shown = getattr(widget, "shown_text", None)
    if callable(shown) and hasattr(widget, "full_text"):
        return bool(shown() != widget.full_text())
    return False


def action(window: MainWindow, text: str) -> QAction:
    for candidate in window.findChildren(QAction):
        if candidate.text().replace("&", "") == text:
            return candidate
    raise SystemExit(f"screens_driver: no action {text!r}")


def new_dialog(before: set[QWidget]) -> QWidget | None:
    modal = QApplication.activeModalWidget()
    if modal is not None and modal not in before:
        return modal
    for widget in QApplication.topLevelWidgets():
        if widget not in before and isinstance(widget, QDialog) and widget.isVisible():
            return widget
    return None


def wait_for(condition: Callable[[], bool], what: str, limit_ms: int = 15000) -> Step:
    waited = 0
    while not condition():
        if waited > limit_ms:
            raise SystemExit(f"screens_driver: waited {limit_ms} ms for {what}")
        waited += 50
        yield 50


def dialog(shots: Shots, name: str, trigger: Callable[[], object], settle: int = 150) -> Step:
    """Open a dialog with ``trigger`` (later, from the event loop, since ``exec`` waits),
    take its picture once it is up, close it."""
    before = set(QApplication.topLevelWidgets())
    QTimer.singleShot(0, trigger)
    found: list[QWidget] = []

    def up() -> bool:
        shown = new_dialog(before)
        if shown is not None:
            found.append(shown)
        return shown is not None

    yield from wait_for(up, name)
    yield settle
    shots.take(name, found[-1])
    found[-1].close()
    yield 0


def settled(window: MainWindow, ms: int = 250) -> Step:
    """Time for what a view reads on the runner, then for what it shows once read."""
    yield ms
    window.runner.wait()
    yield 50


def script(shots: Shots, window: MainWindow, db: Database, sample: Path) -> Step:
    yield from wait_for(lambda: window.features_installed and window.list_loaded, "the list")
    yield from settled(window)
    shots.take("people-list", window)
    window.open_person(people.list_people(db, LONG_NAME)[0])
    yield from settled(window, 500)
    shots.take("person-long-name", window)
    person_id = (people.list_people(db, "Carol") or people.list_people(db, ""))[0]
    window.open_person(person_id)
    yield from settled(window, 500)
    shots.take("person-page", window)
    scroller = window.page.findChild(QScrollArea)
    if scroller is not None and scroller.widget() is not None:
        shots.take("person-page-whole", scroller.widget())
    for tab in range(1, window.left_tabs.count()):  # Due, Today
        window.left_tabs.setCurrentIndex(tab)
        yield from settled(window)
        label = window.left_tabs.tabText(tab).replace("&", "").split()[0].lower()
        shots.take(f"tab-{label}", window)
    window.left_tabs.setCurrentIndex(0)
    for text, name in (("Health Overview", "health-overview"), ("Network", "network")):
        action(window, text).trigger()
        yield from settled(window, 600)
        shots.take(name, window)
    window.open_person(person_id)
    yield from settled(window)
    for text, name in (
        ("Record Introduction…", "introduction-dialog"),
        ("Possible Duplicates…", "duplicates"),
        ("New Person…", "new-person"),
        ("Edit Person…", "edit-person"),
        ("Log Interaction…", "log-interaction"),
        ("New Promise…", "new-promise"),
        ("Backups…", "backups"),
        ("Export…", "export"),
        ("Reminders and Warnings…", "settings-reminders"),
        ("My Addresses…", "settings-my-addresses"),
        ("Sync…", "settings-sync"),
        ("About Relapp", "about"),
    ):
        yield from dialog(shots, name, action(window, text).trigger)
        yield from settled(window, 0)
    imports: Any = _feature(window, "ImportFeature")
    yield from dialog(shots, "import-preview", lambda: imports.import_files([str(sample)]), 300)
    capture: Any = _feature(window, "CaptureFeature")
    mbox = sample.with_name("Inbox")
    yield from dialog(shots, "capture-preview", lambda: capture.capture_files([str(mbox)]), 300)
    # ... and captured: the person's page with the captured entries marked
    capture.capture_files([str(mbox)])
    yield from wait_for(lambda: capture.preview is not None, "the capture preview")
    capture.preview.apply_button.click()
    yield from wait_for(lambda: capture.last_result is not None, "the capture", 60000)
    window.open_person(person_id)
    yield from settled(window, 500)
    shots.take("person-after-capture", window)


def empty_script(shots: Shots, window: MainWindow) -> Step:
    yield from wait_for(lambda: window.features_installed, "the features")
    yield from settled(window)
    shots.take("welcome", window)


def _feature(window: MainWindow, type_name: str) -> object:
    for feature in window.features:
        if type(feature).__name__ == type_name:
            return feature
    raise SystemExit(f"screens_driver: no feature {type_name}")


def run(steps: Step, done: Callable[[], None]) -> None:
    def tick() -> None:
        try:
            wait = next(steps)
        except StopIteration:
            done()
            return
        except BaseException:
            traceback.print_exc()
            QApplication.exit(1)
            return
        QTimer.singleShot(wait, tick)

    QTimer.singleShot(0, tick)


def write_samples(folder: Path) -> Path:
    """A vCard file (one new person, one the demo has) and a mail archive with Carol."""
    cards = folder / "contacts.vcf"
    cards.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jonas Weber\r\nEMAIL:jonas@example.de\r\nEND:VCARD\r\n"
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{LONG_NAME}\r\nORG:{LONG_COMPANY}\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    mails = []
    carol, nina = "Carol Roth <carol@rothmarsh.example>", "Nina Ng <nina@example.net>"
    for n, (who, subject, refs) in enumerate(
        [
            (carol, "Plans", ""),
            (nina, "Hi", ""),
            (carol, "Re: Plans", "References: <m0@example>\n"),  # one thread, one entry
            (nina, "Hi", ""),
            (carol, "Tickets", ""),
            (nina, "Hi", ""),
        ]
    ):
        mails.append(
            f"From x@y Mon Dec  1 10:0{n}:00 2026\nFrom: {who}\nTo: me@example.com\n"
            f"Subject: {subject}\nDate: Mon, 1 Dec 2026 10:0{n}:00 +0000\n{refs}"
            f"Message-ID: <m{n}@example>\n\nHello {n}\n\n"
        )
    (folder / "Inbox").write_text("".join(mails), encoding="utf-8")
    return cards


def open_db(args: argparse.Namespace, data: Path) -> Database:
    paths = AppPaths(data)
    paths.ensure()
    if args.database:
        shutil.copyfile(args.database, paths.database)
        return open_database(paths.database, backups_dir=paths.backups)
    from relapp.bootstrap import open_demo_database

    return open_demo_database(paths)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="screens_driver")
    parser.add_argument("out", type=Path)
    parser.add_argument("--database", type=Path)
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    app = create_application(["relapp"])
    shots = Shots(out)
    sample = write_samples(out)
    empty = AppPaths(out / "empty-data")
    empty.ensure()
    empty_db = open_database(empty.database, backups_dir=empty.backups)
    first = open_window(empty_db, empty, defer_features=True)
    first.resize(1200, 760)
    first.show()

    def then_demo() -> None:
        first.close()
        db = open_db(args, out / "data")
        draft = PersonDraft(
            LONG_NAME,
            organisation=LONG_COMPANY,
            title="Senior Director of International Partnerships",
            cadence_days=30,
        )
        people.add_person(db, draft)  # in the list, and a page of its own
        paths = AppPaths(out / "data")
        window = open_window(db, paths.demo() if not args.database else paths, demo=True)
        window.resize(1200, 760)
        window.show()
        run(script(shots, window, db, sample), lambda: finish(window))

    def finish(window: MainWindow) -> None:
        (out / "manifest.json").write_text(json.dumps(shots.manifest, indent=1), "utf-8")
        window.runner.wait()
        app.exit(0)

    run(empty_script(shots, first), then_demo)
    code = app.exec()
    sys.stdout.flush()
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
