"""Every number in the health formula, in one place. ``docs/health.md`` gives the reasons.

Changing a number here changes the score everywhere (one person, the chart, everyone
at once), because all three read these constants.
"""

from __future__ import annotations

from types import MappingProxyType

from relapp.domain.model import Channel, Direction

# How much one interaction says about the relationship, by channel: being in the same
# room says most, a like or a comment on social media least.
CHANNEL_WEIGHTS = MappingProxyType(
    {
        Channel.MEETING: 1.0,
        Channel.CALL: 0.8,
        Channel.VIDEO: 0.7,
        Channel.LETTER: 0.6,
        Channel.MESSAGE: 0.5,
        Channel.EMAIL: 0.4,
        Channel.OTHER: 0.3,
        Channel.SOCIAL: 0.2,
    }
)

# A conversation that went both ways counts fully; them reaching out shows they care;
# you reaching out with no answer (yet) says least.
DIRECTION_WEIGHTS = MappingProxyType(
    {
        Direction.BOTH: 1.0,
        Direction.INBOUND: 0.6,
        Direction.OUTBOUND: 0.4,
    }
)

# Warmth halves every half-life: the person's cadence where set; else their usual
# rhythm (the mean gap between their first and latest contact) once there are
# RHYTHM_MIN_CONTACTS contacts, kept within RHYTHM_MIN_DAYS..RHYTHM_MAX_DAYS; else this.
DEFAULT_HALF_LIFE_DAYS = 45.0
RHYTHM_MIN_CONTACTS = 4
RHYTHM_MIN_DAYS = 30.0
RHYTHM_MAX_DAYS = 365.0

# score_base = 100 * (1 - exp(-warmth / SATURATION)). With 0.4, a two-way message
# exchanged once per half-life never lets the base fall below 71 (healthy).
SATURATION = 0.4

# Reciprocity and promises are judged on a longer memory than warmth.
MEMORY_HALF_LIFE_DAYS = 365.0

# Reciprocity: the most a fully one-sided initiative, or a fully one-sided exchange of
# favours, takes off the score (as a fraction), once there is enough evidence.
INITIATIVE_PENALTY = 0.3
INITIATIVE_EVIDENCE = 2.0  # confidence n / (n + 2) after n interactions
FAVOUR_PENALTY = 0.2
FAVOUR_EVIDENCE = 1.0  # confidence m / (m + 1) after m favours

# Each unanswered outbound contact after the first multiplies the score by this.
UNANSWERED_FACTOR = 0.8
UNANSWERED_GRACE = 1  # one contact awaiting an answer is normal

# Promises: kept ones lift the score a little, broken or overdue ones lower it more.
PROMISE_KEPT_BONUS = 0.1
PROMISE_BROKEN_PENALTY = 0.3
PROMISE_EVIDENCE = 1.0  # confidence p / (p + 1) after p promises came due

HEALTHY_FROM = 70.0
COOLING_FROM = 40.0

# A contact on the day scored keeps the score at least here (never "fading" the day you
# talked), unless it is one of a run of unanswered contacts beyond UNANSWERED_GRACE.
TODAY_FLOOR = COOLING_FROM

# Too little history to judge: no contact yet, or at most NEW_MAX_CONTACTS contacts, the
# first of them less than NEW_WITHIN_DAYS ago. Such a person is "new", never a red score.
NEW_MAX_CONTACTS = 2
NEW_WITHIN_DAYS = 90


def rhythm_days(first_day: int, last_day: int, contacts: int) -> float | None:
    """The usual gap between contacts in days, once there are enough of them."""
    if contacts < RHYTHM_MIN_CONTACTS:
        return None
    return (last_day - first_day) / (contacts - 1)


def half_life_days(cadence_days: float | None, rhythm: float | None = None) -> float:
    """The warmth half-life: the cadence where it is set (positive), else the usual
    rhythm (kept within bounds) where known, else the default."""
    if cadence_days is not None and cadence_days > 0:  # NaN > 0 is False
        return float(cadence_days)
    if rhythm is not None:
        return min(max(float(rhythm), RHYTHM_MIN_DAYS), RHYTHM_MAX_DAYS)
    return DEFAULT_HALF_LIFE_DAYS


def band(value: float) -> str:
    """``healthy`` from 70, ``cooling`` from 40, ``fading`` below."""
    if value >= HEALTHY_FROM:
        return "healthy"
    if value >= COOLING_FROM:
        return "cooling"
    return "fading"
