"""The brief on the person page and beside an outbound contact, and the Introductions
section: the introducer is there at a glance and every name opens its person."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from relapp.domain.introductions import IntroductionDraft
from relapp.domain.model import Direction, PersonDraft
from relapp.services import introductions, people
from relapp.storage import Database
from relapp.ui.interaction_dialog import InteractionDialog
from relapp.ui.introductions.feature import IntroductionsFeature
from relapp.ui.main_window import MainWindow
from relapp.ui.tasks import TaskRunner


def show(qtbot, window: MainWindow, feature: IntroductionsFeature, person_id: int) -> None:
    window.open_person(person_id)
    qtbot.waitUntil(lambda: window.current_person_id() == person_id)
    qtbot.waitUntil(
        lambda: feature.brief.brief is not None and feature.brief.brief.person_id == person_id
    )
    qtbot.waitUntil(lambda: window.runner.idle)
    qtbot.wait(20)  # the layout requests the brief posted when it was filled


def test_the_brief_shows_who_introduced_them_and_opens_the_introducer(
    qtbot, window: MainWindow, feature: IntroductionsFeature, db: Database, folks: dict[str, int]
) -> None:
    introductions.record_introduction(
        db,
        IntroductionDraft(folks["carol"], None, folks["dan"], date(2024, 3, 1), "at SmallBiz"),
    )
    show(qtbot, window, feature, folks["dan"])
    brief = feature.brief
    assert brief.isVisible() and brief.body.isVisible()
    (met,) = brief.texts("met")
    assert "Introduced by Carol Roth at SmallBiz" in met
    assert met.startswith("1 Mar 2024")
    (link,) = brief.links  # the "Introduced by" row's name (issue 13: rows of their own)
    assert link.name == "Carol Roth"
    (row,) = brief.texts("introduction")
    assert row.startswith("Introduced by Carol Roth · 1 Mar 2024, ") and row.endswith("at SmallBiz")
    qtbot.mouseClick(link, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.current_person_id() == folks["carol"])


def test_the_brief_sits_above_everything_and_fits_with_the_header(
    qtbot, window: MainWindow, feature: IntroductionsFeature, db: Database, folks: dict[str, int]
) -> None:
    show(qtbot, window, feature, folks["dan"])
    page = window.page
    top = feature.brief.mapTo(page, feature.brief.rect().topLeft()).y()
    bottom = feature.brief.mapTo(page, feature.brief.rect().bottomLeft()).y()
    assert top < page.splitter.mapTo(page, page.splitter.rect().topLeft()).y()
    assert bottom < 330  # header and brief leave most of a 1280x800 screen for the rest
    assert feature.brief.height() <= 170


def test_the_brief_can_be_folded_to_one_line(
    qtbot, window: MainWindow, feature: IntroductionsFeature, folks: dict[str, int]
) -> None:
    show(qtbot, window, feature, folks["dan"])
    tall = feature.brief.sizeHint().height()
    feature.brief.toggle.click()
    assert not feature.brief.body.isVisible()
    assert feature.brief.sizeHint().height() < tall / 2
    assert window.settings.value("introductions/brief-collapsed", False, bool)
    feature.brief.toggle.click()


def test_the_brief_opens_beside_an_outbound_contact_being_logged(
    qtbot, db: Database, runner: TaskRunner, window: MainWindow, folks: dict[str, int]
) -> None:
    introductions.record_introduction(db, IntroductionDraft(folks["carol"], None, folks["dan"]))
    dialog = InteractionDialog(
        db, runner, (folks["dan"],), None, window, extensions=window.dialog_extensions
    )
    qtbot.addWidget(dialog)
    dialog.show()
    panel = dialog.brief_panel  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: panel.brief is not None)
    assert panel.isVisible() and panel.links == []
    assert any("Carol Roth" in text for text in panel.texts("met"))
    dialog.direction_buttons[Direction.INBOUND].setChecked(True)
    assert not panel.isVisible()
    dialog.direction_buttons[Direction.OUTBOUND].setChecked(True)
    assert panel.isVisible()


def test_the_section_lists_the_four_relations_and_names_open_people(
    qtbot, window: MainWindow, feature: IntroductionsFeature, db: Database, folks: dict[str, int]
) -> None:
    carol, dan, ed = folks["carol"], folks["dan"], folks["ed"]
    fay = people.add_person(db, PersonDraft("Fay <b>Lin</b> & Co")).id
    introductions.record_introduction(db, IntroductionDraft(fay, None, carol))
    introductions.record_introduction(db, IntroductionDraft(carol, None, dan))
    introductions.record_introduction(db, IntroductionDraft(None, carol, ed))
    introductions.record_introduction(db, IntroductionDraft(carol, dan, ed))
    show(qtbot, window, feature, carol)
    section = feature.section
    qtbot.waitUntil(lambda: len(section.links) == 5)
    assert section.link_names() == [
        "Fay <b>Lin</b> & Co",
        "Dan Whitaker",
        "Ed Navarro",
        "Dan Whitaker",
        "Ed Navarro",
    ]
    assert section.links[0].text() == "Fay <b>Lin</b> && Co"  # no shortcut, no markup
    qtbot.mouseClick(section.links[2], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.current_person_id() == ed)
