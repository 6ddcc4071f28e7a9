"""How the terms of the health score combine into one number.

Every function here takes plain floats or numpy arrays (element by element), so one
person (``score``), the chart (``series``) and everyone at once (``batch``) share the
same formula; they differ only in how they gather the terms. See ``docs/health.md``.

    score = min(100, base(warmth) * initiative * favours * unanswered * promises)
    and at least TODAY_FLOOR on a day with a contact (unless nobody answered the run)
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from relapp.domain.health.weights import (
    DEFAULT_HALF_LIFE_DAYS,
    FAVOUR_EVIDENCE,
    FAVOUR_PENALTY,
    INITIATIVE_EVIDENCE,
    INITIATIVE_PENALTY,
    PROMISE_BROKEN_PENALTY,
    PROMISE_EVIDENCE,
    PROMISE_KEPT_BONUS,
    RHYTHM_MAX_DAYS,
    RHYTHM_MIN_CONTACTS,
    RHYTHM_MIN_DAYS,
    SATURATION,
    TODAY_FLOOR,
    UNANSWERED_FACTOR,
    UNANSWERED_GRACE,
)

Floats = NDArray[np.float64]


def share(part: ArrayLike, total: ArrayLike) -> Floats:
    """``part / total``, and 0 where the total is 0 (nothing to share)."""
    part_a = np.asarray(part, dtype=np.float64)
    total_a = np.asarray(total, dtype=np.float64)
    out = np.zeros(np.broadcast(part_a, total_a).shape)
    np.divide(part_a, total_a, out=out, where=total_a > 0)
    return out


def base_score(warmth: ArrayLike) -> Floats:
    """0 with no warmth, rising towards 100: ``100 * (1 - exp(-warmth / SATURATION))``."""
    return -100.0 * np.expm1(-np.asarray(warmth, dtype=np.float64) / SATURATION)


def initiative_multiplier(out_share: ArrayLike, in_share: ArrayLike, count: ArrayLike) -> Floats:
    """Up to ``INITIATIVE_PENALTY`` off when contacts go one way only.

    ``out_share`` and ``in_share`` are the (memory-weighted) shares of contacts that
    went only from you or only from them; two-way contacts count in neither. ``count``
    is how many interactions there are: a single one says little about balance.
    """
    count_a = np.asarray(count, dtype=np.float64)
    lopsided = np.abs(np.asarray(out_share) - np.asarray(in_share))
    confidence = count_a / (count_a + INITIATIVE_EVIDENCE)
    return 1.0 - INITIATIVE_PENALTY * lopsided * confidence


def favour_multiplier(
    given_share: ArrayLike, received_share: ArrayLike, count: ArrayLike
) -> Floats:
    """Up to ``FAVOUR_PENALTY`` off when favours go one way only; none when balanced."""
    count_a = np.asarray(count, dtype=np.float64)
    lopsided = np.abs(np.asarray(given_share) - np.asarray(received_share))
    confidence = count_a / (count_a + FAVOUR_EVIDENCE)
    return 1.0 - FAVOUR_PENALTY * lopsided * confidence


def unanswered_multiplier(unanswered: ArrayLike) -> Floats:
    """``UNANSWERED_FACTOR`` for each unanswered outbound contact after the first."""
    beyond = np.maximum(np.asarray(unanswered, dtype=np.float64) - UNANSWERED_GRACE, 0.0)
    return np.power(UNANSWERED_FACTOR, beyond)


def promise_multiplier(kept_share: ArrayLike, broken_share: ArrayLike, count: ArrayLike) -> Floats:
    """A little more for promises kept, noticeably less for promises broken or overdue."""
    count_a = np.asarray(count, dtype=np.float64)
    confidence = count_a / (count_a + PROMISE_EVIDENCE)
    balance = PROMISE_KEPT_BONUS * np.asarray(kept_share) - PROMISE_BROKEN_PENALTY * np.asarray(
        broken_share
    )
    return 1.0 + confidence * balance


def combine(base: ArrayLike, *multipliers: ArrayLike) -> Floats:
    """The base times every multiplier, capped at 100."""
    value = np.asarray(base, dtype=np.float64)
    for multiplier in multipliers:
        value = value * np.asarray(multiplier, dtype=np.float64)
    return np.minimum(value, 100.0)


def half_lives(
    cadence_days: ArrayLike, first_day: ArrayLike, last_day: ArrayLike, contacts: ArrayLike
) -> Floats:
    """``weights.half_life_days`` element by element: the cadence where set, else the
    usual rhythm ``(last_day - first_day) / (contacts - 1)`` within bounds once there are
    enough contacts, else the default. Days are whole day numbers of all contacts known."""
    cadence = np.asarray(cadence_days, dtype=np.float64)
    count = np.asarray(contacts, dtype=np.float64)
    span = np.asarray(last_day, dtype=np.float64) - np.asarray(first_day, dtype=np.float64)
    enough = count >= RHYTHM_MIN_CONTACTS
    gap = np.divide(span, count - 1, out=np.zeros(np.broadcast(span, count).shape), where=enough)
    rhythm = np.where(
        enough, np.clip(gap, RHYTHM_MIN_DAYS, RHYTHM_MAX_DAYS), DEFAULT_HALF_LIFE_DAYS
    )
    return np.where(cadence > 0, cadence, rhythm)


def lifted(contact_today: ArrayLike, unanswered: ArrayLike) -> NDArray[np.bool_]:
    """Whether the day's floor applies: a contact that day, unless it is one of a run of
    unanswered ones beyond the grace (the broker who keeps calling may fade)."""
    return np.asarray(contact_today, dtype=bool) & (
        np.asarray(unanswered, dtype=np.float64) <= UNANSWERED_GRACE
    )


def floor_lifted(value: ArrayLike, lift: ArrayLike) -> Floats:
    """At least ``TODAY_FLOOR`` where ``lift`` (``lifted``) holds."""
    value_a = np.asarray(value, dtype=np.float64)
    return np.where(np.asarray(lift, dtype=bool), np.maximum(value_a, TODAY_FLOOR), value_a)


def today_floor(value: ArrayLike, contact_today: ArrayLike, unanswered: ArrayLike) -> Floats:
    """At least ``TODAY_FLOOR`` on a day with a contact, unless that contact is one of a
    run of unanswered ones beyond the grace (the broker who keeps calling may fade)."""
    return floor_lifted(value, lifted(contact_today, unanswered))
