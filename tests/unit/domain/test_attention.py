"""The rules of the "Today" list: what comes first, what is left out, what it says."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from relapp.domain.attention import (
    LIMIT,
    Candidates,
    Concern,
    Reason,
    cadence_candidates,
    falling_candidates,
    occasion_candidates,
    occasion_concern,
    rank,
    unanswered_candidates,
)
from relapp.domain.attention_many import promise_concern
from relapp.domain.dates import ordinal_text
from relapp.domain.model import Birthday
from relapp.domain.occasions import Occasion, OccasionKind, next_day, window
from relapp.domain.promises import PromiseState

TODAY = date(2025, 3, 10)


def birthday(person_id: int, when: Birthday) -> Occasion:
    return Occasion(person_id, f"P{person_id}", OccasionKind.BIRTHDAY, when)


def anniversary(person_id: int, when: Birthday) -> Occasion:
    return Occasion(person_id, f"P{person_id}", OccasionKind.ANNIVERSARY, when)


def birthday_concern(person_id: int, when: Birthday, today: date) -> Concern | None:
    return occasion_concern(birthday(person_id, when), today)


def ranked_ids(*batches: Candidates, limit: int = LIMIT) -> list[int]:
    names = {pid: f"P{pid:03d}" for b in batches for pid in b.flagged.tolist()}
    return [row.person_id for row in rank(batches, names, limit=limit).rows]


# --- promises -------------------------------------------------------------------------------


def test_your_overdue_promise_comes_before_theirs_and_before_a_missed_cadence() -> None:
    mine = Candidates.of([promise_concern(1, True, "send the pricing", 0)])
    theirs = Candidates.of([promise_concern(2, False, "send the quotes", 20)])
    cadence = cadence_candidates([3], [7], [60])
    assert ranked_ids(cadence, theirs, mine) == [1, 2, 3]


def test_a_longer_overdue_promise_weighs_more_up_to_a_month() -> None:
    weights = [promise_concern(1, True, "x", d).weight for d in (0, 5, 30, 400)]
    assert weights[0] < weights[1] < weights[2] == weights[3]


def test_promise_words_say_who_what_and_how_late() -> None:
    # Issue 13: the words carry the promise's state, and never "due today" once past due.
    assert (
        promise_concern(1, True, "call back", 3).text
        == "You promised: call back (broken, 3 days overdue)"
    )
    assert promise_concern(1, False, "send the quotes", 0, PromiseState.OVERDUE).text == (
        "They promised: send the quotes (overdue, was due today)"
    )
    assert promise_concern(1, True, "x", 1).text.endswith("(broken, was due yesterday)")
    assert promise_concern(1, True, "x", 1).reason is Reason.PROMISE_MINE
    assert promise_concern(1, False, "x", 1).reason is Reason.PROMISE_THEIRS


# --- birthdays ------------------------------------------------------------------------------


def test_birthdays_within_two_weeks_nearest_first() -> None:
    soon = birthday_concern(1, Birthday(3, 13), TODAY)
    today = birthday_concern(2, Birthday(3, 10, 1985), TODAY)
    later = birthday_concern(3, Birthday(3, 24), TODAY)
    too_far = birthday_concern(4, Birthday(3, 25), TODAY)
    assert too_far is None
    assert soon is not None and today is not None and later is not None
    assert today.weight > soon.weight > later.weight
    assert today.text == "Birthday today, turns 40"
    assert soon.text == "Birthday in 3 days (Thu 13 Mar)"  # no year: no age
    assert birthday_concern(5, Birthday(3, 11), TODAY).text == "Birthday tomorrow"


def test_a_birthday_today_outranks_everything_but_a_promise_overdue_for_weeks() -> None:
    birthday_today = occasion_candidates([birthday(1, Birthday(3, 10))], TODAY)
    promise = Candidates.of([promise_concern(2, True, "x", 2)])
    late_promise = Candidates.of([promise_concern(3, True, "x", 30)])
    assert ranked_ids(promise, birthday_today, late_promise) == [3, 1, 2]


def test_29_february_falls_on_28_february_in_other_years() -> None:
    leapling = Birthday(2, 29, 2000)
    assert next_day(leapling, date(2025, 2, 20)) == date(2025, 2, 28)
    assert next_day(leapling, date(2028, 2, 20)) == date(2028, 2, 29)
    assert next_day(leapling, date(2025, 3, 1)) == date(2026, 2, 28)
    concern = birthday_concern(1, leapling, date(2025, 2, 27))
    assert concern is not None and concern.text == "Birthday tomorrow, turns 25"


def test_the_window_for_storage_includes_29_february_in_common_years() -> None:
    days = window(date(2025, 2, 20), 14)
    assert (2, 28) in days
    assert (2, 29) in days
    assert (3, 6) in days
    assert (3, 7) not in days
    assert (2, 29) not in window(date(2025, 3, 1), 14)
    assert len(window(date(2024, 2, 20), 14)) == 15  # leap year: a real 29th


def test_a_birthday_just_past_waits_for_next_year() -> None:
    assert next_day(Birthday(3, 9), TODAY) == date(2026, 3, 9)
    assert birthday_concern(1, Birthday(3, 9), TODAY) is None


def test_birthday_candidates_keep_only_the_window() -> None:
    found = occasion_candidates([birthday(1, Birthday(3, 12)), birthday(2, Birthday(8, 1))], TODAY)
    assert found.flagged.tolist() == [1]


def test_anniversaries_within_two_weeks_say_which_one_it_is() -> None:
    # Issue 17: Today lists anniversaries as it lists birthdays, with the count where the
    # year is known, weighed the same.
    wedding = occasion_concern(anniversary(1, Birthday(3, 13, 2015)), TODAY)
    assert wedding is not None and wedding.reason is Reason.ANNIVERSARY
    assert wedding.text == "10th anniversary in 3 days (Thu 13 Mar)"
    assert wedding.weight == birthday_concern(2, Birthday(3, 13), TODAY).weight
    texts = {
        (3, 10, 2024): "1st anniversary today",
        (3, 11, 2023): "2nd anniversary tomorrow",
        (3, 10, None): "Anniversary today",
        (3, 11, None): "Anniversary tomorrow",
        (3, 12, None): "Anniversary in 2 days (Wed 12 Mar)",
        (3, 10, 2025): "Anniversary today",  # the day itself: no count yet
    }
    for (month, day, year), text in texts.items():
        found = occasion_concern(anniversary(1, Birthday(month, day, year)), TODAY)
        assert found is not None and found.text == text
    assert occasion_concern(anniversary(1, Birthday(3, 25, 2000)), TODAY) is None
    leap = anniversary(1, Birthday(2, 29, 2004))
    assert occasion_concern(leap, date(2025, 2, 28)).text == "21st anniversary today"
    assert occasion_concern(leap, date(2028, 2, 28)).text == "24th anniversary tomorrow"


def test_archived_people_have_no_occasion_today() -> None:
    gone = Occasion(1, "Gone", OccasionKind.ANNIVERSARY, Birthday(3, 10), archived=True)
    assert occasion_candidates([gone], TODAY).flagged.tolist() == []


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (23, "23rd"),
        (101, "101st"),
        (111, "111th"),
    ],
)
def test_ordinals_in_english(n: int, text: str) -> None:
    assert ordinal_text(n) == text


# --- health, cadence, unanswered ------------------------------------------------------------


def test_health_falling_needs_a_real_drop_and_to_have_left_the_healthy_band() -> None:
    ids = [1, 2, 3, 4, 5]
    today = [50.0, 80.0, 60.0, 10.0, 2.0]
    usual = [80.0, 99.0, 70.0, 12.0, 30.0]
    found = falling_candidates(ids, today, usual)
    # 2 is still healthy; 3 dropped only 10; 4 and 5 were never more than fading.
    assert found.flagged.tolist() == [1]
    (concern,) = found.concerns
    assert concern.text == "Health 50, down from a usual 80"
    bigger = falling_candidates([9], [10.0], [90.0]).concerns[0]
    assert bigger.weight > concern.weight


def test_cadence_overdue_in_proportion_to_the_cadence() -> None:
    found = cadence_candidates(
        [1, 2, 3, 4, 5],
        [7, 90, 30, np.nan, 30],
        [21, 100, 30, 400, 45],
        [False, False, False, False, True],
    )
    assert found.flagged.tolist() == [1, 2, 5]  # 3 is exactly due, 4 has no cadence
    by_id = {c.person_id: c for c in found.concerns}
    assert by_id[1].weight > by_id[5].weight > by_id[2].weight
    assert by_id[1].text == "Last contact 3 weeks ago; you wanted every 7 days"
    assert by_id[5].text == "No contact yet; you wanted every 30 days"


def test_back_off_only_after_several_unanswered_lately() -> None:
    found = unanswered_candidates([1, 2, 3], [4, 2, 6], [3.0, 1.0, 200.0])
    assert found.flagged.tolist() == [1]
    assert found.concerns[0].text == "Your last 4 contacts went unanswered; give them time"
    assert found.concerns[0].reason is Reason.UNANSWERED


def test_long_kinds_keep_only_the_heaviest_but_remember_everyone_flagged() -> None:
    n = 100
    found = cadence_candidates(np.arange(n), np.full(n, 100.0), np.arange(n) + 101.0, limit=5)
    assert len(found.concerns) == 5
    assert {c.person_id for c in found.concerns} == {95, 96, 97, 98, 99}
    assert len(found.flagged) == n


@pytest.mark.parametrize("limit", [1, 3, 25, 600])
def test_the_heaviest_are_those_of_sorting_everyone_flagged(limit: int) -> None:
    # The heaviest few of a long kind (450,000 flagged at a million people) are found
    # without sorting everyone flagged: the same people, ties at the cut included (by
    # the lower id), as sorting all of them by weight, then id.
    rng = np.random.default_rng(limit)
    n = 2_000
    ids = rng.permutation(n) * 3 + 7
    cadence = rng.choice([7.0, 14.0, 30.0, np.nan], n)
    since = rng.integers(0, 60, n).astype(np.float64)  # many equal weights
    found = cadence_candidates(ids, cadence, since, limit=limit)
    flagged = np.flatnonzero(cadence < since)
    weight = 35.0 + 15.0 * np.minimum((since - cadence) / cadence, 3.0)
    order = sorted(flagged.tolist(), key=lambda i: (-weight[i], ids[i]))[:limit]
    assert [(c.person_id, c.weight) for c in found.concerns] == [
        (int(ids[i]), float(weight[i])) for i in order
    ]
    assert found.flagged.tolist() == sorted(ids[flagged].tolist())


# --- ranking --------------------------------------------------------------------------------


def test_one_row_per_person_with_every_reason_most_important_first() -> None:
    soon = occasion_candidates([birthday(1, Birthday(3, 20))], TODAY)
    cadence = cadence_candidates([1, 2], [30, 30], [90, 90])
    result = rank([cadence, soon], {1: "Ada", 2: "Bo"})
    first, second = result.rows
    assert first.person_id == 1
    assert [c.reason for c in first.concerns] == [Reason.BIRTHDAY, Reason.CADENCE]
    assert first.why.startswith("Birthday in 10 days")
    assert " · Last contact" in first.why
    assert first.reason is Reason.BIRTHDAY
    assert second.concerns[0].reason is Reason.CADENCE


def test_a_second_reason_lifts_a_row_above_an_equal_single_one() -> None:
    a = Concern(1, Reason.CADENCE, "a", 50.0)
    b = Concern(2, Reason.CADENCE, "b", 50.0)
    extra = Concern(2, Reason.UNANSWERED, "c", 31.0)
    assert ranked_ids(Candidates.of([a, b, extra])) == [2, 1]


def test_ties_are_broken_by_name() -> None:
    concerns = [Concern(pid, Reason.CADENCE, "x", 40.0) for pid in (1, 2, 3)]
    result = rank([Candidates.of(concerns)], {1: "Zoë", 2: "ada", 3: "Émile"})
    assert [r.name for r in result.rows] == ["ada", "Émile", "Zoë"]


def test_the_list_stops_at_the_limit_and_says_how_many_were_left_off() -> None:
    n = 40
    cadence = cadence_candidates(np.arange(n), np.full(n, 100.0), np.arange(n) + 101.0, limit=30)
    result = rank([cadence], {i: f"P{i}" for i in range(n)}, limit=25)
    assert len(result) == 25
    assert result.left_off == 15
    assert result.rows[0].person_id == 39  # the most overdue first
    weights = [r.weight for r in result.rows]
    assert weights == sorted(weights, reverse=True)


def test_nothing_to_do() -> None:
    result = rank([], {})
    assert len(result) == 0 and result.left_off == 0


@pytest.mark.parametrize("days", [0, 7, 14])
def test_every_birthday_in_the_window_is_flagged(days: int) -> None:
    day = date.fromordinal(TODAY.toordinal() + days)
    assert birthday_concern(1, Birthday(day.month, day.day), TODAY) is not None


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_occasions_in_words_for_the_nearest_only_rank_as_all_of_them(seed: int) -> None:
    # Issue 18: a million people have ~40,000 birthdays in two weeks; words (and names)
    # for all of them took seconds, for a list that shows 25.
    rng = np.random.default_rng(seed)
    occasions = [
        (birthday if rng.random() < 0.7 else anniversary)(
            int(rng.integers(1, 400)), Birthday(3, int(rng.integers(8, 28)))
        )
        for _ in range(600)
    ]
    others = cadence_candidates(
        np.arange(1, 400), np.full(399, 7.0), rng.integers(0, 30, 399).astype(float)
    )
    names = {pid: f"P{int(rng.integers(0, 50)):02d}" for pid in range(1, 400)}
    asked: list[int] = []

    def lookup(ids: object) -> dict[int, str]:
        asked.extend(ids)  # type: ignore[call-overload]
        return names

    for limit in (1, 5, 25):
        every = occasion_candidates(occasions, TODAY)
        nearest = occasion_candidates(
            occasions, TODAY, limit=limit, also={c.person_id for c in others.concerns}
        )
        assert nearest.flagged.tolist() == every.flagged.tolist()
        assert len(nearest.concerns) < len(every.concerns)
        whole = rank([every, others], names, limit=limit)
        asked.clear()
        found = rank([nearest, others], lookup, limit=limit)
        assert found == whole
        assert 0 < len(asked) < len(every.concerns)
