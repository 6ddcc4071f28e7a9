"""Every item model passes Qt's own model tester."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

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
