"""One way to say a direction: the domain's words, in the log dialog, the history and the
chart (issue 13 polish: "Them → you" in one place, "They → you" in another)."""

from __future__ import annotations

from datetime import UTC, datetime

from relapp.domain.model import Channel, Direction, HistoryEntry, Interaction, PersonDraft
from relapp.services import people
from relapp.storage import Database
from relapp.ui.health import style
from relapp.ui.history_delegate import describe_entry
from relapp.ui.interaction_dialog import InteractionDialog
from relapp.ui.tasks import TaskRunner


def test_the_domain_says_they_to_you() -> None:
    assert [d.label for d in Direction] == ["You → them", "They → you", "Both ways"]


def test_every_view_uses_the_domain_words(qtbot, db: Database, runner: TaskRunner) -> None:
    dan = people.add_person(db, PersonDraft("Dan Whitaker")).id
    dialog = InteractionDialog(db, runner, (dan,), None)
    qtbot.addWidget(dialog)
    for direction in Direction:
        button = dialog.direction_buttons[direction].text().replace("&", "")
        assert button == direction.label
        assert style.DIRECTION_NAMES[direction] == direction.label
        when = datetime(2026, 1, 5, 12, tzinfo=UTC)
        interaction = Interaction(when, Channel.CALL, direction, (dan,), "hello", id=1)
        entry = HistoryEntry(interaction, ())
        assert f"  ·  {direction.label}" in describe_entry(entry)[0]
