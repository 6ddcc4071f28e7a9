"""The health of every person at once, with numpy: no loop over people.

Each term of the formula is a sum over a person's interactions (or promises), so each
is one ``np.bincount`` over ``person_index`` with per-interaction weights; the one
maximum (the time of each person's latest reply) is one ``np.maximum.at``. The result
equals ``health_at(...).value`` for every person (up to rounding). Run it off the GUI
thread: for 100,000 people and 1,000,000 interactions it takes a fraction of a second.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from numpy.typing import NDArray

from relapp.domain.health import codes, formula
from relapp.domain.health.values import SECONDS_PER_DAY, HealthInput, day_number, unix_seconds
from relapp.domain.health.weights import MEMORY_HALF_LIFE_DAYS

_WEIGHT_BY_CHANNEL_AND_DIRECTION = np.multiply.outer(
    codes.CHANNEL_WEIGHT_BY_CODE, codes.DIRECTION_WEIGHT_BY_CODE
)


def _empty(dtype: type) -> NDArray:
    return np.empty(0, dtype=dtype)


@dataclass(frozen=True)
class HealthArrays:
    """Flat arrays, one entry per (interaction, person) pair and per promise.

    ``t`` and ``promise_due`` are unix seconds (UTC); ``channel``, ``direction``,
    ``kind`` and ``promise_kept`` hold the codes of ``relapp.domain.health.codes``.
    ``cadence_days`` has one entry per person, NaN (or <= 0) where no cadence is set.
    Pairs need not be sorted.
    """

    n_people: int
    person_index: NDArray[np.int32]
    t: NDArray[np.int64]
    channel: NDArray[np.int8]
    direction: NDArray[np.int8]
    kind: NDArray[np.int8]
    cadence_days: NDArray[np.float64]
    promise_person: NDArray[np.int32] = field(default_factory=lambda: _empty(np.int32))
    promise_due: NDArray[np.int64] = field(default_factory=lambda: _empty(np.int64))
    promise_kept: NDArray[np.int8] = field(default_factory=lambda: _empty(np.int8))

    def __post_init__(self) -> None:
        pairs = len(self.person_index)
        for name in ("t", "channel", "direction", "kind"):
            if len(getattr(self, name)) != pairs:
                raise ValueError(f"{name} has {len(getattr(self, name))} entries, not {pairs}")
        if len(self.cadence_days) != self.n_people:
            raise ValueError(
                f"cadence_days has {len(self.cadence_days)} entries, not {self.n_people}"
            )
        promises = len(self.promise_person)
        for name in ("promise_due", "promise_kept"):
            if len(getattr(self, name)) != promises:
                raise ValueError(f"{name} has {len(getattr(self, name))} entries, not {promises}")
        for name in ("person_index", "promise_person"):
            index = getattr(self, name)
            if len(index) and (index.min() < 0 or index.max() >= self.n_people):
                raise ValueError(f"{name} must lie in 0..{self.n_people - 1}")


def health_all(arrays: HealthArrays, day: date) -> NDArray[np.float64]:
    """The score (0..100) of every person at the end of ``day``, indexed by person."""
    today = day_number(day)
    n = arrays.n_people
    event_days = arrays.t // SECONDS_PER_DAY
    counted = event_days <= today
    everything_counts = bool(counted.all())

    def pick(values: NDArray) -> NDArray:
        return values if everything_counts else values[counted]

    person = pick(arrays.person_index).astype(np.intp)
    t = pick(arrays.t)
    direction = pick(arrays.direction).astype(np.intp)
    kind = pick(arrays.kind)
    age = (today - pick(event_days)).astype(np.float64)

    def per_person(weights: NDArray | None = None) -> NDArray[np.float64]:
        """Sum of ``weights`` (or the count) over each person's interactions."""
        return np.bincount(person, weights, n).astype(np.float64, copy=False)

    half_life = half_lives(arrays, per_person() if everything_counts else None)
    weight = _WEIGHT_BY_CHANNEL_AND_DIRECTION[pick(arrays.channel), direction]
    warmth = per_person(weight * np.exp2(-age / half_life[person]))

    memory = np.exp2(age * (-1.0 / MEMORY_HALF_LIFE_DAYS))
    outbound = direction == codes.OUTBOUND
    all_contacts = per_person(memory)
    initiative = formula.initiative_multiplier(
        formula.share(per_person(memory * outbound), all_contacts),
        formula.share(per_person(memory * (direction == codes.INBOUND)), all_contacts),
        per_person(),
    )

    given, received = kind == codes.FAVOUR_GIVEN, kind == codes.FAVOUR_RECEIVED
    given_memory = per_person(memory * given)
    received_memory = per_person(memory * received)
    all_favours = given_memory + received_memory
    favours = formula.favour_multiplier(
        formula.share(given_memory, all_favours),
        formula.share(received_memory, all_favours),
        per_person(given | received),
    )

    # Outbound contacts strictly later than the person's latest reply (inbound or both).
    last_reply = np.full(n, np.iinfo(np.int64).min, dtype=np.int64)
    np.maximum.at(last_reply, person[~outbound], t[~outbound])
    unanswered = np.bincount(person[outbound & (t > last_reply[person])], minlength=n)

    combined = formula.combine(
        formula.base_score(warmth),
        initiative,
        favours,
        formula.unanswered_multiplier(unanswered),
        promise_multipliers(arrays, today),
    )
    return formula.today_floor(combined, per_person(age == 0) > 0, unanswered)


def half_lives(arrays: HealthArrays, contacts: NDArray | None = None) -> NDArray[np.float64]:
    """Each person's warmth half-life: the cadence where set, else the usual rhythm of
    all their contacts known (``weights.half_life_days``), else the default.
    ``contacts``: each person's count of all pairs, when the caller has it already."""
    n = arrays.n_people
    days = arrays.t // SECONDS_PER_DAY
    person = arrays.person_index.astype(np.intp)
    first = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    last = np.full(n, np.iinfo(np.int64).min, dtype=np.int64)
    np.minimum.at(first, person, days)
    np.maximum.at(last, person, days)  # people without contacts: no rhythm (count 0)
    count = np.bincount(person, minlength=n) if contacts is None else contacts
    return formula.half_lives(arrays.cadence_days, first, last, count)


def promise_multipliers(arrays: HealthArrays, today: int) -> NDArray[np.float64]:
    """Each person's promise multiplier at the end of day number ``today``."""
    n = arrays.n_people
    age = today - arrays.promise_due // SECONDS_PER_DAY
    counted = (age >= 0) & (arrays.promise_kept != codes.PROMISE_OPEN)
    person = arrays.promise_person[counted].astype(np.intp)
    kept = arrays.promise_kept[counted]
    memory = np.exp2(age[counted] * (-1.0 / MEMORY_HALF_LIFE_DAYS))
    kept_memory = np.bincount(person, np.where(kept == codes.PROMISE_KEPT, memory, 0.0), n)
    broken_memory = np.bincount(person, np.where(kept == codes.PROMISE_BROKEN, memory, 0.0), n)
    total = kept_memory + broken_memory
    return formula.promise_multiplier(
        formula.share(kept_memory, total),
        formula.share(broken_memory, total),
        np.bincount(person, minlength=n),
    )


def arrays_from_inputs(inputs: Sequence[HealthInput]) -> HealthArrays:
    """Encode people given as domain values (person i is ``inputs[i]``) into arrays."""
    person, t, channel, direction, kind = [], [], [], [], []
    promise_person, promise_due, promise_kept = [], [], []
    for index, inp in enumerate(inputs):
        for event in inp.events:
            person.append(index)
            t.append(unix_seconds(event.occurred_at))
            channel.append(codes.channel_code(event.channel))
            direction.append(codes.direction_code(event.direction))
            kind.append(codes.kind_code(event.kind))
        for promise in inp.promises:
            promise_person.append(index)
            promise_due.append(unix_seconds(promise.due_at))
            promise_kept.append(codes.promise_code(promise.kept))
    cadence = [
        float(inp.cadence_days) if inp.cadence_days is not None else np.nan for inp in inputs
    ]
    return HealthArrays(
        n_people=len(inputs),
        person_index=np.array(person, dtype=np.int32),
        t=np.array(t, dtype=np.int64),
        channel=np.array(channel, dtype=np.int8),
        direction=np.array(direction, dtype=np.int8),
        kind=np.array(kind, dtype=np.int8),
        cadence_days=np.array(cadence, dtype=np.float64),
        promise_person=np.array(promise_person, dtype=np.int32),
        promise_due=np.array(promise_due, dtype=np.int64),
        promise_kept=np.array(promise_kept, dtype=np.int8),
    )
