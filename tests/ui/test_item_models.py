"""Every item model passes Qt's own model tester."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtTest import QAbstractItemModelTester

from relapp.domain.model import Channel, Direction, InteractionDraft, PersonDraft
from relapp.services import interactions, people
from relapp.storage import Database
from relapp.ui.history_model import HistoryModel
from relapp.ui.people_model import PeopleListModel

Mode = QAbstractItemModelTester.FailureReportingMode


def test_people_model_passes_the_tester(qtbot, db: Database) -> None:
    ids = [
        people.add_person(db, PersonDraft(f"Person {i:03}", organisation="Org")).id
        for i in range(250)
    ]
    model = PeopleListModel(lambda chunk: people.person_rows(db, chunk))
    QAbstractItemModelTester(model, Mode.Fatal)
    model.set_ids(ids)
    assert model.rowCount() == 250
    assert model.data(model.index(249, 0)) == "Person 249"
    model.forget(ids[:3])
    model.set_ids(ids[:10])
    model.set_ids([])


def test_names_and_organisations_cut_with_an_ellipsis_show_whole_as_a_tooltip(
    qtbot, db: Database
) -> None:
    """Seen in the e2e pictures: "Whitaker Freight…" in the list, and nothing to read the
    rest by; the tooltip is rich text in Qt, so the words are escaped."""
    long_company = "Internationale Gesellschaft für Zusammenarbeit & <Entwicklung> GmbH"
    person = people.add_person(db, PersonDraft("Maximiliane Alexandra", organisation=long_company))
    plain = people.add_person(db, PersonDraft("Ada Quinn"))
    model = PeopleListModel(lambda chunk: people.person_rows(db, chunk))
    model.set_ids([person.id, plain.id])
    tips = QTextDocument()
    for column, text in ((PeopleListModel.NAME, "Maximiliane Alexandra"), (1, long_company)):
        tip = model.data(model.index(0, column), Qt.ItemDataRole.ToolTipRole)
        tips.setHtml(tip)
        assert tips.toPlainText() == text
    assert (
        model.data(model.index(1, PeopleListModel.ORGANISATION), Qt.ItemDataRole.ToolTipRole)
        is None
    )


def test_history_model_passes_the_tester(qtbot, db: Database) -> None:
    carol = people.add_person(db, PersonDraft("Carol")).id
    start = datetime(2024, 1, 1, tzinfo=UTC)
    for i in range(120):
        interactions.log_interaction(
            db,
            InteractionDraft(
                start + timedelta(days=i), Channel.EMAIL, Direction.INBOUND, (carol,), f"#{i}"
            ),
        )
    model = HistoryModel()
    QAbstractItemModelTester(model, Mode.Fatal)
    model.load(lambda offset, limit: interactions.history_page(db, carol, offset, limit), 120)
    assert model.rowCount() == 50
    while model.canFetchMore(model.index(-1, -1)):
        model.fetchMore(model.index(-1, -1))
    assert model.rowCount() == 120
    assert model.row_of_interaction(model.entry(119).interaction.id) == 119
    model.load(None, 0)
    assert model.rowCount() == 0


def test_forgetting_rows_reads_them_again_with_one_signal_for_many(qtbot, db: Database) -> None:
    ids = [people.add_person(db, PersonDraft(f"Person {i:03}")).id for i in range(200)]
    model = PeopleListModel(lambda chunk: people.person_rows(db, chunk))
    QAbstractItemModelTester(model, Mode.Fatal)
    model.set_ids(ids)
    assert model.data(model.index(5, 0)) == "Person 005"
    signals: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda top, bottom: signals.append((top.row(), bottom.row())))

    people.update_person(db, ids[5], PersonDraft("Renamed Five"))
    model.forget([ids[5], 999_999])  # a person not in the list is ignored
    assert signals == [(5, 5)]
    assert model.data(model.index(5, 0)) == "Renamed Five"

    signals.clear()
    for i in range(0, 200, 2):
        people.update_person(db, ids[i], PersonDraft(f"Even {i:03}"))
    model.forget(ids[::2])  # an import changing many: one signal, not a hundred
    assert signals == [(0, 199)]
    assert [model.data(model.index(r, 0)) for r in (0, 1, 198)] == [
        "Even 000",
        "Person 001",
        "Even 198",
    ]


def test_the_people_model_holds_a_count_and_the_pages_read(qtbot) -> None:
    """A million people found are a count and a page on the GUI thread (issue 18): the
    search hands over the first page with the count; a page scrolled to is asked for
    once (``fetch_page``), blank until it comes, and a page of an older search is
    dropped. (It replaces the test that the model kept a search's every id without
    copying them: it no longer gets them.)"""
    import tracemalloc

    from relapp.domain.model import PersonRow
    from relapp.ui.people_model import PAGE

    def page(number: int) -> list[PersonRow]:
        first = number * PAGE + 1
        return [PersonRow(i, f"P{i}", "", None, False) for i in range(first, first + PAGE)]

    asked: list[tuple[int, int]] = []
    model = PeopleListModel(lambda chunk: {}, fetch_page=lambda *ask: asked.append(ask))
    QAbstractItemModelTester(model, Mode.Fatal)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        model.set_result(1_000_000, {0: page(0)})
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert held < 100_000
    assert model.rowCount() == 1_000_000 and model.data(model.index(99, 0)) == "P100"
    assert asked == [] and model.ids() == list(range(1, PAGE + 1))
    assert model.data(model.index(500_050, 0)) is None and model.id_at(500_050) is None
    model.data(model.index(500_051, 0))
    assert asked == [(model.generation, 5_000)]  # asked once while it is being read
    model.set_page(model.generation - 1, 5_000, page(7))  # an older search's: dropped
    assert model.id_at(500_050) is None
    model.set_page(model.generation, 5_000, page(5_000))
    assert model.data(model.index(500_050, 0)) == "P500051"
    assert model.row_of(500_051) == 500_050 and model.row_of(300) is None
    model.set_ids([3, 2, 1])  # every page known (tests, a few people)
    assert model.ids() == [3, 2, 1] and model.rowCount() == 3
