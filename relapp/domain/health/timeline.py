"""The health of every person at several days, in one pass over the interactions.

``health_all`` for one day costs one pass over every (interaction, person) pair. The
"needs attention" list (today against each person's usual over the last year) and the
overview chart (how many relationships were healthy each month) need the score of
everyone at many days; calling ``health_all`` once per day would cost one pass per day.

Every term of the formula is a sum of weights that decay at a fixed rate per person, so
a sum at one sample day carries over to the next by one multiplication:

    S(day_k) = S(day_{k-1}) * 0.5 ** ((day_k - day_{k-1}) / half_life) + new events

The pairs are split into chunks by the first sample day on or after them (one stable
sort of small integers); each chunk adds its events to running per-person sums, and
each sample costs a few vector operations over people. Memory stays at a few vectors of
``n_people``; results equal ``health_all`` at each day (up to rounding).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

import numpy as np
from numpy.typing import NDArray

from relapp.domain.health import codes, formula
from relapp.domain.health.batch import HealthArrays, half_lives
from relapp.domain.health.values import SECONDS_PER_DAY, day_number
from relapp.domain.health.weights import MEMORY_HALF_LIFE_DAYS

_WEIGHT_BY_CHANNEL_AND_DIRECTION = np.multiply.outer(
    codes.CHANNEL_WEIGHT_BY_CODE, codes.DIRECTION_WEIGHT_BY_CODE
)
_NO_REPLY = np.iinfo(np.int64).min


def health_timeline(arrays: HealthArrays, days: Sequence[date]) -> NDArray[np.float64]:
    """Scores of every person at the end of each of ``days`` (strictly ascending).

    Shape ``(len(days), n_people)``; row k equals ``health_all(arrays, days[k])``.
    """
    out = np.empty((len(days), arrays.n_people), dtype=np.float64)
    for k, scores in enumerate(iter_health(arrays, days)):
        out[k] = scores
    return out


def iter_health(arrays: HealthArrays, days: Sequence[date]) -> Iterator[NDArray[np.float64]]:
    """The scores of every person at each of ``days`` (strictly ascending), one day at a
    time, so a caller that only counts (the overview) never holds them all."""
    for scores, _contacts in iter_health_and_contacts(arrays, days):
        yield scores


def iter_health_and_contacts(
    arrays: HealthArrays, days: Sequence[date]
) -> Iterator[tuple[NDArray[np.float64], NDArray[np.float64]]]:
    """``iter_health`` with each person's number of contacts by that day (for the state:
    too little history is "new")."""
    for sums in _iter_sums(arrays, days, promises=True):
        yield sums.scores(), sums.contacts.copy()


def iter_parts(
    arrays: HealthArrays, days: Sequence[date]
) -> Iterator[tuple[NDArray[np.float64], NDArray[np.bool_]]]:
    """At each of ``days`` (strictly ascending), every person's score before promises
    and before the cap (``formula.combine`` of the rest) and whether the day's floor
    lifts it (``formula.lifted``): the score is
    ``floor_lifted(combine(part, promise multiplier), lift)``. Promises are left out."""
    for sums in _iter_sums(arrays, days, promises=False):
        yield sums.part(), sums.lift()


def _iter_sums(
    arrays: HealthArrays, days: Sequence[date], *, promises: bool
) -> Iterator[_RunningSums]:
    samples = np.array([day_number(d) for d in days], dtype=np.int64)
    if len(samples) > 1 and np.any(np.diff(samples) <= 0):
        raise ValueError("the days of a timeline must be strictly ascending")
    if len(samples) == 0:
        return
    events = _Chunks(arrays.t // SECONDS_PER_DAY, samples)
    promised = _Chunks(arrays.promise_due // SECONDS_PER_DAY, samples) if promises else None
    sums = _RunningSums(arrays)
    for k in range(len(samples)):
        if k:
            sums.decay(float(samples[k] - samples[k - 1]))
        sums.add_events(arrays, events.take(k), float(samples[k]))
        if promised is not None:
            sums.add_promises(arrays, promised.take(k), float(samples[k]))
        yield sums


class _Chunks:
    """Positions of the items that fall in each sample's chunk: after the previous sample
    day, on or before this one (the first chunk takes everything up to its day)."""

    def __init__(self, item_days: NDArray[np.int64], samples: NDArray[np.int64]) -> None:
        chunk = np.searchsorted(samples, item_days, side="left")
        small = chunk.astype(np.int16 if len(samples) < 2**15 else np.int32)
        self._order = np.argsort(small, kind="stable")  # a radix sort for small integers
        self._bounds = np.searchsorted(small[self._order], np.arange(len(samples) + 1))

    def take(self, k: int) -> NDArray[np.intp]:
        return self._order[self._bounds[k] : self._bounds[k + 1]]


class _RunningSums:
    """Every per-person sum behind the score, as of the latest sample day."""

    def __init__(self, arrays: HealthArrays) -> None:
        n = self.n = arrays.n_people
        self.half_life = half_lives(arrays)
        self.contact_today = np.zeros(n, dtype=bool)  # a contact on the latest sample day
        self.warmth = np.zeros(n)
        self.memory = {name: np.zeros(n) for name in ("all", "out", "in", "given", "received")}
        self.contacts = np.zeros(n)
        self.favours = np.zeros(n)
        self.unanswered = np.zeros(n)
        self.promise_memory = {"kept": np.zeros(n), "broken": np.zeros(n)}
        self.promises = np.zeros(n)

    def decay(self, elapsed_days: float) -> None:
        self.warmth *= np.exp2(-elapsed_days / self.half_life)
        remembered = float(np.exp2(-elapsed_days / MEMORY_HALF_LIFE_DAYS))
        for values in (*self.memory.values(), *self.promise_memory.values()):
            values *= remembered

    def _sum(self, person: NDArray[np.intp], weights: NDArray | None = None) -> NDArray:
        return np.bincount(person, weights, self.n)

    def add_events(self, arrays: HealthArrays, at: NDArray[np.intp], day: float) -> None:
        self.contact_today = np.zeros(self.n, dtype=bool)
        if len(at) == 0:
            return
        person = arrays.person_index[at].astype(np.intp)
        t = arrays.t[at]
        direction = arrays.direction[at].astype(np.intp)
        kind = arrays.kind[at]
        age = day - (t // SECONDS_PER_DAY).astype(np.float64)

        weight = _WEIGHT_BY_CHANNEL_AND_DIRECTION[arrays.channel[at], direction]
        self.warmth += self._sum(person, weight * np.exp2(-age / self.half_life[person]))
        self.contact_today = self._sum(person[age == 0]) > 0

        remembered = np.exp2(age * (-1.0 / MEMORY_HALF_LIFE_DAYS))
        outbound = direction == codes.OUTBOUND
        given, received = kind == codes.FAVOUR_GIVEN, kind == codes.FAVOUR_RECEIVED
        self.memory["all"] += self._sum(person, remembered)
        self.memory["out"] += self._sum(person, remembered * outbound)
        self.memory["in"] += self._sum(person, remembered * (direction == codes.INBOUND))
        self.memory["given"] += self._sum(person, remembered * given)
        self.memory["received"] += self._sum(person, remembered * received)
        self.contacts += self._sum(person)
        self.favours += self._sum(person, (given | received).astype(np.float64))

        # Every event of this chunk is on a later day than anything before it, so a
        # reply here answers everything earlier: count only the outbound after it.
        reply = np.full(self.n, _NO_REPLY, dtype=np.int64)
        np.maximum.at(reply, person[~outbound], t[~outbound])
        replied = reply > _NO_REPLY
        after_reply = self._sum(person[outbound & (t > reply[person])])
        all_outbound = self._sum(person[outbound])
        self.unanswered = np.where(replied, after_reply, self.unanswered + all_outbound)

    def add_promises(self, arrays: HealthArrays, at: NDArray[np.intp], day: float) -> None:
        kept = arrays.promise_kept[at]
        known = kept != codes.PROMISE_OPEN
        at, kept = at[known], kept[known]
        if len(at) == 0:
            return
        person = arrays.promise_person[at].astype(np.intp)
        age = day - (arrays.promise_due[at] // SECONDS_PER_DAY).astype(np.float64)
        remembered = np.exp2(age * (-1.0 / MEMORY_HALF_LIFE_DAYS))
        self.promise_memory["kept"] += self._sum(person, remembered * (kept == codes.PROMISE_KEPT))
        self.promise_memory["broken"] += self._sum(
            person, remembered * (kept == codes.PROMISE_BROKEN)
        )
        self.promises += self._sum(person)

    def part(self) -> NDArray[np.float64]:
        """The score before promises and the cap: base * initiative * favours * unanswered."""
        memory = self.memory
        initiative = formula.initiative_multiplier(
            formula.share(memory["out"], memory["all"]),
            formula.share(memory["in"], memory["all"]),
            self.contacts,
        )
        favour_total = memory["given"] + memory["received"]
        favours = formula.favour_multiplier(
            formula.share(memory["given"], favour_total),
            formula.share(memory["received"], favour_total),
            self.favours,
        )
        base = formula.base_score(self.warmth)
        return base * initiative * favours * formula.unanswered_multiplier(self.unanswered)

    def lift(self) -> NDArray[np.bool_]:
        return formula.lifted(self.contact_today, self.unanswered)

    def scores(self) -> NDArray[np.float64]:
        promised = self.promise_memory
        promise_total = promised["kept"] + promised["broken"]
        promises = formula.promise_multiplier(
            formula.share(promised["kept"], promise_total),
            formula.share(promised["broken"], promise_total),
            self.promises,
        )
        return formula.floor_lifted(formula.combine(self.part(), promises), self.lift())
