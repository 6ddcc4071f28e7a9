"""The kept health summary of someone with no contact at all (``summary.summarize`` of
no interactions), without numpy: a new person, a vCard import's ten thousand.

Nothing has happened to them, so every sum is empty: no latest contact (``NO_DAY``,
``NEVER``), no warmth, no unanswered run, no usual to keep (nor ahead), and every multiplier is 1
(a share of nothing is 0, and a confidence from no evidence is 0). Only the half-life
depends on them: their cadence where set, else the default (no rhythm without contacts,
``weights.half_life_days``). The test compares it with ``summarize`` itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from relapp.domain.health.weights import half_life_days

INT64_MIN = -(1 << 63)
NO_DAY = INT64_MIN  # as ``summary.NO_DAY``
NEVER = INT64_MIN  # as ``streaks.NEVER``
USUAL_SAMPLES = 12  # as ``overview.USUAL_SAMPLES``


@dataclass(frozen=True)
class UntouchedSummary:
    """One person's ``HealthSummaries`` fields, as plain values."""

    half_life: float
    last_day: int = NO_DAY
    last_t: int = NEVER
    warmth: float = 0.0
    factor: float = 1.0
    unanswered: int = 0
    last_try: int = NEVER
    usual_month: int = 0
    usual_part: tuple[float, ...] = (0.0,) * USUAL_SAMPLES
    usual_lift: tuple[bool, ...] = (False,) * USUAL_SAMPLES
    usual_ahead: tuple[float, ...] = (0.0,) * USUAL_SAMPLES  # nobody to miss: 0


def untouched_summary(cadence_days: float | None) -> UntouchedSummary:
    """The summary of a person with no contact and this cadence (None, NaN or <= 0: none)."""
    return UntouchedSummary(half_life=half_life_days(cadence_days))
