"""LANGUAGE=de: the dates a user reads in the date-time editors (logging a contact, a
promise's own due time) read as every other date of the app — the pattern of
``domain/dates.py`` in the user's language — and an import undone twice says so in
German with its time in the same words."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import QApplication

from relapp.domain import dates
from relapp.domain.errors import RelappError
from relapp.domain.model import PersonDraft
from relapp.services import importing, people
from relapp.storage import Database
from relapp.ui import qt_translations
from relapp.ui.interaction_dialog import InteractionDialog
from relapp.ui.promises.due_chooser import DueChooser
from relapp.ui.tasks import TaskRunner

MOMENT = datetime(2026, 3, 5, 9, 5)


@pytest.fixture
def german_qt(german: str, qapp: QApplication) -> Iterator[str]:
    assert qt_translations.install(qapp)
    yield german
    from relapp import i18n

    i18n.install({"LANGUAGE": "en"})
    qt_translations.install(qapp)


def _show(edit, moment: datetime) -> str:  # type: ignore[no-untyped-def]
    edit.setDateTime(
        QDateTime(moment.year, moment.month, moment.day, moment.hour, moment.minute, 0)
    )
    return edit.text()


def test_the_date_time_editors_read_as_the_app_s_dates(
    german_qt: str, qtbot, db: Database, runner: TaskRunner
) -> None:
    ada = people.add_person(db, PersonDraft(display_name="Ada"))
    dialog = InteractionDialog(db, runner, (ada.id,), None, None)
    qtbot.addWidget(dialog)
    assert _show(dialog.when_edit, MOMENT) == "Do., 5. März 2026, 09:05"
    assert _show(dialog.when_edit, MOMENT) == dates.weekday_day_clock_text(MOMENT)
    chooser = DueChooser(lambda: datetime.now(UTC))
    qtbot.addWidget(chooser)
    october = datetime(2026, 10, 1, 18, 30)
    assert _show(chooser.custom_edit, october) == dates.weekday_day_clock_text(october)


def test_the_editors_read_as_before_in_english(qtbot, db: Database, runner: TaskRunner) -> None:
    ada = people.add_person(db, PersonDraft(display_name="Ada"))
    dialog = InteractionDialog(db, runner, (ada.id,), None, None)
    qtbot.addWidget(dialog)
    assert _show(dialog.when_edit, MOMENT) == "Thu 5 Mar 2026, 09:05"


def test_an_import_undone_twice_says_when_in_german(german: str, db: Database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    card = tmp_path / "ada.vcf"
    card.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Ada Lovelace\nEND:VCARD\n", encoding="utf-8")
    result = importing.apply_import(db, importing.plan_import(db, [card]))
    assert result.batch_id is not None
    importing.undo_import(db, result.batch_id)
    with pytest.raises(RelappError) as again:
        importing.undo_import(db, result.batch_id)
    said = str(again.value)
    assert said.startswith("Der Import von ada.vcf wurde schon rückgängig gemacht ("), said
    assert str(datetime.now(UTC).year) in said and "UTC" not in said
