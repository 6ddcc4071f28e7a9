"""Every place that shows user or file text shows HTML and links literally.

A database is filled with payloads in every field; the main window, the person page and
every installed feature's views are shown; then every label, every tooltip and every
item view's tooltips are walked. A label holding a '<' must be plain text; a tooltip
(Qt renders tooltips as rich text) must never hold a payload unescaped."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QGraphicsView, QLabel, QWidget

from relapp.domain.model import (
    Channel,
    ContactKind,
    ContactPoint,
    Direction,
    InteractionDraft,
    InteractionKind,
    PersonDraft,
)
from relapp.paths import AppPaths
from relapp.services import interactions, people
from relapp.storage import Database
from relapp.ui.app import open_window
from relapp.ui.main_window import MainWindow
from relapp.ui.tasks import TaskRunner

PAYLOADS = (
    "<b>x</b>",
    '<a href="http://evil">x</a>',
    "<img src=x>",
    "<script>alert(1)</script>",
)
ALL = " ".join(PAYLOADS)


def fill(db: Database) -> list[int]:
    ids = []
    for n, payload in enumerate(PAYLOADS):
        person = people.add_person(
            db,
            PersonDraft(
                display_name=f"Eve {n} {payload}",
                given_name=payload,
                family_name=payload,
                nickname=payload,
                organisation=f"Org {payload}",
                title=f"Title {payload}",
                met_on=date(2020, 1, 1),
                met_how=f"met {ALL}",
                notes=f"notes {ALL}",
                tags=(f"tag{payload}",),
                cadence_days=7,
                contact_points=(
                    ContactPoint(ContactKind.EMAIL, f"e{n}@example.com", label=payload),
                    ContactPoint(ContactKind.URL, "http://evil.example/", label=payload),
                    ContactPoint(ContactKind.ADDRESS, payload, label=payload),
                ),
            ),
        )
        ids.append(person.id)
        now = datetime.now(UTC)
        for kind in (InteractionKind.ORDINARY, InteractionKind.FAVOUR_GIVEN):
            interactions.log_interaction(
                db,
                InteractionDraft(
                    occurred_at=now - timedelta(days=40),
                    channel=Channel.EMAIL,
                    direction=Direction.OUTBOUND,
                    person_ids=(person.id,),
                    summary=f"summary {payload}",
                    notes=f"notes {ALL}",
                    kind=kind,
                ),
            )
    _promises(db, ids)
    _introductions(db, ids)
    return ids


def _promises(db: Database, ids: list[int]) -> None:
    try:
        from relapp.domain.promises import PromiseDraft, Promiser
        from relapp.services import promises
    except ImportError:  # pragma: no cover - feature not present
        return
    now = datetime.now(UTC)
    for n, person_id in enumerate(ids):
        promises.create_promise(
            db,
            PromiseDraft(person_id, Promiser.ME, f"send {PAYLOADS[n]}", Channel.EMAIL, now),
            now=now - timedelta(hours=1),
        )


def _introductions(db: Database, ids: list[int]) -> None:
    try:
        from relapp.domain.introductions import IntroductionDraft
        from relapp.services import introductions
    except ImportError:  # pragma: no cover - feature not present
        return
    introductions.record_introduction(
        db, IntroductionDraft(ids[0], ids[1], ids[2], date(2021, 5, 1), f"context {ALL}")
    )
    introductions.record_introduction(
        db, IntroductionDraft(None, ids[3], ids[0], date(2022, 5, 1), f"context {ALL}")
    )


def raw_payload(text: str) -> str | None:
    return next((p for p in PAYLOADS if p in text), None)


def problems_in(root: QWidget) -> list[str]:
    found: list[str] = []
    for label in root.findChildren(QLabel):
        text = label.text()
        if "<" in text and label.textFormat() != Qt.TextFormat.PlainText:
            found.append(f"rich label {label.objectName() or type(label).__name__}: {text!r}")
    for widget in [root, *root.findChildren(QWidget)]:
        payload = raw_payload(widget.toolTip())
        if payload:
            found.append(f"tooltip of {type(widget).__name__}: {widget.toolTip()!r}")
    for view in root.findChildren(QAbstractItemView):
        found.extend(_view_problems(view))
    for graphics in root.findChildren(QGraphicsView):
        scene = graphics.scene()
        for item in scene.items() if scene is not None else []:
            if raw_payload(item.toolTip()):
                found.append(f"graphics item tooltip: {item.toolTip()!r}")
            to_html = getattr(item, "toHtml", None)
            if to_html is not None and raw_payload(to_html()):
                found.append(f"graphics text item renders HTML: {to_html()[:80]!r}")
    return found


def _view_problems(view: QAbstractItemView) -> list[str]:
    model = view.model()
    if model is None:
        return []
    found = []

    def walk(parent: QModelIndex, depth: int) -> None:
        try:
            columns = model.columnCount(parent)
        except TypeError:  # list models keep columnCount private
            columns = 1
        for row in range(min(model.rowCount(parent), 200)):
            for column in range(columns):
                index = model.index(row, column, parent)
                tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
                if isinstance(tip, str) and raw_payload(tip):
                    found.append(f"{type(view).__name__} tooltip: {tip!r}")
            if depth < 3:
                walk(model.index(row, 0, parent), depth + 1)

    walk(QModelIndex(), 0)
    return found


@pytest.fixture
def window(qtbot, db: Database, paths: AppPaths, runner: TaskRunner) -> MainWindow:
    fill(db)
    win = open_window(db, paths, runner=runner)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitUntil(lambda: win.list_loaded)
    return win


def settle(qtbot, win: MainWindow) -> None:
    qtbot.wait(50)
    qtbot.waitUntil(lambda: win.runner.idle, timeout=10000)
    qtbot.wait(50)


def test_main_window_and_person_page_show_payloads_literally(qtbot, window: MainWindow) -> None:
    problems: list[str] = []
    for row in range(window.model.rowCount()):
        window.view.setCurrentIndex(window.model.index(row, 0))
        settle(qtbot, window)
        problems += problems_in(window)
    assert window.page.name_label.text().startswith("Eve")
    with_payloads = [lb for lb in window.findChildren(QLabel) if raw_payload(lb.text())]
    assert len(with_payloads) >= 3  # the walk really met user text
    assert problems == []


def test_every_feature_view_shows_payloads_literally(qtbot, window: MainWindow) -> None:
    problems: list[str] = []
    for index in range(window.left_tabs.count()):
        window.left_tabs.setCurrentIndex(index)
        settle(qtbot, window)
        problems += problems_in(window)
    for feature in window.features:
        for opener in ("show_overview", "open_network"):
            if hasattr(feature, opener):
                getattr(feature, opener)()
                settle(qtbot, window)
                problems += problems_in(window)
    assert problems == []


def test_the_walker_catches_a_rich_label_and_a_raw_tooltip(qtbot) -> None:
    root = QWidget()
    qtbot.addWidget(root)
    label = QLabel("<b>x</b>", root)
    label.setToolTip("<img src=x>")
    assert len(problems_in(root)) == 2
