"""Whatever a server or another app sends, reading it gives a value, a "not Relapp's", or
a CalendarItemError that says where: never another exception."""

from __future__ import annotations

import random

import pytest

from relapp.domain.sync.ical_lines import CalendarItemError
from relapp.domain.sync.journal_codec import journal_text, read_journal
from relapp.domain.sync.todo_codec import read_todo, todo_text
from tests.unit.domain.sync.samples import (
    IOS,
    JTX_NOTE,
    NOW,
    PARIS,
    TASKS_ORG,
    interaction,
    introduction,
    item,
)

ALPHABET = ':;,\\="\n\r ABZ019-TXé'


def mutations(text: str, seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        chars = list(text)
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(chars))
            roll = rng.random()
            if roll < 0.4:
                del chars[at]
            elif roll < 0.8:
                chars.insert(at, rng.choice(ALPHABET))
            else:
                chars[at] = rng.choice(ALPHABET)
        out.append("".join(chars))
    return out


BASES = {
    "tasks.org": (TASKS_ORG, read_todo),
    "ios": (IOS, read_todo),
    "relapp task": (todo_text(item(), NOW), read_todo),
    "jtx note": (JTX_NOTE, read_journal),
    "relapp interaction": (journal_text(interaction(), NOW), read_journal),
    "relapp introduction": (journal_text(introduction(), NOW), read_journal),
}


@pytest.mark.parametrize("name", sorted(BASES))
def test_mangled_items_read_or_fail_with_a_calendar_item_error(name: str) -> None:
    text, read = BASES[name]
    failed = 0
    for mangled in mutations(text, seed=len(name), count=250):
        try:
            read(mangled, PARIS, source="x.ics")  # type: ignore[operator]
        except CalendarItemError as error:
            failed += 1
            assert str(error).startswith("x.ics")
            assert error.message
    assert failed  # the mutations do break some items


def test_a_parameter_the_parser_trips_on_is_a_calendar_item_error() -> None:
    text = TASKS_ORG.replace("TRIGGER;RELATED=END:PT0S", "TRIGGER;VALUE=DATE,-TIME:20260312T19000Z")
    with pytest.raises(CalendarItemError) as caught:
        read_todo(text, PARIS, source="x.ics")
    assert str(caught.value).startswith("x.ics, line 17: a line icalendar cannot read: 'TRIGGER")
