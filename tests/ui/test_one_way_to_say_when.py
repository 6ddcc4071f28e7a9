"""One way to say when (issue 13, item 3): for the same instant and the same "now",
every view's own formatting path gives the same phrase — the people list's and the
history's data(), the brief builder, the health explanation and the Today reasons."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt

from relapp.domain import attention
from relapp.domain.brief import Brief, FavourTally
from relapp.domain.health import HealthEvent, HealthInput, health_at
from relapp.domain.model import (
    Channel,
    Direction,
    HistoryEntry,
    Interaction,
    InteractionKind,
    PersonRow,
)
from relapp.domain.timefmt import relative
from relapp.ui.history_model import HistoryModel
from relapp.ui.people_model import PeopleListModel

DAY = 86_400
NOWS = st.datetimes(
    min_value=datetime(2001, 1, 1), max_value=datetime(2040, 1, 1), timezones=st.just(UTC)
)
GAPS = st.integers(min_value=0, max_value=20 * 366 * DAY)


def list_phrase(model: PeopleListModel, moment: datetime, now: datetime) -> str:
    model._fetch_rows = lambda ids: {1: PersonRow(1, "Dan", "", moment)}
    model.set_ids([1])
    model.now = lambda: now
    return model.data(model.index(0, PeopleListModel.LAST_CONTACT), Qt.ItemDataRole.DisplayRole)


def history_phrase(moment: datetime, now: datetime) -> str:
    entry = HistoryEntry(Interaction(moment, Channel.CALL, Direction.BOTH, (1,), "hi", id=1), ())
    model = HistoryModel()
    model.now = lambda: now
    model.load(lambda offset, limit: [entry][offset : offset + limit], 1)
    return model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)


def brief_phrases(moment: datetime, now: datetime) -> tuple[str, str]:
    contact = Interaction(moment, Channel.CALL, Direction.BOTH, (1,), "hi", id=1)
    favour = Interaction(
        moment, Channel.CALL, Direction.BOTH, (1,), "", kind=InteractionKind.FAVOUR_GIVEN, id=2
    )
    brief = Brief(1, "Dan", now, recent=(contact,), favours_given=FavourTally(1, moment))
    lines = {line.key: line.text for line in brief.lines()}
    assert favour.kind is InteractionKind.FAVOUR_GIVEN
    tally = lines["favours"].split("(last ", 1)[1].split(")")[0]
    return lines["recent"].split(" · ")[0], tally


def health_phrase(moment: datetime, now: datetime) -> str:
    event = HealthEvent(moment, Channel.CALL, Direction.BOTH)
    factors = health_at(HealthInput((event,)), now.date(), now).factors
    return factors[0].removeprefix("last contact ")


def today_phrase(moment: datetime, now: datetime) -> str | None:
    """The Today reason as ``services.health.needs_attention`` asks for it."""
    seconds = np.array([int(now.timestamp()) - int(moment.timestamp())])
    found = attention.cadence_candidates([1], [1.0], seconds // DAY, [False], seconds_since=seconds)
    if not found.concerns:
        return None  # within the cadence: Today says nothing
    text = found.concerns[0].text
    return text.removeprefix("Last contact ").split(";")[0]


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(now=NOWS, gap=GAPS)
def test_every_view_says_the_same_phrase(qtbot, now: datetime, gap: int) -> None:
    now = now.replace(microsecond=0)
    moment = now - timedelta(seconds=gap)
    expected = relative(moment, now)
    model = PeopleListModel(lambda ids: {})
    assert list_phrase(model, moment, now) == expected
    assert history_phrase(moment, now) == expected
    assert brief_phrases(moment, now) == (expected, expected)
    assert health_phrase(moment, now) == expected
    today = today_phrase(moment, now)
    assert today in (None, expected)
    if gap >= 2 * DAY:
        assert today == expected


def test_the_issue_examples_agree() -> None:
    now = datetime(2026, 12, 6, 12, tzinfo=UTC)
    for days, words in ((290, "9 months ago"), (60, "8 weeks ago"), (40, "5 weeks ago")):
        moment = now - timedelta(days=days)
        assert health_phrase(moment, now) == words
        assert today_phrase(moment, now) == words
        assert brief_phrases(moment, now)[0] == words
