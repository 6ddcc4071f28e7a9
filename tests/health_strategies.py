"""Hypothesis strategies for the health domain: interactions and promise outcomes at
any moment of a few years, to build people from."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import strategies as st

from relapp.domain.health import HealthEvent, PromiseOutcome
from relapp.domain.model import Channel, Direction, InteractionKind


def moments(low: datetime, high: datetime) -> st.SearchStrategy[datetime]:
    return st.datetimes(min_value=low, max_value=high, timezones=st.just(UTC))


EVENTS = st.builds(
    HealthEvent,
    occurred_at=moments(datetime(2021, 1, 1), datetime(2024, 3, 1)),
    channel=st.sampled_from(Channel),
    direction=st.sampled_from(Direction),
    kind=st.sampled_from(InteractionKind),
)
PROMISES = st.builds(
    PromiseOutcome,
    due_at=moments(datetime(2022, 1, 1), datetime(2024, 3, 1)),
    kept=st.sampled_from([True, False, None]),
)
