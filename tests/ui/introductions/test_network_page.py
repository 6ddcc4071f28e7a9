"""The network page: laid out off the GUI thread, click to open, hover, search,
neighbourhoods, and who can introduce you."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from relapp.domain.changes import Changes
from relapp.domain.introductions import IntroductionDraft
from relapp.domain.model import Channel, Direction, InteractionDraft, PersonDraft
from relapp.services import interactions, introductions, people
from relapp.storage import Database
from relapp.ui.introductions.feature import IntroductionsFeature
from relapp.ui.introductions.network_page import NetworkPage
from relapp.ui.main_window import MainWindow


def story(db: Database, folks: dict[str, int]) -> dict[str, int]:
    carol, dan, ed = folks["carol"], folks["dan"], folks["ed"]
    gil = people.add_person(db, PersonDraft("Gil <i>Grant</i>")).id
    introductions.record_introduction(db, IntroductionDraft(carol, None, dan))
    introductions.record_introduction(db, IntroductionDraft(None, carol, ed))
    introductions.record_introduction(db, IntroductionDraft(ed, dan, gil))
    return {**folks, "gil": gil}


def opened(qtbot, window: MainWindow, feature: IntroductionsFeature) -> NetworkPage:
    window.menus["view"].show()  # not needed to trigger; keeps the menu realised
    window.menus["view"].hide()
    feature.network_action.trigger()
    page = feature.network_page
    assert page is not None and window.stack.currentWidget() is page
    qtbot.waitUntil(lambda: page.picture is not None, timeout=5000)
    return page


def test_view_network_lays_out_everyone_with_you_in_the_middle(
    qtbot, window: MainWindow, feature: IntroductionsFeature, db: Database, folks
) -> None:
    ids = story(db, folks)
    page = opened(qtbot, window, feature)
    graph = page.picture.graph
    assert set(graph.ids) == {None, *ids.values()}
    you = graph.index_of(None)
    assert you is not None and page.picture.positions[you].tolist() == [0.0, 0.0]
    assert "4 people · 6 arrows" in page.status.text()
    scene = page.view.network_scene()
    assert scene is not None and you in scene.shown_labels()
    # The whole map is in view.
    for node in range(graph.size):
        point = page.view.scene_point(node)
        assert page.view.viewport().rect().contains(point)


def test_clicking_a_person_opens_them(
    qtbot, window: MainWindow, feature: IntroductionsFeature, db: Database, folks
) -> None:
    ids = story(db, folks)
    page = opened(qtbot, window, feature)
    dan = page.picture.graph.index_of(ids["dan"])
    QTest.mouseClick(
        page.view.viewport(), Qt.MouseButton.LeftButton, pos=page.view.scene_point(dan)
    )
    qtbot.waitUntil(lambda: window.current_person_id() == ids["dan"])
    assert window.stack.currentWidget() is window.page


def test_hover_names_the_person_and_how_you_met_escaped(
    qtbot, window: MainWindow, feature: IntroductionsFeature, db: Database, folks
) -> None:
    ids = story(db, folks)
    page = opened(qtbot, window, feature)
    graph = page.picture.graph
    gil, dan = graph.index_of(ids["gil"]), graph.index_of(ids["dan"])
    assert page.view.tooltip_for(gil).startswith("<b>Gil &lt;i&gt;Grant&lt;/i&gt;</b>")
    assert "Introduced by Carol Roth" in page.view.tooltip_for(dan)
    page.view.hover_at(page.view.scene_point(dan))
    scene = page.view.network_scene()
    assert scene is not None and scene.hover_ring is not None and scene.hover_ring.isVisible()
    page.view.hover_at(QPoint(1, 1))
    assert not scene.hover_ring.isVisible()


def test_search_highlights_and_a_neighbourhood_can_be_laid_out(
    qtbot, window: MainWindow, feature: IntroductionsFeature, db: Database, folks
) -> None:
    ids = story(db, folks)
    page = opened(qtbot, window, feature)
    qtbot.keyClicks(page.search_edit, "gil")
    gil = page.picture.graph.index_of(ids["gil"])
    assert page.highlighted == gil
    scene = page.view.network_scene()
    assert scene.highlight_ring.isVisible() and gil in scene.shown_labels()
    assert page.one_step.isEnabled() and not page.everyone.isEnabled()

    page.one_step.click()
    qtbot.waitUntil(lambda: page.around is not None and page.picture.graph.size < 5)
    around = page.picture.graph
    assert around.ids[around.center] == ids["gil"]
    assert set(around.ids) == {ids["gil"], ids["ed"], ids["dan"]}
    assert page.scope_label.text() == "Around Gil <i>Grant</i>: 1 step"
    page.everyone.click()
    assert page.picture.graph.size == 5 and page.around is None


def test_who_can_introduce_me_lists_paths_and_draws_one(
    qtbot, window: MainWindow, feature: IntroductionsFeature, db: Database, folks
) -> None:
    ids = story(db, folks)
    interactions.log_interaction(
        db, InteractionDraft(window_now(), Channel.CALL, Direction.BOTH, (ids["ed"],), "hi")
    )
    window.open_person(ids["gil"])
    qtbot.waitUntil(lambda: window.current_person_id() == ids["gil"])
    feature.section.introducers_button.click()
    page = feature.network_page
    assert page is not None
    panel = page.introducers
    qtbot.waitUntil(lambda: panel.view is not None and panel.view.target_id == ids["gil"])
    texts = panel.path_texts()
    assert texts, "no warm path found"
    assert texts[0] == [
        "Ed Navarro\nyou have talked · last contact just now",
        "Gil <i>Grant</i>\nEd Navarro introduced Dan Whitaker to Gil <i>Grant</i> · no contact yet",
    ]
    assert texts[1][0] == "Dan Whitaker\nCarol Roth introduced you to Dan Whitaker · no contact yet"
    qtbot.waitUntil(lambda: page.picture is not None)
    panel.tree.setCurrentItem(panel.tree.topLevelItem(0))
    scene = page.view.network_scene()
    assert scene is not None and not scene.path_item.path().isEmpty()
    step = panel.tree.topLevelItem(0).child(0)
    panel.tree.itemDoubleClicked.emit(step, 0)
    qtbot.waitUntil(lambda: window.current_person_id() == ids["ed"])


def window_now():
    from datetime import UTC, datetime

    return datetime.now(UTC)


def test_an_empty_network_says_what_to_do(
    qtbot, window: MainWindow, feature: IntroductionsFeature
) -> None:
    page = opened(qtbot, window, feature)
    assert page.stack.currentWidget() is page.empty
    assert "No introductions yet" in page.empty.text()


def test_the_map_follows_new_introductions(
    qtbot, window: MainWindow, feature: IntroductionsFeature, db: Database, folks
) -> None:
    page = opened(qtbot, window, feature)
    intro = introductions.record_introduction(
        db, IntroductionDraft(folks["carol"], None, folks["dan"])
    )
    window.data_changed(intro.people())
    qtbot.waitUntil(lambda: page.picture is not None and page.picture.graph.size == 3)
    assert page.stack.currentWidget() is page.view


def test_the_map_is_laid_out_again_only_after_introductions_or_people_changed(
    qtbot, window: MainWindow, feature: IntroductionsFeature, db: Database, folks
) -> None:
    story(db, folks)
    page = opened(qtbot, window, feature)
    qtbot.waitUntil(lambda: window.runner.idle)
    laid_out = page.picture
    window.announce(Changes.of_people((folks["carol"],), interactions=True, promises=True))
    qtbot.waitUntil(lambda: window.runner.idle)
    feature.open_network()
    qtbot.waitUntil(lambda: window.runner.idle)
    assert page.picture is laid_out
    for kind in ("introductions", "persons"):  # persons: a rename shows on the map
        window.announce(Changes.of_people((folks["carol"],), **{kind: True}))
        qtbot.waitUntil(lambda: window.runner.idle)
        feature.open_network()
        qtbot.waitUntil(lambda: page.picture is not laid_out)  # noqa: B023
        laid_out = page.picture
