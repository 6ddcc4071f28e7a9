"""Birthdays and anniversaries that notify: on the morning, days before, once, caught up."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from relapp.domain.attention import occasion_concern
from relapp.domain.model import Birthday
from relapp.domain.occasions import (
    NoticeKey,
    Occasion,
    OccasionKind,
    OccasionSettings,
    days_between,
    due_notices,
    next_check,
    next_day,
)

BERLIN = ZoneInfo("Europe/Berlin")
DEFAULT = OccasionSettings()
CAROL = Occasion(1, "Carol", OccasionKind.BIRTHDAY, Birthday(6, 12, 1986))
WEDDING = Occasion(2, "Ann", OccasionKind.ANNIVERSARY, Birthday(6, 12, 2016))
LEAP = Occasion(3, "Leo", OccasionKind.BIRTHDAY, Birthday(2, 29))


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=BERLIN)  # type: ignore[misc]


def titles(found: list) -> list[str]:
    return [n.title for n in found]


def test_nothing_before_the_set_time_then_the_day_notice_at_it() -> None:
    assert due_notices([CAROL], at(2026, 6, 12, 8, 59), DEFAULT) == []
    found = due_notices([CAROL], at(2026, 6, 12, 9, 0), DEFAULT)
    assert titles(found) == ["Carol's birthday is today"]
    assert found[0].body == "Turns 40. Say happy birthday?"
    assert found[0].due_at == at(2026, 6, 12, 9, 0).astimezone(UTC)
    assert found[0].key == NoticeKey(1, OccasionKind.BIRTHDAY, 2026, 0)


def test_the_time_of_day_comes_from_the_settings() -> None:
    settings = OccasionSettings(at=time(7, 30))
    assert titles(due_notices([CAROL], at(2026, 6, 12, 7, 30), settings)) == [
        "Carol's birthday is today"
    ]


def test_once_per_person_per_year_per_kind() -> None:
    now = at(2026, 6, 12, 10, 0)
    first = due_notices([CAROL, WEDDING], now, DEFAULT)
    assert sorted(n.occasion.kind for n in first) == ["anniversary", "birthday"]
    again = due_notices([CAROL, WEDDING], now, DEFAULT, {n.key for n in first})
    assert again == []
    next_year = due_notices([CAROL], at(2027, 6, 12, 9, 0), DEFAULT, {n.key for n in first})
    assert titles(next_year) == ["Carol's birthday is today"]


def test_an_anniversary_counts_the_years() -> None:
    (found,) = due_notices([WEDDING], at(2026, 6, 12, 9, 0), DEFAULT)
    assert found.title == "Ann's anniversary is today"
    assert found.body.startswith("10 years.")


def test_days_before_adds_an_advance_notice_that_is_dropped_once_the_day_has_come() -> None:
    settings = OccasionSettings(days_before=3)
    assert titles(due_notices([CAROL], at(2026, 6, 9, 9, 0), settings)) == [
        "Carol's birthday is in 3 days (Fri 12 Jun)"
    ]
    assert due_notices([CAROL], at(2026, 6, 9, 8, 0), settings) == []
    # Relapp was closed from before the advance notice until the day itself: one notice.
    assert titles(due_notices([CAROL], at(2026, 6, 12, 9, 5), settings)) == [
        "Carol's birthday is today"
    ]
    assert titles(due_notices([CAROL], at(2026, 6, 9, 9, 0), DEFAULT)) == []


def test_a_missed_day_notifies_once_saying_when_up_to_a_week_back() -> None:
    assert titles(due_notices([CAROL], at(2026, 6, 13, 8, 0), DEFAULT)) == [
        "Carol's birthday was yesterday"
    ]
    (tuesday,) = due_notices([CAROL], at(2026, 6, 16, 12, 0), DEFAULT)
    assert tuesday.title == "Carol's birthday was on Friday (12 Jun)"
    assert tuesday.body == "Turns 40. Not too late to say it."
    assert len(due_notices([CAROL], at(2026, 6, 19, 23, 0), DEFAULT)) == 1
    assert due_notices([CAROL], at(2026, 6, 20, 0, 0), DEFAULT) == []


def test_a_missed_new_years_eve_is_caught_up_in_january() -> None:
    eve = Occasion(5, "Eve", OccasionKind.BIRTHDAY, Birthday(12, 31))
    (found,) = due_notices([eve], at(2027, 1, 2, 10, 0), DEFAULT)
    assert found.key.year == 2026
    assert found.title.startswith("Eve's birthday was on Thursday")


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (at(2027, 2, 28, 9, 0), ["Leo's birthday is today"]),  # not a leap year
        (at(2027, 3, 1, 9, 0), ["Leo's birthday was yesterday"]),
        (at(2028, 2, 28, 9, 0), []),  # a leap year: on the 29th
        (at(2028, 2, 29, 9, 0), ["Leo's birthday is today"]),
    ],
)
def test_29_february_falls_on_28_february_in_other_years(
    now: datetime, expected: list[str]
) -> None:
    assert titles(due_notices([LEAP], now, DEFAULT)) == expected


def test_the_same_day_as_the_today_view_says() -> None:
    concern = occasion_concern(LEAP, at(2027, 2, 28, 9, 0).date())
    assert concern is not None and concern.text == "Birthday today"


LEAP_WEDDING = Occasion(4, "Lee", OccasionKind.ANNIVERSARY, Birthday(2, 29, 2004))


@pytest.mark.parametrize("occasion", [CAROL, WEDDING, LEAP, LEAP_WEDDING])
@pytest.mark.parametrize(
    "today", [date(2026, 6, 1), date(2026, 6, 12), date(2027, 2, 20), date(2028, 2, 20)]
)
def test_today_and_the_notices_find_the_same_day_for_both_kinds(
    occasion: Occasion, today: date
) -> None:
    # Issue 17, one truth: the day Today counts down to is the day the notice comes on.
    concern = occasion_concern(occasion, today)
    if concern is None:
        return
    ahead = OccasionSettings(days_before=14)
    notices = due_notices([occasion], datetime.combine(today, time(23, 0), BERLIN), ahead)
    day = next_day(occasion.when, today)
    assert (day - today).days <= 14 and day in days_between(occasion.when, today, day)
    (notice,) = notices
    assert notice.day == day
    assert (concern.reason.value, notice.occasion.kind.value) == (occasion.kind.value,) * 2


def test_archived_people_never_notify() -> None:
    gone = Occasion(1, "Carol", OccasionKind.BIRTHDAY, Birthday(6, 12), archived=True)
    assert due_notices([gone], at(2026, 6, 12, 9, 0), DEFAULT) == []


def test_the_next_check_is_the_set_time_today_or_tomorrow_across_dst() -> None:
    assert next_check(at(2026, 3, 28, 8, 0), DEFAULT) == at(2026, 3, 28, 9, 0)
    after = next_check(at(2026, 3, 28, 9, 0), DEFAULT)
    assert after.astimezone(BERLIN) == at(2026, 3, 29, 9, 0)  # summer time began overnight
    assert after.astimezone(BERLIN).utcoffset() != at(2026, 3, 28, 9, 0).utcoffset()


def test_days_before_is_bounded() -> None:
    with pytest.raises(ValueError, match="days before"):
        OccasionSettings(days_before=400)


def test_only_days_that_passed_while_relapp_was_closed_are_caught_up() -> None:
    now = at(2026, 6, 13, 8, 0)
    closed_at_ten = at(2026, 6, 12, 10, 0)  # it ran at 9:00 on the day: that was the time
    assert due_notices([CAROL], now, DEFAULT, closed_since=closed_at_ten) == []
    closed_at_eight = at(2026, 6, 12, 8, 0)
    assert titles(due_notices([CAROL], now, DEFAULT, closed_since=closed_at_eight)) == [
        "Carol's birthday was yesterday"
    ]
    # Today's notice comes whenever it is found (the birthday entered at noon).
    noon = at(2026, 6, 12, 12, 0)
    assert titles(due_notices([CAROL], noon, DEFAULT, closed_since=noon)) == [
        "Carol's birthday is today"
    ]
