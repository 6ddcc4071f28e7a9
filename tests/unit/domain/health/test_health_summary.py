"""Everyone's health from the kept summaries equals the rule over every interaction:
random histories (seeded), with promises, cadences, favours, one-way runs, contacts on
the day scored and people never contacted."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest

from relapp.domain.health import (
    HealthEvent,
    HealthInput,
    PromiseOutcome,
    arrays_from_inputs,
    formula,
    health_all,
    health_at,
)
from relapp.domain.health.batch import HealthArrays
from relapp.domain.health.overview import today_and_usual, usual_days
from relapp.domain.health.streaks import latest_contact, unanswered_streaks
from relapp.domain.health.summary import (
    HealthSummaries,
    scores_at,
    summarize,
    today_and_usual_of,
)
from relapp.domain.model import Channel, Direction, InteractionKind

TODAY = date(2026, 3, 14)
NOW = datetime(2026, 3, 14, 23, 0, tzinfo=UTC)


def random_people(seed: int, n: int, today: date = TODAY) -> list[HealthInput]:
    rng = np.random.default_rng(seed)
    end = datetime.combine(today, datetime.min.time(), UTC) + timedelta(hours=22)
    people = []
    for _ in range(n):
        count = int(rng.choice([0, 1, 2, 3, 5, 12, 40]))
        span = int(rng.choice([20, 200, 800, 4000]))
        quiet = int(rng.choice([0, 0, 10, 90, 400]))  # days since the latest contact
        events = [
            HealthEvent(
                end
                - timedelta(
                    days=quiet + int(rng.integers(0, span)), hours=int(rng.integers(0, 20))
                ),
                Channel(rng.choice(list(Channel))),
                Direction(rng.choice(list(Direction), p=[0.3, 0.3, 0.4])),
                InteractionKind(
                    rng.choice(
                        [
                            InteractionKind.ORDINARY,
                            InteractionKind.FAVOUR_GIVEN,
                            InteractionKind.FAVOUR_RECEIVED,
                        ],
                        p=[0.8, 0.1, 0.1],
                    )
                ),
            )
            for _ in range(count)
        ]
        promises = [
            PromiseOutcome(
                end - timedelta(days=int(rng.integers(-30, 500))), rng.choice([True, False, None])
            )
            for _ in range(int(rng.choice([0, 0, 0, 2])))
        ]
        cadence = int(rng.choice([0, 14, 60])) or None
        people.append(HealthInput(events, promises, cadence))
    return people


def promises_only(arrays: HealthArrays) -> HealthArrays:
    empty = np.empty(0, dtype=np.int8)
    return HealthArrays(
        n_people=arrays.n_people,
        person_index=np.empty(0, dtype=np.int32),
        t=np.empty(0, dtype=np.int64),
        channel=empty,
        direction=empty,
        kind=empty,
        cadence_days=arrays.cadence_days,
        promise_person=arrays.promise_person,
        promise_due=arrays.promise_due,
        promise_kept=arrays.promise_kept,
    )


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_today_and_usual_from_summaries_equal_the_rule_over_every_interaction(seed: int) -> None:
    arrays = arrays_from_inputs(random_people(seed, 300))
    summaries = summarize(arrays)
    for today in (TODAY, TODAY + timedelta(days=17), TODAY + timedelta(days=400)):
        now, usual = today_and_usual(arrays, today)
        got_now, got_usual = today_and_usual_of(summaries, promises_only(arrays), today)
        np.testing.assert_allclose(got_now, now, rtol=1e-9, atol=1e-9)
        np.testing.assert_allclose(got_usual, usual, rtol=1e-9, atol=1e-9)
        np.testing.assert_allclose(got_now, health_all(arrays, today), rtol=1e-9, atol=1e-9)


def test_the_summary_score_is_the_persons_own_score() -> None:
    people = random_people(11, 60)
    summaries = summarize(arrays_from_inputs(people))
    (scores,) = scores_at(summaries, promises_only(arrays_from_inputs(people)), [TODAY])
    for i, person in enumerate(people):
        assert scores[i] == pytest.approx(health_at(person, TODAY, NOW).value, abs=1e-9)


def test_the_latest_contact_and_the_unanswered_run_are_kept() -> None:
    arrays = arrays_from_inputs(random_people(7, 200))
    summaries = summarize(arrays)
    now = int(NOW.timestamp())
    assert summaries.last_t.tolist() == latest_contact(arrays, now).tolist()
    streak, last_try = unanswered_streaks(arrays, now)
    assert summaries.unanswered.tolist() == streak.tolist()
    assert summaries.last_try.tolist() == last_try.tolist()


def test_slices_of_people_summarize_as_everyone_does() -> None:
    # (the usual samples decay in other steps when other people set the month ends)
    people = random_people(5, 90)
    whole = summarize(arrays_from_inputs(people))
    parts = HealthSummaries.concatenate(
        [summarize(arrays_from_inputs(people[i : i + 30])) for i in range(0, 90, 30)]
    )
    for name in HealthSummaries.__dataclass_fields__:
        np.testing.assert_allclose(getattr(parts, name), getattr(whole, name), rtol=1e-12)
    picked = whole.take(np.array([3, 1]))
    assert picked.last_t.tolist() == [whole.last_t[3], whole.last_t[1]]


def test_a_day_before_a_latest_contact_that_is_not_a_kept_month_end_is_refused() -> None:
    arrays = arrays_from_inputs(random_people(3, 20))
    summaries = summarize(arrays)
    with pytest.raises(ValueError, match="month end"):
        scores_at(summaries, promises_only(arrays), [TODAY - timedelta(days=3)])
    assert usual_days(TODAY)[-1] == date(2026, 2, 28)


@pytest.mark.parametrize("later", [0, 17, 45, 400])
def test_the_usual_costs_a_few_score_cells_a_person_not_thirteen(
    later: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Issue 18: at a million people the Today list scored everyone on 13 days (today and
    # the twelve month ends of the usual): 1.2 s of CPU. The usual is kept in the record
    # for the twelve months after the latest contact and, later on, is the mean of two
    # month ends (the score only decays then); only people with promises (whose score
    # moves with the clock) are scored on every month end. Counted, not timed.
    people = random_people(21, 400)
    arrays = arrays_from_inputs(people)
    summaries = summarize(arrays)
    promised = len(np.unique(arrays.promise_person))
    assert 0 < promised < len(people) // 3
    cells = [0]
    base = formula.base_score

    def counted(warmth: object) -> object:
        cells[0] += np.size(warmth)
        return base(warmth)  # type: ignore[arg-type]

    monkeypatch.setattr(formula, "base_score", counted)
    today = TODAY + timedelta(days=later)
    got_now, got_usual = today_and_usual_of(summaries, promises_only(arrays), today)
    assert cells[0] <= 3 * len(people) + 13 * promised, cells[0]
    monkeypatch.setattr(formula, "base_score", base)
    now, usual = today_and_usual(arrays, today)
    np.testing.assert_allclose(got_now, now, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(got_usual, usual, rtol=1e-9, atol=1e-9)
