"""A contact is worded once (``domain.brief.contact_words``): its time, its channel, its
direction as the domain's arrow and what it was. The brief in the window and ``relapp
show`` in the terminal read the same words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from relapp.cli.words import _contact_line
from relapp.domain.brief import Brief
from relapp.domain.model import Channel, Direction, HistoryEntry, Interaction, InteractionKind

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


@pytest.mark.parametrize("direction", list(Direction))
@pytest.mark.parametrize(
    ("kind", "summary"),
    [
        (InteractionKind.ORDINARY, "coffee"),
        (InteractionKind.ORDINARY, ""),
        (InteractionKind.FAVOUR_GIVEN, "lent the ladder"),
        (InteractionKind.FAVOUR_RECEIVED, ""),
    ],
)
def test_show_words_a_contact_as_the_brief_does(
    direction: Direction, kind: InteractionKind, summary: str
) -> None:
    contact = Interaction(
        NOW - timedelta(days=9), Channel.CALL, direction, (7,), summary, kind=kind
    )
    brief = Brief(person_id=7, name="Dan", now=NOW, recent=(contact,))
    in_the_window = next(line.text for line in brief.lines() if line.key == "recent")
    in_the_terminal = _contact_line(HistoryEntry(contact, ()), NOW)
    assert in_the_terminal == in_the_window
    assert f" {direction.arrow} " in in_the_terminal
