"""Every focusable widget of the main window, the person page and each dialog has an
accessible name (its own words, a buddy label's, or one set for it): walked through
QAccessible as a screen reader sees them. Before this test, 31 widgets had none (the
health chart, the history list, the list's search field, spin boxes, pickers ...)."""

from __future__ import annotations

import pytest

from relapp.storage import Database
from relapp.ui.main_window import MainWindow
from tests.ui.a11y.conftest import action, unnamed_focusable, with_modal
from tests.ui.theme.conftest import open_named

pytest_plugins = ["tests.ui.theme.conftest"]


def test_the_main_window_and_the_person_page_name_every_focusable_widget(
    qtbot, demo_db: Database, window: MainWindow
) -> None:
    open_named(qtbot, window, demo_db, "carol")
    problems = unnamed_focusable(window)
    assert problems == [], "unnamed focusable widgets:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    "text",
    [
        "New Person…",
        "Edit Person…",
        "Log Interaction…",
        "New Promise…",
        "Record Introduction…",
        "Outreach Warnings…",
    ],
)
def test_each_dialog_names_every_focusable_widget(
    qtbot, demo_db: Database, window: MainWindow, text: str
) -> None:
    open_named(qtbot, window, demo_db, "carol")
    problems: list[str] = []
    with_modal(qtbot, action(window, text).trigger, lambda d: problems.extend(unnamed_focusable(d)))
    assert problems == [], f"{text} unnamed focusable widgets:\n" + "\n".join(problems)
