"""Everyone at once with numpy equals one person at a time."""

from __future__ import annotations

from datetime import UTC, date, datetime

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relapp.domain.health import (
    PROMISE_BROKEN,
    PROMISE_KEPT,
    PROMISE_OPEN,
    HealthArrays,
    HealthEvent,
    HealthInput,
    PromiseOutcome,
    arrays_from_inputs,
    channel_code,
    channel_codes,
    direction_code,
    direction_codes,
    health_all,
    health_at,
    health_terms,
    kind_code,
    kind_codes,
    promise_code,
)
from relapp.domain.model import Channel, Direction, InteractionKind
from tests.health_strategies import EVENTS, PROMISES

DAY = date(2024, 1, 1)


PEOPLE = st.lists(
    st.builds(
        HealthInput,
        events=st.lists(EVENTS, max_size=12),
        promises=st.lists(PROMISES, max_size=3),
        cadence_days=st.sampled_from([None, 0, 3, 14, 30, 120]),
    ),
    max_size=15,
)


@settings(max_examples=80, deadline=None)
@given(people=PEOPLE, day=st.dates(date(2020, 12, 1), date(2024, 6, 1)))
def test_batch_equals_health_at_for_random_people(people: list[HealthInput], day: date) -> None:
    scores = health_all(arrays_from_inputs(people), day)
    assert scores.shape == (len(people),)
    expected = [health_at(person, day).value for person in people]
    np.testing.assert_allclose(scores, expected, rtol=1e-9, atol=1e-9)


def test_batch_equals_health_at_on_a_seeded_crowd() -> None:
    rng = np.random.default_rng(7)
    channels, directions, kinds = list(Channel), list(Direction), list(InteractionKind)
    people = []
    for _ in range(200):
        events = [
            HealthEvent(
                datetime.fromtimestamp(int(t), UTC),
                channels[rng.integers(len(channels))],
                directions[rng.integers(len(directions))],
                kinds[rng.integers(len(kinds))],
            )
            for t in rng.integers(1.5e9, 1.71e9, rng.integers(0, 30))
        ]
        promises = [
            PromiseOutcome(datetime.fromtimestamp(int(t), UTC), [True, False, None][k])
            for t, k in zip(rng.integers(1.6e9, 1.71e9, 3), rng.integers(0, 3, 3), strict=True)
        ]
        cadence = [None, 7, 30, 90][rng.integers(4)]
        people.append(HealthInput(events, promises, cadence))
    arrays = arrays_from_inputs(people)
    for day in (date(2019, 1, 1), date(2022, 6, 1), DAY):
        expected = [health_at(p, day).value for p in people]
        np.testing.assert_allclose(health_all(arrays, day), expected, rtol=1e-9, atol=1e-9)


def test_people_without_interactions_score_zero() -> None:
    people = [
        HealthInput(()),
        HealthInput(
            (HealthEvent(datetime(2023, 12, 1, tzinfo=UTC), Channel.CALL, Direction.BOTH),)
        ),
        HealthInput((), (PromiseOutcome(datetime(2023, 12, 1, tzinfo=UTC), kept=True),)),
    ]
    scores = health_all(arrays_from_inputs(people), DAY)
    assert scores[0] == 0.0
    assert scores[1] > 0.0
    assert scores[2] == 0.0


def test_arrays_straight_from_sql_codes() -> None:
    # What a query would hand over: stored names turned into codes, unsorted pairs.
    t = np.array([1_700_000_000, 1_690_000_000, 1_700_100_000], dtype=np.int64)
    arrays = HealthArrays(
        n_people=3,
        person_index=np.array([2, 0, 2], dtype=np.int32),
        t=t,
        channel=channel_codes(["meeting", "email", "call"]),
        direction=direction_codes(["both", "outbound", "inbound"]),
        kind=kind_codes(["ordinary", "ordinary", "favour_received"]),
        cadence_days=np.array([np.nan, 30.0, -1.0]),
        promise_person=np.array([2], dtype=np.int32),
        promise_due=np.array([1_700_050_000], dtype=np.int64),
        promise_kept=np.array([promise_code(False)], dtype=np.int8),
    )
    people = [
        HealthInput(
            (HealthEvent(datetime.fromtimestamp(1_690_000_000, UTC), "email", "outbound"),)
        ),
        HealthInput((), cadence_days=30),
        HealthInput(
            (
                HealthEvent(datetime.fromtimestamp(1_700_000_000, UTC), "meeting", "both"),
                HealthEvent(
                    datetime.fromtimestamp(1_700_100_000, UTC),
                    "call",
                    "inbound",
                    "favour_received",
                ),
            ),
            (PromiseOutcome(datetime.fromtimestamp(1_700_050_000, UTC), kept=False),),
        ),
    ]
    expected = [health_at(p, DAY).value for p in people]
    np.testing.assert_allclose(health_all(arrays, DAY), expected, rtol=1e-12)


def test_codes_are_stable_positions_and_round_trip() -> None:
    assert [channel_code(c) for c in Channel] == list(range(len(Channel)))
    assert [direction_code(d) for d in Direction] == list(range(len(Direction)))
    assert [kind_code(k) for k in InteractionKind] == list(range(len(InteractionKind)))
    assert channel_code("email") == channel_code(Channel.EMAIL)
    assert (promise_code(True), promise_code(False), promise_code(None)) == (
        PROMISE_KEPT,
        PROMISE_BROKEN,
        PROMISE_OPEN,
    )
    assert channel_codes(["email", "call"]).dtype == np.int8


def test_an_unknown_stored_name_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="'fax'"):
        channel_codes(["email", "fax"])


def test_inconsistent_arrays_are_refused() -> None:
    ok = arrays_from_inputs(
        [HealthInput((HealthEvent(datetime(2023, 1, 1, tzinfo=UTC), "call", "both"),))]
    )
    with pytest.raises(ValueError, match="channel has 0 entries"):
        HealthArrays(
            ok.n_people,
            ok.person_index,
            ok.t,
            ok.channel[:0],
            ok.direction,
            ok.kind,
            ok.cadence_days,
        )
    with pytest.raises(ValueError, match=r"person_index must lie in 0\.\.0"):
        HealthArrays(
            1, ok.person_index + 1, ok.t, ok.channel, ok.direction, ok.kind, ok.cadence_days
        )
    with pytest.raises(ValueError, match="cadence_days has 2 entries"):
        HealthArrays(1, ok.person_index, ok.t, ok.channel, ok.direction, ok.kind, np.ones(2))


def test_no_people_at_all() -> None:
    assert health_all(arrays_from_inputs([]), DAY).shape == (0,)


def test_an_outbound_contact_in_the_same_second_as_a_reply_counts_as_answered() -> None:
    noon = datetime(2023, 12, 30, 12, tzinfo=UTC)
    same_second = HealthInput(
        (
            HealthEvent(noon, Channel.MESSAGE, Direction.OUTBOUND),
            HealthEvent(noon, Channel.MESSAGE, Direction.INBOUND),
            HealthEvent(noon, Channel.MESSAGE, Direction.OUTBOUND),
        )
    )
    assert health_terms(same_second, DAY).unanswered == 0
    score = health_at(same_second, DAY)
    np.testing.assert_allclose(health_all(arrays_from_inputs([same_second]), DAY), [score.value])
