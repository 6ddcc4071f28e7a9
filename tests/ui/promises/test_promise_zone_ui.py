"""A promise of another time zone in the window (issue 16): its due time shows in your
local time with its own zone's time beside it, the dialog says the zone and keeps the
repeat rule in that zone's time, and a promise made here keeps the zone it was made in."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from relapp.domain.promise_wording import due_phrase, repeat_text
from relapp.domain.promises import PromiseDraft, Promiser
from relapp.services import promises as service
from relapp.storage import Database
from relapp.ui.promises.promise_dialog import PromiseDialog
from relapp.ui.tasks import TaskRunner

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
FIRST = datetime(2027, 3, 7, 9, 0, tzinfo=NEW_YORK)  # a Sunday, 15:00 in Berlin
NOW = datetime(2027, 3, 6, 12, 0, tzinfo=UTC)
RULE = "FREQ=WEEKLY;BYDAY=SU;BYHOUR=9;BYMINUTE=0"


@pytest.fixture(autouse=True)
def berlin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")


def test_a_new_york_promise_shows_berlin_time_says_new_york_and_keeps_its_rule(
    qtbot, db: Database, priya: int, runner: TaskRunner
) -> None:
    draft = PromiseDraft(
        priya, Promiser.ME, "call Dan", None, FIRST, recurrence=RULE, zone="America/New_York"
    )
    p = service.create_promise(db, draft, now=NOW)
    assert due_phrase(p, NOW, BERLIN) == "due tomorrow at 15:00 (09:00 in New York)"
    assert repeat_text(p, BERLIN) == "repeats every Sunday at 09:00 (in New York)"
    dialog = PromiseDialog(db, priya, lambda: NOW, p, runner=runner)
    qtbot.addWidget(dialog)
    assert dialog.due.due_at() == FIRST.astimezone(UTC)
    assert dialog.zone_note.isVisibleTo(dialog)
    assert dialog.zone_note.text() == "That is 09:00 in New York, the promise's own time zone."
    assert dialog.repeat.words.text() == "Repeats every Sunday at 09:00"
    dialog.what_edit.setText("call Dan back")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.promise is not None)
    stored = service.get_promise(db, p.id)
    assert (stored.what, stored.zone, stored.recurrence) == ("call Dan back", p.zone, RULE)


def test_a_promise_made_here_keeps_the_zone_it_was_made_in(
    qtbot, db: Database, priya: int, runner: TaskRunner
) -> None:
    dialog = PromiseDialog(db, priya, lambda: NOW, runner=runner)
    qtbot.addWidget(dialog)
    dialog.what_edit.setText("send the photos")
    dialog.due.set_due(FIRST)
    assert not dialog.zone_note.isVisibleTo(dialog)  # Berlin's, as the user is
    dialog.save()
    qtbot.waitUntil(lambda: dialog.promise is not None)
    assert dialog.promise is not None
    made = service.get_promise(db, dialog.promise.id)
    assert made.zone == "Europe/Berlin"
    # Travelling to New York: the due instant is the same, shown in New York's time
    # with Berlin's beside it.
    assert due_phrase(made, NOW, NEW_YORK) == "due tomorrow at 09:00 (15:00 in Berlin)"


def test_and_i_promised_keeps_the_zone_it_was_made_in(
    qtbot, db: Database, priya: int, make_relapp
) -> None:
    from relapp.domain.promises import DueChoice
    from relapp.ui.interaction_dialog import InteractionDialog

    app = make_relapp()
    window = app.window
    dialog = InteractionDialog(
        window.db, window.runner, (priya,), None, window, extensions=window.dialog_extensions
    )
    qtbot.addWidget(dialog)
    row = dialog.promise_row  # type: ignore[attr-defined]
    row.check.setChecked(True)
    row.what.setText("the pricing")
    row.due.set_choice(DueChoice.TOMORROW_MORNING)
    dialog.summary_edit.setText("Talked about the pilot")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.runner.idle)
    [entry] = service.open_promises_for(db, priya)
    assert entry.promise.zone == "Europe/Berlin"
