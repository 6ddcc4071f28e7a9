"""Recurring promises: the rule, its next occurrence across DST changes, and its words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from relapp.domain.errors import InvalidInput
from relapp.domain.recurrence import (
    Repeat,
    Unit,
    check_rule,
    custom_rule,
    describe,
    interval_of,
    next_occurrence,
    repeat_of,
    rule_for,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def local(zone: ZoneInfo, *args: int) -> datetime:
    return datetime(*args, tzinfo=zone)  # type: ignore[misc]


def chain(rule: str, first: datetime, zone: ZoneInfo, count: int) -> list[datetime]:
    """``count`` occurrences after ``first``, each done the moment it fell due."""
    out, due = [], first.astimezone(UTC)
    for _ in range(count):
        nxt = next_occurrence(rule, due, due, zone)
        assert nxt is not None
        out.append(nxt.astimezone(zone))
        due = nxt
    return out


@pytest.mark.parametrize(
    ("zone", "start"),
    [
        (BERLIN, (2026, 3, 22, 18, 0)),  # spring forward on 29 March
        (BERLIN, (2026, 10, 18, 18, 0)),  # fall back on 25 October
        (NEW_YORK, (2026, 3, 1, 18, 0)),  # spring forward on 8 March
        (NEW_YORK, (2026, 10, 25, 18, 0)),  # fall back on 1 November
    ],
)
def test_every_sunday_at_18_stays_at_18_across_dst(zone: ZoneInfo, start: tuple[int, ...]) -> None:
    first = local(zone, *start)
    rule = rule_for(Repeat.WEEKLY, first)
    assert rule is not None
    got = chain(rule, first, zone, 3)
    assert [(d.weekday(), d.hour, d.minute) for d in got] == [(6, 18, 0)] * 3
    offsets = {d.utcoffset() for d in [first, *got]}
    assert len(offsets) == 2  # the UTC offset did change in between
    assert [(d - first).days for d in got] == [7, 14, 21]


def test_a_daily_time_skipped_by_spring_forward_moves_only_that_once() -> None:
    first = local(BERLIN, 2026, 3, 28, 2, 30)
    rule = rule_for(Repeat.DAILY, first)
    assert rule is not None
    got = chain(rule, first, BERLIN, 3)
    assert [(d.day, d.hour, d.minute) for d in got] == [(29, 3, 30), (30, 2, 30), (31, 2, 30)]


def test_a_daily_time_repeated_by_fall_back_is_due_once() -> None:
    first = local(NEW_YORK, 2026, 10, 31, 1, 30)
    rule = rule_for(Repeat.DAILY, first)
    assert rule is not None
    got = chain(rule, first, NEW_YORK, 2)
    assert [(d.day, d.hour, d.minute) for d in got] == [(1, 1, 30), (2, 1, 30)]


def test_monthly_on_the_31st_falls_on_the_last_day_of_shorter_months() -> None:
    first = local(BERLIN, 2027, 1, 31, 9, 0)
    rule = rule_for(Repeat.MONTHLY, first)
    assert rule is not None
    got = chain(rule, first, BERLIN, 4)
    assert [(d.month, d.day) for d in got] == [(2, 28), (3, 31), (4, 30), (5, 31)]
    assert describe(rule, first) == (
        "on the 31st of every month at 09:00 (the last day in shorter months)"
    )


def test_a_plain_rfc_bymonthday_31_skips_months_as_written() -> None:
    first = local(BERLIN, 2027, 1, 31, 9, 0)
    got = chain("FREQ=MONTHLY;BYMONTHDAY=31", first, BERLIN, 2)
    assert [(d.month, d.day) for d in got] == [(3, 31), (5, 31)]


def test_yearly_on_29_february_is_kept_on_28_february_in_other_years() -> None:
    first = local(BERLIN, 2024, 2, 29, 9, 0)
    rule = rule_for(Repeat.YEARLY, first)
    assert rule is not None
    got = chain(rule, first, BERLIN, 4)
    assert [(d.year, d.month, d.day) for d in got] == [
        (2025, 2, 28),
        (2026, 2, 28),
        (2027, 2, 28),
        (2028, 2, 29),
    ]


def test_done_late_the_next_one_is_the_next_ahead_done_early_the_one_after() -> None:
    due = local(BERLIN, 2026, 6, 7, 18, 0)  # a Sunday
    rule = rule_for(Repeat.WEEKLY, due)
    assert rule is not None
    late = next_occurrence(rule, due, local(BERLIN, 2026, 6, 24, 10, 0), BERLIN)
    early = next_occurrence(rule, due, local(BERLIN, 2026, 6, 6, 10, 0), BERLIN)
    assert late is not None and late.astimezone(BERLIN) == local(BERLIN, 2026, 6, 28, 18, 0)
    assert early is not None and early.astimezone(BERLIN) == local(BERLIN, 2026, 6, 14, 18, 0)


def test_a_rule_that_has_ended_has_no_next_occurrence() -> None:
    due = local(BERLIN, 2026, 6, 7, 18, 0)
    assert next_occurrence("FREQ=DAILY;COUNT=1", due, due, BERLIN) is None


@pytest.mark.parametrize(
    ("rule", "due", "words"),
    [
        ("FREQ=WEEKLY;BYDAY=SU;BYHOUR=18;BYMINUTE=0", (2026, 6, 7, 18), "every Sunday at 18:00"),
        ("FREQ=MONTHLY;BYMONTHDAY=1", (2026, 6, 1, 9), "on the 1st of every month at 09:00"),
        ("FREQ=WEEKLY;INTERVAL=2", (2026, 6, 7, 18), "every 2 weeks on Sunday at 18:00"),
        ("FREQ=DAILY;BYHOUR=8;BYMINUTE=15", (2026, 6, 7, 18), "every day at 08:15"),
        ("FREQ=YEARLY", (2026, 3, 3, 9), "every year on 3 March at 09:00"),
        ("FREQ=MONTHLY;BYDAY=1MO", (2026, 6, 1, 9), "on the first Monday of every month at 09:00"),
        (
            "FREQ=MONTHLY;BYMONTHDAY=22;INTERVAL=3",
            (2026, 6, 22, 9),
            ("on the 22nd of every 3 months at 09:00"),
        ),
        ("FREQ=WEEKLY;BYDAY=MO,TH", (2026, 6, 1, 9), "every Monday and Thursday at 09:00"),
    ],
)
def test_the_rule_in_words(rule: str, due: tuple[int, ...], words: str) -> None:
    assert describe(rule, local(BERLIN, *due)) == words


def test_the_chooser_round_trips_its_choices_and_custom_intervals() -> None:
    due = local(BERLIN, 2026, 6, 7, 18, 0)
    for repeat in Repeat:
        assert repeat_of(rule_for(repeat, due), due) is repeat
    rule = custom_rule(Unit.WEEKS, 2, due)
    assert repeat_of(rule, due) is None
    assert interval_of(rule) == (Unit.WEEKS, 2)
    assert describe(rule, due) == "every 2 weeks on Sunday at 18:00"


@pytest.mark.parametrize("bad", ["", "FREQ=HOURLY", "FREQ=WEEKLY;BYDAY=XX", "nonsense", "X" * 600])
def test_a_bad_rule_says_what_is_wrong(bad: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        check_rule(bad)
    assert caught.value.field == "Repeat"
    assert "repeat rule" in caught.value.message


def test_a_count_says_how_many_are_left_as_the_series_moves_on() -> None:
    from relapp.domain.recurrence import move_on

    first = local(BERLIN, 2027, 3, 21, 18, 0)  # a Sunday; clocks go forward on 28 March
    rule = "FREQ=WEEKLY;COUNT=3;BYDAY=SU;BYHOUR=18;BYMINUTE=0"
    seen, due = [], first.astimezone(UTC)
    while (moved := move_on(rule, due, due, BERLIN)) is not None:
        due, rule = moved
        seen.append((due.astimezone(BERLIN).day, rule))
    # Three occurrences in all (21, 28 March, 4 April), not three more after each one.
    assert seen == [
        (28, "FREQ=WEEKLY;COUNT=2;BYDAY=SU;BYHOUR=18;BYMINUTE=0"),
        (4, "FREQ=WEEKLY;COUNT=1;BYDAY=SU;BYHOUR=18;BYMINUTE=0"),
    ]
    # Done late, the missed ones count as passed: 8 days late, one is left (4 April).
    late = first.astimezone(UTC) + timedelta(days=8)
    start = "FREQ=WEEKLY;COUNT=3;BYDAY=SU;BYHOUR=18;BYMINUTE=0"
    got = move_on(start, first.astimezone(UTC), late, BERLIN)
    assert got is not None and got[1].startswith("FREQ=WEEKLY;COUNT=1;")
    assert move_on(start, first.astimezone(UTC), late + timedelta(days=7), BERLIN) is None
    # Without COUNT the rule goes on as it is.
    endless = "FREQ=WEEKLY;BYDAY=SU;BYHOUR=18;BYMINUTE=0"
    assert move_on(endless, first.astimezone(UTC), first, BERLIN) == (
        local(BERLIN, 2027, 3, 28, 18, 0).astimezone(UTC),
        endless,
    )


def test_a_count_says_in_words_how_many_are_left() -> None:
    due = local(BERLIN, 2027, 3, 21, 18, 0)
    rule = "FREQ=WEEKLY;COUNT=3;BYDAY=SU;BYHOUR=18;BYMINUTE=0"
    assert describe(rule, due) == "every Sunday at 18:00, 3 times including this one"
    assert (
        describe(rule.replace("COUNT=3", "COUNT=1"), due) == "every Sunday at 18:00, the last time"
    )
