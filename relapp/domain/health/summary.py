"""Each person's health kept as a few numbers, so everyone's score, their usual and the
"Today" facts need no pass over every interaction (a million people have ten million).

After a person's latest contact (day ``L``) nothing new happens to their sums but decay:
warmth halves every half-life, and the shares behind initiative and favours stay where
they were (both sides of a share decay alike), as do the counts and the unanswered run.
So, for any day ``D >= L``:

    part(D) = base(warmth(L) * 0.5 ** ((D - L) / half_life)) * factor(L)

where ``factor`` is the initiative, favour and unanswered multipliers at ``L``. The
usual score samples month ends (``overview.usual_days``): those on or after ``L`` come
from the line above; those before ``L`` are kept (``usual_part``, for the twelve month
ends before ``L``'s month, which hold every month end before ``L`` a later day's usual
reads). The usual itself, for the twelve months from ``L``'s (``usual_ahead``): the
median of kept parts and decayed ones; a month later still, every month end sampled
is after ``L``, the scores decay from one to the next and the median is the mean of the
sixth and seventh (``today_and_usual_of`` scores two days, not twelve). Promises change
with the clock (an open promise turns broken by itself), so they are not kept: their
multiplier is applied when read, and a person with promises is scored at every month
end. The result equals
``overview.today_and_usual`` over the person's interactions (up to rounding) for every
day ``D`` on or after ``L`` whose second ``now`` is after the latest contact; the
caller computes the others (a contact dated in the future) from their interactions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

import numpy as np
from numpy.typing import NDArray

from relapp.domain.health import codes, formula
from relapp.domain.health.batch import HealthArrays, half_lives
from relapp.domain.health.overview import USUAL_SAMPLES, usual_days
from relapp.domain.health.streaks import LATEST, NEVER, unanswered_streaks
from relapp.domain.health.timeline import iter_parts
from relapp.domain.health.values import SECONDS_PER_DAY, day_number
from relapp.domain.health.weights import MEMORY_HALF_LIFE_DAYS

NO_DAY = np.iinfo(np.int64).min  # ``last_day`` of someone never contacted
_EPOCH = date(1970, 1, 1)
_WEIGHT_BY_CHANNEL_AND_DIRECTION = np.multiply.outer(
    codes.CHANNEL_WEIGHT_BY_CODE, codes.DIRECTION_WEIGHT_BY_CODE
)


def month_index(day: date) -> int:
    """Months since January of year 0: consecutive months differ by one."""
    return day.year * 12 + day.month - 1


@dataclass(frozen=True)
class HealthSummaries:
    """Person ``i``'s health as of their latest contact (``summarize``). Times are unix
    seconds, days day numbers (``values.day_number``)."""

    last_day: NDArray[np.int64]  # the day of the latest contact; NO_DAY without one
    last_t: NDArray[np.int64]  # the latest contact; streaks.NEVER without one
    half_life: NDArray[np.float64]
    warmth: NDArray[np.float64]  # at the end of ``last_day``
    factor: NDArray[np.float64]  # initiative * favours * unanswered, from ``last_day`` on
    unanswered: NDArray[np.int64]  # outbound contacts after the latest reply
    last_try: NDArray[np.int64]  # the latest of those; NEVER without any
    usual_month: NDArray[np.int64]  # ``month_index`` of ``last_day`` (0 without contact)
    usual_part: NDArray[np.float64]  # (n, 12): the part at the month ends before it
    usual_lift: NDArray[np.bool_]  # (n, 12): the day's floor lifts it
    # (n, 12): the usual without promises in month ``usual_month + j`` (``usual_ahead``)
    usual_ahead: NDArray[np.float64]

    def __len__(self) -> int:
        return len(self.last_day)

    def take(self, index: NDArray[np.intp]) -> HealthSummaries:
        """The people at ``index``, in that order."""
        return HealthSummaries(**{name: getattr(self, name)[index] for name in _FIELDS})

    @staticmethod
    def concatenate(parts: Sequence[HealthSummaries]) -> HealthSummaries:
        return HealthSummaries(
            **{name: np.concatenate([getattr(p, name) for p in parts]) for name in _FIELDS}
        )


_FIELDS = tuple(HealthSummaries.__dataclass_fields__)


def summarize(arrays: HealthArrays) -> HealthSummaries:
    """Every person's summary from their interactions (all of them, whatever their date;
    promises are not read). ``arrays.cadence_days`` sets the half-life as it does for
    the score."""
    n = arrays.n_people
    person = arrays.person_index.astype(np.intp)
    days = arrays.t // SECONDS_PER_DAY
    last_day = np.full(n, NO_DAY, dtype=np.int64)
    np.maximum.at(last_day, person, days)
    last_t = np.full(n, NEVER, dtype=np.int64)
    np.maximum.at(last_t, person, arrays.t)
    half_life = half_lives(arrays)

    def per_person(weights: NDArray | None = None) -> NDArray[np.float64]:
        return np.bincount(person, weights, n).astype(np.float64, copy=False)

    direction = arrays.direction.astype(np.intp)
    age = (last_day[person] - days).astype(np.float64)
    weight = _WEIGHT_BY_CHANNEL_AND_DIRECTION[arrays.channel, direction]
    warmth = per_person(weight * np.exp2(-age / half_life[person]))
    memory = np.exp2(age * (-1.0 / MEMORY_HALF_LIFE_DAYS))
    all_contacts = per_person(memory)
    initiative = formula.initiative_multiplier(
        formula.share(per_person(memory * (direction == codes.OUTBOUND)), all_contacts),
        formula.share(per_person(memory * (direction == codes.INBOUND)), all_contacts),
        per_person(),
    )
    given, received = arrays.kind == codes.FAVOUR_GIVEN, arrays.kind == codes.FAVOUR_RECEIVED
    given_memory, received_memory = per_person(memory * given), per_person(memory * received)
    favours = formula.favour_multiplier(
        formula.share(given_memory, given_memory + received_memory),
        formula.share(received_memory, given_memory + received_memory),
        per_person(given | received),
    )
    unanswered, last_try = unanswered_streaks(arrays, int(LATEST))
    factor = initiative * favours * formula.unanswered_multiplier(unanswered)

    contacted = last_day != NO_DAY
    usual_month = np.zeros(n, dtype=np.int64)
    usual_month[contacted] = [month_index(_date(int(d))) for d in last_day[contacted].tolist()]
    usual_part, usual_lift = _usual_parts(arrays, usual_month, contacted)
    summaries = HealthSummaries(
        last_day,
        last_t,
        half_life,
        warmth,
        factor,
        unanswered,
        last_try,
        usual_month,
        usual_part,
        usual_lift,
        np.zeros((n, USUAL_SAMPLES), dtype=np.float64),
    )
    return replace(summaries, usual_ahead=usual_ahead(summaries))


def _date(day: int) -> date:
    return date.fromordinal(_EPOCH.toordinal() + day)


def _usual_parts(
    arrays: HealthArrays, usual_month: NDArray[np.int64], contacted: NDArray[np.bool_]
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """The part and the lift at the twelve month ends before each person's ``usual_month``:
    one timeline over every month end any of them needs."""
    n = arrays.n_people
    part = np.zeros((n, USUAL_SAMPLES), dtype=np.float64)
    lift = np.zeros((n, USUAL_SAMPLES), dtype=np.bool_)
    if not contacted.any():
        return part, lift
    first = int(usual_month[contacted].min()) - USUAL_SAMPLES
    last = int(usual_month[contacted].max()) - 1
    ends = [_month_end(m) for m in range(first, last + 1)]
    for m, (at_end, lifts) in zip(range(first, last + 1), iter_parts(arrays, ends), strict=True):
        slot = m - (usual_month - USUAL_SAMPLES)
        wanted = np.flatnonzero(contacted & (slot >= 0) & (slot < USUAL_SAMPLES))
        part[wanted, slot[wanted]] = at_end[wanted]
        lift[wanted, slot[wanted]] = lifts[wanted]
    return part, lift


def _month_end(month: int) -> date:
    following = month + 1
    return date.fromordinal(date(following // 12, following % 12 + 1, 1).toordinal() - 1)


def scores_at(
    summaries: HealthSummaries, promises: HealthArrays, days: Sequence[date]
) -> NDArray[np.float64]:
    """Scores at the end of each of ``days``, shape ``(len(days), n)``. Each day must be
    on or after every person's ``last_day``, or a month end the summary keeps (one of
    ``usual_days`` of such a day). ``promises``: the people's promises (no interactions
    needed), as ``HealthArrays`` read them. All days at once, as (person, day) arrays."""
    numbers = np.array([day_number(d) for d in days], dtype=np.int64)
    months = np.array([month_index(d) for d in days], dtype=np.int64)
    is_end = np.array([_month_end(month_index(d)) == d for d in days], dtype=np.bool_)
    part, lift = _parts(summaries, numbers[None, :], months[None, :], is_end[None, :])
    combined = formula.combine(part)  # the cap; with the promise multipliers where any:
    who, multipliers = _promise_multipliers(promises, numbers)
    combined[who] = formula.combine(part[who], multipliers)
    return formula.floor_lifted(combined, lift).T


def _parts(
    summaries: HealthSummaries,
    numbers: NDArray[np.int64],
    months: NDArray[np.int64],
    is_end: NDArray[np.bool_],
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """The part (before promises and the cap) and the lift at day numbers ``numbers``
    (of months ``months``, ``is_end`` where a month's last day): arrays of shape (n, k),
    or (1, k) for the same days for everyone."""
    contacted = summaries.last_day != NO_DAY
    elapsed = numbers - np.where(contacted, summaries.last_day, 0)[:, None]  # (n, days)
    s = summaries
    part, lift = _decayed(s.half_life, s.warmth, s.factor, s.unanswered, elapsed)
    rows, cols = np.nonzero(contacted[:, None] & (elapsed < 0))
    if len(rows):
        shape = elapsed.shape
        slot = np.broadcast_to(months, shape)[rows, cols] - (
            summaries.usual_month[rows] - USUAL_SAMPLES
        )
        if not np.all(
            np.broadcast_to(is_end, shape)[rows, cols] & (slot >= 0) & (slot < USUAL_SAMPLES)
        ):
            raise ValueError("a day is before a latest contact and no month end kept")
        part[rows, cols] = summaries.usual_part[rows, slot]
        lift[rows, cols] = summaries.usual_lift[rows, slot]
    return part, lift


def _decayed(
    half_life: NDArray[np.float64],
    warmth: NDArray[np.float64],
    factor: NDArray[np.float64],
    unanswered: NDArray[np.int64],
    elapsed: NDArray[np.int64],
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """The part and the lift ``elapsed`` days (n, k) after each one's latest contact (0
    for days before it: the caller puts the kept ones there)."""
    decay = np.maximum(elapsed, 0).astype(np.float64)
    decay /= -half_life[:, None]
    warm = np.exp2(decay, out=decay)
    warm *= warmth[:, None]
    part = formula.base_score(warm)
    part *= factor[:, None]
    lift = formula.lifted(elapsed == 0, unanswered[:, None])  # the latest contact's day
    return part, lift


def usual_ahead(summaries: HealthSummaries) -> NDArray[np.float64]:
    """Each person's usual without promises (``overview.today_and_usual``'s median) in
    month ``usual_month + j`` for j in 0..11, shape (n, 12); 0 for people never
    contacted. Reads every field but ``usual_ahead``."""
    out = np.zeros((len(summaries), USUAL_SAMPLES), dtype=np.float64)
    contacted = np.flatnonzero(summaries.last_day != NO_DAY)
    if len(contacted) == 0:
        return out
    some = summaries.take(contacted)
    # The month ends from twelve before the latest contact's month to ten after it:
    # the twelve kept ones, then eleven after the latest contact.
    months = some.usual_month[:, None] + np.arange(-USUAL_SAMPLES, USUAL_SAMPLES - 1)
    first, last = int(months.min()), int(months.max())
    ends = np.array([day_number(_month_end(m)) for m in range(first, last + 1)], np.int64)
    part, lift = _parts(some, ends[months - first], months, np.ones((1, 1), np.bool_))
    scores = formula.floor_lifted(formula.combine(part), lift)
    windows = np.lib.stride_tricks.sliding_window_view(scores, USUAL_SAMPLES, axis=1)
    out[contacted] = np.median(windows, axis=-1)
    return out


def _promise_multipliers(
    promises: HealthArrays, days: NDArray[np.int64]
) -> tuple[NDArray[np.intp], NDArray[np.float64]]:
    """The people who have promises and their promise multiplier at each day, (who,
    days); everyone else's is 1. ``batch.promise_multipliers`` at every day at once: one
    sum a (person, day), over the promises in the same order."""
    who, index = np.unique(promises.promise_person, return_inverse=True)
    n, k = len(who), len(days)
    age = days[None, :] - (promises.promise_due // SECONDS_PER_DAY)[:, None]  # (promise, day)
    counted = (age >= 0) & (promises.promise_kept != codes.PROMISE_OPEN)[:, None]
    slot = (index.reshape(-1)[:, None] + n * np.arange(k)[None, :])[counted]
    kept = np.broadcast_to(promises.promise_kept[:, None], age.shape)[counted]
    memory = np.exp2(age[counted] * (-1.0 / MEMORY_HALF_LIFE_DAYS))

    def per_person_day(weights: NDArray[np.float64] | None = None) -> NDArray[np.float64]:
        return np.bincount(slot, weights, n * k).astype(np.float64).reshape(k, n).T

    kept_memory = per_person_day(np.where(kept == codes.PROMISE_KEPT, memory, 0.0))
    broken_memory = per_person_day(np.where(kept == codes.PROMISE_BROKEN, memory, 0.0))
    total = kept_memory + broken_memory
    out = formula.promise_multiplier(
        formula.share(kept_memory, total),
        formula.share(broken_memory, total),
        per_person_day(),
    )
    return who.astype(np.intp), out


def today_and_usual_of(
    summaries: HealthSummaries, promises: HealthArrays, today: date
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """``overview.today_and_usual`` from the summaries: the score ``today`` and the median
    at ``usual_days(today)``: kept (``usual_ahead``) in the twelve months from the
    latest contact's, the mean of two decayed month ends after those, and every month
    end scored for people with promises."""
    n = len(summaries)
    days = usual_days(today)
    ahead = month_index(today) - summaries.usual_month
    contacted = summaries.last_day != NO_DAY
    full = np.zeros(n, dtype=np.bool_)
    full[promises.promise_person] = True
    full |= contacted & (ahead < 0)  # (scores_at refuses them)
    (scores,) = scores_at(summaries, promises_among(promises, np.empty(0, np.intp), n), [today])
    usual = np.empty(n, dtype=np.float64)
    kept = np.flatnonzero(~full & contacted & (ahead < USUAL_SAMPLES))
    usual[kept] = summaries.usual_ahead[kept, ahead[kept]]
    later = np.flatnonzero(~full & ~(contacted & (ahead < USUAL_SAMPLES)))
    if len(later):  # every sample after the latest contact: decaying, so the median is
        s = summaries  # the mean of the sixth and seventh (np.median's own sum)
        numbers = np.array([day_number(days[5]), day_number(days[6])], dtype=np.int64)
        last = np.where(contacted[later], s.last_day[later], 0)
        part, lift = _decayed(
            s.half_life[later],
            s.warmth[later],
            s.factor[later],
            s.unanswered[later],
            numbers[None, :] - last[:, None],
        )
        middle = formula.floor_lifted(formula.combine(part), lift)
        usual[later] = (middle[:, 0] + middle[:, 1]) / 2
    rest = np.flatnonzero(full)
    if len(rest):  # today too: their promises' multiplier, once
        some, their = summaries.take(rest), promises_among(promises, rest, n)
        found = scores_at(some, their, [*days, today])
        scores[rest] = found[-1]
        usual[rest] = np.median(found[:-1], axis=0)
    return scores, usual


def promises_among(
    promises: HealthArrays,
    index: NDArray[np.intp],
    n: int,
    cadence_days: NDArray[np.float64] | None = None,
) -> HealthArrays:
    """The promises of the people at ``index`` (ascending) of ``n``, renumbered, as a
    history of those people alone (no interactions; their cadences where given)."""
    position = np.full(n, -1, dtype=np.int64)
    position[index] = np.arange(len(index))
    person = position[promises.promise_person]
    keep = person >= 0
    empty = np.empty(0, dtype=np.int8)
    return HealthArrays(
        n_people=len(index),
        person_index=np.empty(0, dtype=np.int32),
        t=np.empty(0, dtype=np.int64),
        channel=empty,
        direction=empty,
        kind=empty,
        cadence_days=np.full(len(index), np.nan) if cadence_days is None else cadence_days,
        promise_person=person[keep].astype(np.int32),
        promise_due=promises.promise_due[keep],
        promise_kept=promises.promise_kept[keep],
    )


def holds(summaries: HealthSummaries, now: int, today: date) -> NDArray[np.bool_]:
    """Where the summaries answer for the moment ``now`` (unix seconds) and the day
    ``today``: the latest contact is neither after ``now`` nor after ``today``. Compute
    the others from their interactions."""
    return (summaries.last_t <= now) & (summaries.last_day <= day_number(today))
