"""Every focusable widget of the main window, the person page and each dialog has an
accessible name (its own words, a buddy label's, or one set for it): walked through
QAccessible as a screen reader sees them. Before this test, 18 had none (the people
search and table, the history list, the health chart, the brief's toggle, the pickers,
the promise's text, dates ...)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QWidget

from relapp.services.health import person_health
from relapp.storage import Database
from relapp.ui.main_window import MainWindow
from tests.ui.a11y.conftest import action, open_named, unnamed_focusable, with_modal


def test_the_main_window_and_the_person_page_name_every_focusable_widget(
    qtbot, demo_db: Database, window: MainWindow
) -> None:
    open_named(qtbot, window, demo_db, "carol")
    problems = unnamed_focusable(window)
    assert problems == [], "unnamed focusable widgets:\n" + "\n".join(problems)


def test_the_other_views_name_every_focusable_widget(
    qtbot, demo_db: Database, window: MainWindow
) -> None:
    open_named(qtbot, window, demo_db, "priya")
    problems = []
    for tab in range(window.left_tabs.count()):  # People, Due, Today
        window.left_tabs.setCurrentIndex(tab)
        qtbot.wait(300)
        problems += [f"{window.left_tabs.tabText(tab)}: {p}" for p in unnamed_focusable(window)]
    for text in ("Network", "Health Overview"):
        action(window, text).trigger()
        qtbot.wait(800)
        window.runner.wait()
        problems += [f"{text}: {p}" for p in unnamed_focusable(window)]
    assert problems == [], "unnamed focusable widgets:\n" + "\n".join(sorted(set(problems)))


def test_the_health_chart_says_in_words_what_it_shows(
    qtbot, demo_db: Database, window: MainWindow
) -> None:
    open_named(qtbot, window, demo_db, "priya")
    plot = window.findChild(QWidget, "health-chart")
    assert plot is not None
    qtbot.waitUntil(lambda: bool(plot.accessibleDescription()), timeout=5000)
    face = QAccessible.queryAccessibleInterface(plot)
    assert face.text(QAccessible.Text.Name) == "Health chart"
    description = face.text(QAccessible.Text.Description)
    # The domain's explanation of Priya's score, word for word (one truth).
    person = window.page.person
    assert person is not None
    score = person_health(demo_db, person.id, datetime.now(UTC))
    assert description.startswith(f"Health {score.value:.0f} · {score.state.label}")
    assert score.factors and all(factor in description for factor in score.factors)


@pytest.mark.parametrize(
    "text",
    [
        "New Person…",
        "Edit Person…",
        "Log Interaction…",
        "New Promise…",
        "Record Introduction…",
        "Reminders and Warnings…",
        "Backups…",
        "Export…",
        "Possible Duplicates…",
        "About Relapp",
        "My Addresses…",
        "Sync…",
        "Merge Into…",
        "Imports…",
    ],
)
def test_each_dialog_names_every_focusable_widget(
    qtbot, demo_db: Database, window: MainWindow, text: str
) -> None:
    open_named(qtbot, window, demo_db, "carol")
    problems: list[str] = []
    with_modal(qtbot, action(window, text).trigger, lambda d: problems.extend(unnamed_focusable(d)))
    assert problems == [], f"{text} unnamed focusable widgets:\n" + "\n".join(problems)


def test_the_welcome_page_names_every_focusable_widget(qtbot, window: MainWindow) -> None:
    assert window.stack.currentWidget() is window.welcome  # no one yet
    problems = unnamed_focusable(window)
    assert problems == [], "unnamed focusable widgets:\n" + "\n".join(problems)


def _previews(folder: Path) -> dict[str, tuple[str, Path]]:
    cards = folder / "contacts.vcf"
    cards.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jonas Weber\r\nEMAIL:jonas@example.de\r\n"
        "END:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Carol Roth\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    mails = folder / "Inbox"
    mails.write_text(
        "".join(
            f"From x@y Mon Dec  1 10:0{n}:00 2026\nFrom: {who}\nTo: me@example.com\n"
            f"Subject: Plans\nDate: Mon, 1 Dec 2026 10:0{n}:00 +0000\n"
            f"Message-ID: <m{n}@example>\n\nHello {n}\n\n"
            for n, who in enumerate(["Carol Roth <carol@rothmarsh.example>", "Nina Ng <n@x.net>"])
        ),
        encoding="utf-8",
    )
    return {"import": ("import_files", cards), "capture": ("capture_files", mails)}


@pytest.mark.parametrize("which", ["import", "capture"])
def test_the_import_and_capture_previews_name_every_focusable_widget(
    qtbot, demo_db: Database, window: MainWindow, tmp_path: Path, which: str
) -> None:
    # Issue 17 audit: the walk covered the menus' dialogs but not these two previews.
    from relapp.ui.capture.feature import CaptureFeature
    from relapp.ui.importing.feature import ImportFeature

    open_named(qtbot, window, demo_db, "carol")
    method, path = _previews(tmp_path)[which]
    feature = window.features.get(ImportFeature if which == "import" else CaptureFeature)
    problems: list[str] = []
    with_modal(
        qtbot,
        lambda: getattr(feature, method)([str(path)]),
        lambda d: problems.extend(unnamed_focusable(d)),
    )
    assert problems == [], f"{which} preview unnamed focusable widgets:\n" + "\n".join(problems)


def test_the_merge_dialog_names_every_focusable_widget(
    qtbot, demo_db: Database, window: MainWindow
) -> None:
    from relapp.ui.merging.feature import MergingFeature

    carol = open_named(qtbot, window, demo_db, "carol")
    dan = open_named(qtbot, window, demo_db, "dan")
    feature = window.features.get(MergingFeature)
    problems: list[str] = []
    look = problems.extend
    with_modal(qtbot, lambda: feature.start_merge(carol, dan), lambda d: look(unnamed_focusable(d)))
    assert problems == [], "merge dialog unnamed focusable widgets:\n" + "\n".join(problems)
