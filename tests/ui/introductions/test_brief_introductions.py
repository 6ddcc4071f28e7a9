"""The brief never loses an introduction: years and many contacts later, "Introduced by
Carol Roth" is still a row of its own, and the name opens Carol (issue 13, item 1)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from PySide6.QtCore import Qt

from relapp.domain.introductions import IntroductionDraft
from relapp.domain.model import Channel, Direction, InteractionDraft
from relapp.services import interactions, introductions
from relapp.storage import Database
from relapp.ui.interaction_dialog import InteractionDialog
from relapp.ui.introductions.feature import IntroductionsFeature
from relapp.ui.main_window import MainWindow
from relapp.ui.tasks import TaskRunner
from tests.ui.introductions.test_brief_and_section import show


def _story(db: Database, folks: dict[str, int]) -> None:
    introductions.record_introduction(
        db,
        IntroductionDraft(folks["carol"], None, folks["dan"], date(2019, 3, 1), "at SmallBiz"),
    )
    introductions.record_introduction(
        db, IntroductionDraft(None, folks["dan"], folks["ed"], date(2024, 6, 1))
    )
    now = datetime.now(UTC)
    for days in (2, 6, 15, 40, 90):
        interactions.log_interaction(
            db,
            InteractionDraft(
                now - timedelta(days=days), Channel.CALL, Direction.BOTH, (folks["dan"],), "talk"
            ),
        )


def test_an_old_introduction_stays_in_the_brief_after_newer_contacts(
    qtbot, window: MainWindow, feature: IntroductionsFeature, db: Database, folks: dict[str, int]
) -> None:
    _story(db, folks)
    show(qtbot, window, feature, folks["dan"])
    rows = feature.brief.texts("introduction")
    assert rows[0].startswith("Introduced by Carol Roth · 1 Mar 2019,")
    assert rows[0].endswith("years ago · at SmallBiz")
    assert rows[1].startswith("You introduced them to Ed Navarro · 1 Jun 2024,")
    assert feature.brief.texts("recent")  # the contacts are still there too
    names = {link.person_id: link for link in feature.brief.links}
    assert set(names) == {folks["carol"], folks["ed"]}
    assert all(link.isVisible() for link in names.values())
    qtbot.mouseClick(names[folks["ed"]], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.current_person_id() == folks["ed"])


def test_the_log_dialog_brief_shows_the_introduction_too(
    qtbot, db: Database, runner: TaskRunner, window: MainWindow, folks: dict[str, int]
) -> None:
    _story(db, folks)
    dialog = InteractionDialog(
        db, runner, (folks["dan"],), None, window, extensions=window.dialog_extensions
    )
    qtbot.addWidget(dialog)
    dialog.show()
    panel = dialog.brief_panel  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: panel.brief is not None)
    rows = panel.texts("introduction")
    assert rows and rows[0].startswith("Introduced by Carol Roth · 1 Mar 2019,")
