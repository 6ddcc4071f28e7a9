"""The demo's part for relationship health: a neighbour whose birthday is four days away
(and her wedding anniversary nine days away), so the "Today" view has a birthday and an
anniversary to show beside the overdue promises, the missed
cadences and the friendships that are fading (which the other stories already make)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from relapp.domain.model import Birthday, Channel, Direction, PersonDraft
from relapp.services import people

if TYPE_CHECKING:
    from relapp.demo.builder import DemoBuilder

BIRTHDAY_IN_DAYS = 4
ANNIVERSARY_IN_DAYS = 9

_MOMENTS = (
    (9, "10:30", Channel.MEETING, Direction.BOTH, "Coffee on Rosa's porch — her tomatoes"),
    (38, "18:10", Channel.MESSAGE, Direction.INBOUND, "Rosa asked us to water her plants"),
    (75, "11:00", Channel.MEETING, Direction.BOTH, "Helped Rosa carry the new bookcase"),
    (160, "19:40", Channel.CALL, Direction.OUTBOUND, "Called Rosa about the street party"),
)


def a_birthday_this_week(b: DemoBuilder) -> None:
    soon = b.today + timedelta(days=BIRTHDAY_IN_DAYS)
    born = 1960 if (soon.month, soon.day) == (2, 29) else 1961  # a real 29 February
    wed = b.today + timedelta(days=ANNIVERSARY_IN_DAYS)
    married = 1984 if (wed.month, wed.day) == (2, 29) else 1985
    rosa = people.add_person(
        b.db,
        PersonDraft(
            "Rosa Delgado",
            given_name="Rosa",
            family_name="Delgado",
            birthday=Birthday(soon.month, soon.day, born),
            anniversary=Birthday(wed.month, wed.day, married),
            met_how="Next-door neighbour; waters the plants when we travel.",
            preferred_channel=Channel.MESSAGE,
            cadence_days=45,
            tags=("neighbour", "gardening"),
            notes="Grows heirloom tomatoes. Loves lemon cake.",
        ),
    )
    b.ids["rosa"] = rosa.id
    for days_ago, clock, channel, direction, summary in _MOMENTS:
        b.log(b.at(b.days_ago(days_ago), clock), channel, direction, ("rosa",), summary)
