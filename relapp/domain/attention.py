"""What needs you today, and in what order: the rules behind the "Today" view.

Seven reasons bring a person to the list, each with a weight (how much it matters now);
``docs/health.md`` has the table and the reasons for it (late promises, and the kinds
many people have at once, are ``attention_many``'s):

- your promise is overdue or broken (``promise_state``: never while snoozed): 100 +
  days overdue, at most 130;
- a birthday or an anniversary within 14 days (no year needed; the day is
  ``occasions.next_day``, the rule the notifications read: 29 February falls on
  28 February in other years): 125 today, 5 less per day ahead;
- their promise is overdue, a gentle nudge: 70 + half the days overdue, at most 85;
- health falling below their usual (15 points or more under their median at the last
  12 month ends, a usual of at least 40, and no longer healthy): 45 + half the drop;
- past the keep-in-touch cadence: 35 + 15 per cadence overdue, at most 80;
- contacted 3 or more times without an answer, the latest within 60 days (back off):
  30 + 3 per contact, at most 60.

One row a person: the reasons most important first, weighing the top one's weight plus 5
for each other one; sorted by weight (then name), at most 25 rows (a longer list is not
something to act on today), saying how many more people were left off."""

from __future__ import annotations

import enum
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
from numpy.typing import ArrayLike, NDArray

from relapp.domain.dates import ordinal_text, weekday_day_text
from relapp.domain.i18n import N_, _, ngettext
from relapp.domain.occasions import Occasion, OccasionKind, next_day
from relapp.domain.outreach import DEFAULT_THRESHOLDS
from relapp.domain.text import sort_key
from relapp.domain.timefmt import DAY, ago

LIMIT = 25
EXTRA_REASON_BONUS = 5.0

OCCASION_AHEAD_DAYS = 14  # birthdays and anniversaries
OCCASION_TODAY = 125.0  # weight, 5 less per day ahead
FALLING_MIN_DROP = 15.0
FALLING_BELOW = 70.0  # only once the relationship has left the healthy band
FALLING_FROM_AT_LEAST = 40.0  # ... and only if it usually was at least cooling
UNANSWERED_MIN = DEFAULT_THRESHOLDS.unanswered
UNANSWERED_RECENT_DAYS = 60


class Reason(enum.StrEnum):
    PROMISE_MINE = "promise_mine"
    BIRTHDAY = "birthday"
    ANNIVERSARY = "anniversary"
    PROMISE_THEIRS = "promise_theirs"
    FALLING = "falling"
    CADENCE = "cadence"
    UNANSWERED = "unanswered"

    @property
    def label(self) -> str:
        return _(_LABELS[self])


_LABELS = {
    Reason.PROMISE_MINE: N_("Your promise"),
    Reason.BIRTHDAY: N_("Birthday"),
    Reason.ANNIVERSARY: N_("Anniversary"),
    Reason.PROMISE_THEIRS: N_("They owe you"),
    Reason.FALLING: N_("Health falling"),
    Reason.CADENCE: N_("Keep in touch"),
    Reason.UNANSWERED: N_("Back off"),
}


@dataclass(frozen=True)
class Concern:
    """One reason one person needs you today, in words, with its weight."""

    person_id: int
    reason: Reason
    text: str
    weight: float


@dataclass(frozen=True, eq=False)
class Candidates:
    """The concerns of one kind worth ranking, and every person the rule flagged (the
    list may keep only the heaviest few of a long kind): their ids, ascending, as an
    array (a million people may flag half a million: 4 MB, not 40 as Python ints)."""

    concerns: tuple[Concern, ...]
    flagged: NDArray[np.int64]

    @staticmethod
    def of(concerns: Iterable[Concern]) -> Candidates:
        kept = tuple(concerns)
        return Candidates(kept, _ascending([c.person_id for c in kept]))

    @staticmethod
    def merged(batches: Iterable[Candidates], *, limit: int = LIMIT) -> Candidates:
        """The candidates of one kind found in several slices of people, as if found in
        all of them at once: the ``limit`` heaviest concerns (``_pick``'s order) and
        everyone flagged."""
        batches = list(batches)
        concerns = sorted((c for b in batches for c in b.concerns), key=_heaviest_first)
        flagged = [b.flagged for b in batches]
        return Candidates(tuple(concerns[:limit]), _ascending(np.concatenate([_NOBODY, *flagged])))


_NOBODY = np.empty(0, dtype=np.int64)


def _heaviest_first(concern: Concern) -> tuple[float, int]:
    return -concern.weight, concern.person_id


def _ascending(ids: ArrayLike) -> NDArray[np.int64]:
    """Distinct ids, ascending (those of a slice of everyone are already)."""
    found = np.asarray(ids, dtype=np.int64)
    if len(found) < 2 or bool(np.all(found[1:] > found[:-1])):
        return found
    return np.unique(found)


@dataclass(frozen=True)
class AttentionRow:
    person_id: int
    name: str
    concerns: tuple[Concern, ...]  # most important first
    weight: float

    @property
    def reason(self) -> Reason:
        return self.concerns[0].reason

    @property
    def why(self) -> str:
        return " · ".join(c.text for c in self.concerns)


@dataclass(frozen=True)
class AttentionList:
    rows: tuple[AttentionRow, ...]
    left_off: int = 0  # people with a reason who did not fit
    next_change: datetime | None = None  # when a promise next turns overdue or broken

    def __len__(self) -> int:
        return len(self.rows)


def rank(
    candidates: Iterable[Candidates],
    names: Mapping[int, str] | Callable[[Collection[int]], Mapping[int, str]],
    *,
    limit: int = LIMIT,
) -> AttentionList:
    """One row per person, most important first, at most ``limit`` rows. ``names``: ids
    to names, or a look-up of the ids asked (those whose weight can be shown)."""
    groups: dict[int, list[Concern]] = {}
    flagged = [_NOBODY]
    for batch in candidates:
        flagged.append(batch.flagged)
        for concern in batch.concerns:
            groups.setdefault(concern.person_id, []).append(concern)
    weighted = []
    for person_id, concerns in groups.items():
        concerns.sort(key=lambda c: (-c.weight, _REASON_ORDER[c.reason]))
        weight = concerns[0].weight + EXTRA_REASON_BONUS * (len(concerns) - 1)
        weighted.append((person_id, concerns, weight))
    if len(weighted) > limit:  # below the limit-th weight nobody is shown
        cut = sorted((w for _, _, w in weighted), reverse=True)[limit - 1] if limit > 0 else np.inf
        weighted = [row for row in weighted if row[2] >= cut]
    if callable(names):
        names = names([person_id for person_id, _, _ in weighted])
    rows = [AttentionRow(pid, names.get(pid, ""), tuple(c), w) for pid, c, w in weighted]
    rows.sort(key=lambda r: (-r.weight, sort_key(r.name), r.person_id))
    everyone = _distinct([*flagged, np.fromiter(groups, np.int64, len(groups))])
    return AttentionList(tuple(rows[:limit]), left_off=everyone - len(rows[:limit]))


_REASON_ORDER = {reason: order for order, reason in enumerate(Reason)}


def _distinct(id_arrays: list[NDArray[np.int64]]) -> int:
    """How many different ids there are (a bitmap where ids are dense, as person ids)."""
    ids = np.concatenate(id_arrays)
    if len(ids) == 0 or ids.min() < 0 or ids.max() > 8 * len(ids) + 1024:
        return len(np.unique(ids))
    seen = np.zeros(int(ids.max()) + 1, dtype=np.bool_)
    seen[ids] = True
    return int(np.count_nonzero(seen))


# --- birthdays and anniversaries -----------------------------------------------------------


def occasion_concern(occasion: Occasion, today: date) -> Concern | None:
    """A birthday or anniversary within ``OCCASION_AHEAD_DAYS`` days, or None. Its day
    is ``occasions.next_day``, the rule the notifications read."""
    when = next_day(occasion.when, today)
    ahead = (when - today).days
    if ahead > OCCASION_AHEAD_DAYS:
        return None
    years = when.year - occasion.when.year if occasion.when.year is not None else 0
    weight = OCCASION_TODAY - 5.0 * ahead
    if occasion.kind is OccasionKind.ANNIVERSARY:
        text = _anniversary_words(ahead, when, years)
        return Concern(occasion.person_id, Reason.ANNIVERSARY, text, weight)
    if ahead == 0:
        text = _("Birthday today")
    elif ahead == 1:
        text = _("Birthday tomorrow")
    else:
        text = ngettext(
            "Birthday in {n} day ({day})", "Birthday in {n} days ({day})", ahead
        ).format(n=ahead, day=weekday_day_text(when))
    if years > 0:
        text += _(", turns {age}").format(age=years)
    return Concern(occasion.person_id, Reason.BIRTHDAY, text, weight)


def _anniversary_words(ahead: int, when: date, years: int) -> str:
    """ "10th anniversary in 3 days (Thu 12 Mar)", "Anniversary today" (no year known)."""
    if years <= 0:
        if ahead == 0:
            return _("Anniversary today")
        if ahead == 1:
            return _("Anniversary tomorrow")
        return ngettext(
            "Anniversary in {n} day ({day})", "Anniversary in {n} days ({day})", ahead
        ).format(n=ahead, day=weekday_day_text(when))
    ordinal = ordinal_text(years)
    if ahead == 0:
        return _("{ordinal} anniversary today").format(ordinal=ordinal)
    if ahead == 1:
        return _("{ordinal} anniversary tomorrow").format(ordinal=ordinal)
    return ngettext(
        "{ordinal} anniversary in {n} day ({day})",
        "{ordinal} anniversary in {n} days ({day})",
        ahead,
    ).format(ordinal=ordinal, n=ahead, day=weekday_day_text(when))


# --- everyone at once: health, cadence, unanswered ------------------------------------------


def falling_candidates(
    person_ids: ArrayLike, today: ArrayLike, usual: ArrayLike, *, limit: int = LIMIT
) -> Candidates:
    """People whose score today is well below their usual (which was at least cooling)
    and no longer healthy."""
    now, usual_a = np.asarray(today, dtype=np.float64), np.asarray(usual, dtype=np.float64)
    drop = usual_a - now
    flagged = (
        (drop >= FALLING_MIN_DROP) & (now < FALLING_BELOW) & (usual_a >= FALLING_FROM_AT_LEAST)
    )
    weight = 45.0 + drop / 2

    def text(i: int) -> str:
        return _("Health {now}, down from a usual {usual}").format(
            now=f"{now[i]:.0f}", usual=f"{usual_a[i]:.0f}"
        )

    return _pick(person_ids, flagged, weight, Reason.FALLING, text, limit)


def cadence_candidates(
    person_ids: ArrayLike,
    cadence_days: ArrayLike,
    days_since: ArrayLike,
    never: ArrayLike | None = None,
    *,
    limit: int = LIMIT,
    seconds_since: ArrayLike | None = None,
) -> Candidates:
    """People with a keep-in-touch cadence and more days since the last contact than it.

    ``cadence_days`` is NaN or <= 0 where none is set. For someone never contacted
    (``never``), ``days_since`` counts from when they were added. ``seconds_since``, where
    given, is the same time to the second: the reason then says it as every view does.
    """
    cadence = np.asarray(cadence_days, dtype=np.float64)
    since = np.asarray(days_since, dtype=np.float64)
    never_a = np.zeros(len(since), dtype=bool) if never is None else np.asarray(never, bool)
    exact = since * DAY if seconds_since is None else np.asarray(seconds_since, np.float64)
    has_cadence = cadence > 0  # NaN > 0 is False
    safe_cadence = np.where(has_cadence, cadence, 1.0)
    flagged = has_cadence & (since > cadence)
    weight = 35.0 + 15.0 * np.minimum((since - cadence) / safe_cadence, 3.0)

    def text(i: int) -> str:
        days = int(cadence[i])
        every = ngettext("you wanted every {n} day", "you wanted every {n} days", days)
        every = every.format(n=days)
        if never_a[i]:
            return _("No contact yet; {every}").format(every=every)
        return _("Last contact {ago}; {every}").format(ago=ago(float(exact[i])), every=every)

    return _pick(person_ids, flagged, weight, Reason.CADENCE, text, limit)


def unanswered_candidates(
    person_ids: ArrayLike, streak: ArrayLike, days_since_last_try: ArrayLike, *, limit: int = LIMIT
) -> Candidates:
    """People you kept contacting without an answer, lately: time to back off."""
    count = np.asarray(streak, dtype=np.int64)
    since = np.asarray(days_since_last_try, dtype=np.float64)
    flagged = (count >= UNANSWERED_MIN) & (since <= UNANSWERED_RECENT_DAYS)
    weight = 30.0 + 3.0 * np.minimum(count, 10)

    def text(i: int) -> str:
        n = int(count[i])
        return ngettext(
            "Your last {n} contact went unanswered; give them time",
            "Your last {n} contacts went unanswered; give them time",
            n,
        ).format(n=n)

    return _pick(person_ids, flagged, weight, Reason.UNANSWERED, text, limit)


def _pick(
    person_ids: ArrayLike,
    flagged: NDArray[np.bool_],
    weight: NDArray[np.float64],
    reason: Reason,
    text: Callable[[int], str],
    limit: int,
) -> Candidates:
    """Concerns for the ``limit`` heaviest flagged people (words only for those); of
    equal weights, the lower person ids. The order is total, so the heaviest of several
    slices of people (``Candidates.merged``) are the heaviest of all of them at once."""
    ids = np.asarray(person_ids, dtype=np.int64)
    where = np.flatnonzero(flagged)
    heavy = weight[where]
    if len(where) > limit > 0 and not np.isnan(heavy).any():  # sort only the heaviest
        where = where[heavy >= np.partition(heavy, len(heavy) - limit)[len(heavy) - limit]]
    if len(where) > limit:
        where = where[np.lexsort((ids[where], -weight[where]))[:limit]]
    concerns = tuple(Concern(int(ids[i]), reason, text(int(i)), float(weight[i])) for i in where)
    return Candidates(concerns, _ascending(ids[flagged]))


def occasion_candidates(
    occasions: Iterable[Occasion],
    today: date,
    *,
    limit: int | None = None,
    also: Collection[int] = (),
) -> Candidates:
    """Birthday and anniversary concerns within the window (archived people never), all
    flagged; with ``limit``, only those of the ``limit`` heaviest people (ties kept) and of
    ``also`` (their other reason adds to these): ``rank`` can show no other."""
    weights: dict[int, list[float]] = {}  # each one's row weight, as rank sums them:
    near, days = [], {}  # (days ahead by (month, day), as next_day says)
    for occasion in occasions:
        if (key := (occasion.when.month, occasion.when.day)) not in days:
            days[key] = (next_day(occasion.when, today) - today).days
        ahead = days[key]
        if not occasion.archived and ahead <= OCCASION_AHEAD_DAYS:
            near.append((occasion, ahead))
            weights.setdefault(occasion.person_id, []).append(OCCASION_TODAY - 5.0 * ahead)
    alone = {pid: max(w) + EXTRA_REASON_BONUS * (len(w) - 1) for pid, w in weights.items()}
    if limit is not None and len(alone) > limit:
        cut = sorted(alone.values(), reverse=True)[limit - 1] if limit > 0 else np.inf
        near = [(o, a) for o, a in near if alone[o.person_id] >= cut or o.person_id in also]
    found = (occasion_concern(o, today) for o, _ in near)
    concerns = tuple(c for c in found if c is not None)
    return Candidates(concerns, _ascending(np.unique(np.fromiter(alone, np.int64))))
