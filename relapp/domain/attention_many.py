"""The reasons of the "Today" list that many people have at once, at a million people:
late promises and the birthdays and anniversaries coming up (``attention`` has the
rest, and ``rank``). Their weights are worked out for everyone (every person flagged
counts), their words only for the concerns the list can show.

``rank`` shows at most ``limit`` rows, each weighing its top reason plus a bonus for each
other one. A person whose reasons of one kind alone weigh less than the ``limit``-th
heaviest person's of that kind, and who has no reason of another kind, cannot be among
them: their concerns are left out, as ``attention.occasion_candidates`` does with
``limit`` (the list it makes is the same as with every concern built; tests compare).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from numpy.typing import NDArray

from relapp.domain.attention import (
    EXTRA_REASON_BONUS,
    OCCASION_AHEAD_DAYS,
    OCCASION_TODAY,
    Candidates,
    Concern,
    Reason,
    occasion_concern,
)
from relapp.domain.health.explain import describe_span
from relapp.domain.i18n import _
from relapp.domain.model import Birthday
from relapp.domain.occasions import Occasion, next_day
from relapp.domain.promises import PromiseState

# --- promises -------------------------------------------------------------------------------


def promise_concern(
    person_id: int,
    mine: bool,
    what: str,
    days_overdue: int,
    state: PromiseState = PromiseState.BROKEN,
) -> Concern:
    """A late promise (``state`` overdue or broken, from ``promise_state``): yours first
    (keep your word), theirs as a nudge."""
    overdue = max(0, days_overdue)
    when = _("{state}, {overdue}").format(state=state.label, overdue=_overdue_words(overdue))
    if mine:
        text = _("You promised: {what} ({when})").format(what=what, when=when)
        return Concern(person_id, Reason.PROMISE_MINE, text, promise_weight(mine, overdue))
    text = _("They promised: {what} ({when})").format(what=what, when=when)
    return Concern(person_id, Reason.PROMISE_THEIRS, text, promise_weight(mine, overdue))


def promise_weight(mine: bool, days_overdue: int) -> float:
    """Yours: 100 + days overdue, at most 130; theirs: 70 + half of that, at most 85."""
    overdue = min(max(0, days_overdue), 30)
    return 100.0 + overdue if mine else 70.0 + overdue / 2


def _overdue_words(days: int) -> str:
    if days == 0:
        return _("was due today")
    if days == 1:
        return _("was due yesterday")
    return _("{span} overdue").format(span=describe_span(days))


@dataclass(frozen=True)
class LatePromise:
    """An overdue or broken promise, before its words (``promise_concern``'s arguments)."""

    person_id: int
    mine: bool
    what: str
    days_overdue: int
    state: PromiseState

    @property
    def weight(self) -> float:
        return promise_weight(self.mine, self.days_overdue)


def promise_candidates(
    late: Sequence[LatePromise], *, limit: int, also: Collection[int] = ()
) -> Candidates:
    """The concerns of ``late`` the list can show: those of the ``limit`` heaviest people
    (ties kept) and of ``also`` (people with a reason of another kind); every one's
    person flagged."""
    ids = np.array([p.person_id for p in late], dtype=np.int64)
    weights = np.array([p.weight for p in late], dtype=np.float64)
    shown = _shown(ids, weights, limit, also)
    concerns = (
        promise_concern(p.person_id, p.mine, p.what, p.days_overdue, p.state)
        for p, keep in zip(late, shown.tolist(), strict=True)
        if keep
    )
    return Candidates(tuple(concerns), np.unique(ids))


# --- birthdays and anniversaries -----------------------------------------------------------


def occasion_candidates_of(
    person_ids: NDArray[np.int64],
    month_days: NDArray[np.int64],
    today: date,
    occasions_of: Callable[[list[int]], Iterable[Occasion]],
    *,
    limit: int,
    also: Collection[int] = (),
) -> Candidates:
    """``attention.occasion_candidates`` from people's (month * 100 + day) of each of
    their birthdays and anniversaries within the window (not archived): the same
    concerns, with the occasions themselves (their year, for the words) looked up by
    ``occasions_of`` only for the people it keeps."""
    keys, at = np.unique(month_days, return_inverse=True)
    ahead = np.array(
        [(next_day(Birthday(key // 100, key % 100), today) - today).days for key in keys.tolist()],
        dtype=np.int64,
    )[at.reshape(-1)]
    near = ahead <= OCCASION_AHEAD_DAYS
    ids = person_ids[near]
    weights = OCCASION_TODAY - 5.0 * ahead[near].astype(np.float64)
    shown = _shown(ids, weights, limit, also)
    kept = np.unique(ids[shown]).tolist()
    found = (occasion_concern(o, today) for o in occasions_of(kept) if not o.archived)
    return Candidates(tuple(c for c in found if c is not None), np.unique(ids))


# --- both -----------------------------------------------------------------------------------


def _shown(
    ids: NDArray[np.int64], weights: NDArray[np.float64], limit: int, also: Collection[int]
) -> NDArray[np.bool_]:
    """Which concerns (person ``ids[i]``, weighing ``weights[i]``) the list may show: a
    person's row weighs their heaviest plus ``EXTRA_REASON_BONUS`` for each other one;
    kept are those of the ``limit`` heaviest people (ties kept) and of ``also``."""
    people, index = np.unique(ids, return_inverse=True)
    index = index.reshape(-1)
    if len(people) <= limit:
        return np.ones(len(ids), dtype=np.bool_)
    top = np.full(len(people), -np.inf)
    np.maximum.at(top, index, weights)
    alone = top + EXTRA_REASON_BONUS * (np.bincount(index, minlength=len(people)) - 1)
    cut = np.sort(alone)[::-1][limit - 1] if limit > 0 else np.inf
    keep = alone >= cut
    if also:
        keep |= np.isin(people, np.fromiter(also, np.int64, len(also)))
    return keep[index]
