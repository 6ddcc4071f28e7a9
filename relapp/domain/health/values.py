"""The values the health score reads and returns.

Times are timezone-aware datetimes; a naive datetime is taken to be UTC, like every
time Relapp stores. Day boundaries are UTC days (see ``docs/health.md``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from relapp.domain.health.state import HealthState
from relapp.domain.model import Channel, Direction, InteractionKind

_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_EPOCH_UTC = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_NAIVE = datetime(1970, 1, 1)
_ONE_SECOND = timedelta(seconds=1)
SECONDS_PER_DAY = 86_400


@dataclass(frozen=True)
class HealthEvent:
    """One interaction as the health score sees it."""

    occurred_at: datetime
    channel: Channel
    direction: Direction
    kind: InteractionKind = InteractionKind.ORDINARY


@dataclass(frozen=True)
class PromiseOutcome:
    """A promise between you and the person, and how it went.

    ``kept`` is True when it was kept, False when it was broken or kept late, None while
    it is pending (upcoming, snoozed, overdue within the grace): the outcome the one
    promise state rule gives (``relapp.domain.promises.promise_outcome``). A promise
    counts from its due day on, whatever its outcome.
    """

    due_at: datetime
    kept: bool | None


@dataclass(frozen=True)
class HealthInput:
    """Everything the score of one person depends on."""

    events: Sequence[HealthEvent]
    promises: Sequence[PromiseOutcome] = ()
    cadence_days: int | None = None  # keep-in-touch cadence; None or <= 0: not set


@dataclass(frozen=True)
class HealthScore:
    """A score from 0 to 100, its band, and the few factors that made it."""

    value: float
    band: str  # "new" (too little history), "healthy" (>= 70), "cooling" (40 to 70), "fading"
    factors: tuple[str, ...]

    @property
    def state(self) -> HealthState:
        return HealthState(self.band)


def unix_seconds(moment: datetime) -> int:
    """Whole seconds since 1970-01-01 UTC (rounded down); a naive datetime is read as UTC."""
    epoch = _EPOCH_NAIVE if moment.tzinfo is None else _EPOCH_UTC
    return (moment - epoch) // _ONE_SECOND


def day_number(day: date) -> int:
    """Days since 1970-01-01 (the number behind ``numpy.datetime64(day, 'D')``)."""
    return day.toordinal() - _EPOCH_ORDINAL
