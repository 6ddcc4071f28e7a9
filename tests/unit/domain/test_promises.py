"""Promised callbacks: due times, snoozing, reminders, catch-up after downtime."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from relapp.domain.errors import InvalidInput
from relapp.domain.model import Channel
from relapp.domain.promises import (
    DueChoice,
    Promise,
    PromiseDraft,
    Promiser,
    PromiseStatus,
    catch_up,
    detect_clock_jump,
    due_for_notification,
    effective_due,
    group_due,
    is_overdue,
    is_snoozed,
    needs_notification,
    next_wakeup,
    quick_due,
    reminder_text,
    snooze,
    tomorrow_morning,
)

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
NOON = datetime(2024, 5, 14, 12, 0, tzinfo=UTC)
MIN = timedelta(minutes=1)
HOUR = timedelta(hours=1)


def promise(**changes: object) -> Promise:
    values: dict[str, object] = {
        "id": 1,
        "person_id": 7,
        "promiser": Promiser.ME,
        "what": "send the pricing",
        "channel": Channel.EMAIL,
        "due_at": NOON,
        "status": PromiseStatus.OPEN,
        "snoozed_until": None,
        "last_notified_at": None,
        "created_at": NOON - timedelta(days=2),
    }
    values.update(changes)
    return Promise(**values)  # type: ignore[arg-type]


def notified(p: Promise, at: datetime) -> Promise:
    return replace(p, last_notified_at=at)


# --- values -------------------------------------------------------------------------------


def test_due_time_given_in_local_time_is_kept_in_utc() -> None:
    local = datetime(2024, 7, 4, 15, 0, tzinfo=LONDON)
    draft = PromiseDraft(7, Promiser.ME, "call back", Channel.CALL, local)
    assert draft.due_at == local
    assert draft.due_at.tzinfo is UTC
    assert draft.due_at.hour == 14


def test_naive_due_time_is_refused() -> None:
    with pytest.raises(ValueError, match="due_at"):
        PromiseDraft(7, Promiser.ME, "call back", Channel.CALL, datetime(2024, 7, 4, 15))


def test_promise_without_what_is_invalid_input() -> None:
    with pytest.raises(InvalidInput) as caught:
        PromiseDraft(7, Promiser.ME, "   ", None, NOON)
    assert caught.value.field == "what"


def test_stored_times_are_normalised_to_utc() -> None:
    p = promise(snoozed_until=datetime(2024, 5, 14, 14, 0, tzinfo=LONDON))
    assert p.snoozed_until is not None
    assert p.snoozed_until.tzinfo is UTC
    assert p.snoozed_until == NOON + HOUR


def test_promise_gives_back_its_draft() -> None:
    p = promise(what="call about the rates", channel=Channel.CALL)
    assert p.draft() == PromiseDraft(7, Promiser.ME, "call about the rates", Channel.CALL, NOON)


# --- snoozing -----------------------------------------------------------------------------


def test_snooze_past_the_due_time_postpones_the_reminder() -> None:
    p = promise(snoozed_until=NOON + HOUR)
    assert effective_due(p) == NOON + HOUR
    assert is_snoozed(p, NOON + 10 * MIN)
    assert not is_overdue(p, NOON + 10 * MIN)
    assert not needs_notification(p, NOON + 10 * MIN)
    assert needs_notification(p, NOON + HOUR)


def test_snooze_ending_before_the_due_time_does_not_bring_it_forward() -> None:
    p = promise(snoozed_until=NOON - HOUR)
    assert effective_due(p) == NOON
    assert not is_snoozed(p, NOON - 2 * HOUR)
    assert not needs_notification(p, NOON - 30 * MIN)


def test_snooze_returns_now_plus_duration() -> None:
    now = NOON + 5 * MIN
    assert snooze(promise(), now, timedelta(minutes=15)) == NOON + 20 * MIN


def test_snooze_counts_real_time_across_a_clock_change() -> None:
    # London, 27 October 2024: 02:00 BST becomes 01:00 GMT.
    now_local = datetime(2024, 10, 27, 0, 30, tzinfo=LONDON)
    until = snooze(promise(), now_local, 2 * HOUR)
    assert until == datetime(2024, 10, 27, 1, 30, tzinfo=UTC)


def test_short_snooze_before_due_leaves_the_due_time_alone() -> None:
    p = promise()
    until = snooze(p, NOON - 2 * HOUR, HOUR)
    assert effective_due(replace(p, snoozed_until=until)) == NOON


def test_long_snooze_before_due_moves_the_reminder_past_the_due_time() -> None:
    p = promise()
    until = snooze(p, NOON - HOUR, 3 * HOUR)
    assert effective_due(replace(p, snoozed_until=until)) == NOON + 2 * HOUR


def test_reminder_comes_back_when_a_snooze_after_notification_ends() -> None:
    p = notified(promise(), NOON)
    assert not needs_notification(p, NOON + 5 * MIN)
    p = replace(p, snoozed_until=snooze(p, NOON + 5 * MIN, timedelta(minutes=10)))
    assert not needs_notification(p, NOON + 14 * MIN)
    assert needs_notification(p, NOON + 15 * MIN)


@pytest.mark.parametrize("status", [PromiseStatus.DONE, PromiseStatus.CANCELLED])
def test_only_open_promises_can_be_snoozed(status: PromiseStatus) -> None:
    with pytest.raises(ValueError, match="open"):
        snooze(promise(status=status), NOON, HOUR)


@pytest.mark.parametrize("duration", [timedelta(0), -MIN])
def test_a_snooze_must_last(duration: timedelta) -> None:
    with pytest.raises(ValueError):
        snooze(promise(), NOON, duration)


# --- notification -------------------------------------------------------------------------


def test_notifies_once_the_due_time_comes_and_not_before() -> None:
    p = promise()
    assert not needs_notification(p, NOON - timedelta(seconds=1))
    assert needs_notification(p, NOON)
    assert needs_notification(p, NOON + 3 * HOUR)


def test_does_not_notify_again_after_notifying() -> None:
    assert not needs_notification(notified(promise(), NOON + MIN), NOON + HOUR)
    assert not needs_notification(notified(promise(), NOON), NOON)


def test_a_notification_from_before_the_due_time_does_not_count() -> None:
    assert needs_notification(notified(promise(), NOON - MIN), NOON)


@pytest.mark.parametrize("status", [PromiseStatus.DONE, PromiseStatus.CANCELLED])
def test_closed_promises_never_notify(status: PromiseStatus) -> None:
    assert not needs_notification(promise(status=status), NOON + HOUR)
    assert not is_overdue(promise(status=status), NOON + HOUR)


def test_promises_made_to_me_also_notify() -> None:
    assert needs_notification(promise(promiser=Promiser.THEM), NOON)


def test_due_for_notification_lists_earliest_first() -> None:
    early = promise(id=2, due_at=NOON - HOUR)
    late = promise(id=3, due_at=NOON)
    already = notified(promise(id=4, due_at=NOON - 2 * HOUR), NOON - HOUR)
    future = promise(id=5, due_at=NOON + HOUR)
    assert due_for_notification([late, future, already, early], NOON) == [early, late]


# --- a single timer -----------------------------------------------------------------------


def test_next_wakeup_is_the_earliest_future_due_time() -> None:
    promises = [
        promise(id=1, due_at=NOON + 3 * HOUR),
        promise(id=2, due_at=NOON + HOUR),
        promise(id=3, due_at=NOON - HOUR),
    ]
    assert next_wakeup(promises, NOON) == NOON + HOUR


def test_next_wakeup_ignores_done_and_cancelled_promises() -> None:
    promises = [
        promise(id=1, due_at=NOON + HOUR, status=PromiseStatus.DONE),
        promise(id=2, due_at=NOON + 2 * HOUR, status=PromiseStatus.CANCELLED),
        promise(id=3, due_at=NOON + 5 * HOUR),
    ]
    assert next_wakeup(promises, NOON) == NOON + 5 * HOUR


def test_next_wakeup_follows_snoozes() -> None:
    promises = [promise(due_at=NOON - HOUR, snoozed_until=NOON + 10 * MIN)]
    assert next_wakeup(promises, NOON) == NOON + 10 * MIN


def test_next_wakeup_is_none_when_nothing_is_ahead() -> None:
    assert next_wakeup([], NOON) is None
    assert next_wakeup([promise(due_at=NOON)], NOON) is None
    assert next_wakeup([promise(due_at=NOON + HOUR, status=PromiseStatus.DONE)], NOON) is None


# --- catching up after downtime -----------------------------------------------------------

CLOSED_AT = NOON - 8 * HOUR


def test_catch_up_lists_what_fell_due_while_closed() -> None:
    while_closed = promise(id=1, due_at=NOON - 2 * HOUR)
    before_closing = promise(id=2, due_at=CLOSED_AT - HOUR)
    still_ahead = promise(id=3, due_at=NOON + HOUR)
    done = promise(id=4, due_at=NOON - HOUR, status=PromiseStatus.DONE)
    result = catch_up([still_ahead, before_closing, done, while_closed], NOON, CLOSED_AT)
    assert result.items == (while_closed,)


def test_catch_up_skips_what_was_already_notified() -> None:
    shown = notified(promise(due_at=NOON - 2 * HOUR), NOON - 2 * HOUR)
    assert not catch_up([shown], NOON, CLOSED_AT)


def test_catch_up_notifies_only_once() -> None:
    promises = [promise(id=i, due_at=NOON - i * HOUR) for i in range(1, 4)]
    first = catch_up(promises, NOON, CLOSED_AT)
    assert len(first) == 3
    shown = [notified(p, NOON) for p in promises]
    assert not catch_up(shown, NOON + MIN, CLOSED_AT)
    assert due_for_notification(shown, NOON + MIN) == []


def test_catch_up_without_a_last_seen_time_takes_everything_pending() -> None:
    old = promise(id=1, due_at=NOON - timedelta(days=30))
    assert catch_up([old], NOON, None).items == (old,)


def test_snooze_that_ended_while_closed_is_caught_up() -> None:
    p = notified(promise(due_at=CLOSED_AT - HOUR, snoozed_until=NOON - HOUR), CLOSED_AT - HOUR)
    assert catch_up([p], NOON, CLOSED_AT).items == (p,)


NAMES = {1: "Carol", 2: "Dan", 3: "Jeff", 4: "Anna", 5: "Sam"}


def test_catch_up_summary_has_a_line_each_for_a_few() -> None:
    carol = promise(id=1, person_id=1, what="about the rates", channel=Channel.CALL)
    dan = promise(id=2, person_id=2, promiser=Promiser.THEM, what="send the quotes")
    dan = replace(dan, due_at=NOON - HOUR)
    text = catch_up([carol, dan], NOON, CLOSED_AT).summary_text(NAMES)
    assert text.splitlines() == [
        "2 promises fell due while Relapp was closed:",
        "Dan owes you: send the quotes",
        "Call Carol: about the rates",
    ]


def test_catch_up_summary_of_one() -> None:
    carol = promise(person_id=1, what="about the rates", channel=Channel.CALL)
    text = catch_up([carol], NOON, CLOSED_AT).summary_text(NAMES)
    assert text == "A promise fell due while Relapp was closed:\nCall Carol: about the rates"


def test_catch_up_summary_of_many_is_one_line() -> None:
    carol = promise(id=1, person_id=1, channel=Channel.CALL, due_at=NOON - 5 * HOUR)
    dan = promise(id=2, person_id=2, promiser=Promiser.THEM, due_at=NOON - 4 * HOUR)
    others = [promise(id=i, person_id=i, due_at=NOON - HOUR) for i in (3, 4, 5)]
    text = catch_up([*others, dan, carol], NOON, CLOSED_AT).summary_text(NAMES)
    assert text == (
        "5 promises fell due while Relapp was closed: call Carol, nudge Dan, and 3 more"
    )


def test_empty_catch_up_has_no_text() -> None:
    assert catch_up([], NOON, CLOSED_AT).summary_text(NAMES) == ""


# --- clock jumps --------------------------------------------------------------------------


def test_suspend_is_a_clock_jump() -> None:
    assert detect_clock_jump(timedelta(seconds=60), timedelta(hours=2, seconds=60))


def test_clock_set_back_is_a_clock_jump() -> None:
    assert detect_clock_jump(timedelta(seconds=60), timedelta(minutes=-59))


def test_ordinary_drift_is_not_a_clock_jump() -> None:
    assert not detect_clock_jump(timedelta(seconds=60), timedelta(seconds=62))
    assert not detect_clock_jump(timedelta(seconds=60), timedelta(seconds=65))
    assert detect_clock_jump(timedelta(seconds=60), timedelta(seconds=65, milliseconds=1))


def test_clock_jump_tolerance_can_be_chosen() -> None:
    assert detect_clock_jump(timedelta(seconds=60), timedelta(seconds=62), timedelta(seconds=1))
    with pytest.raises(ValueError):
        detect_clock_jump(timedelta(seconds=60), timedelta(seconds=60), timedelta(seconds=-1))


# --- quick due times ----------------------------------------------------------------------


def at(zone: ZoneInfo, *parts: int) -> datetime:
    return datetime(*parts, tzinfo=zone)  # type: ignore[misc]


def real(moment: datetime) -> datetime:
    """In UTC, so that differences are elapsed time, not wall-clock time."""
    return moment.astimezone(UTC)


@pytest.mark.parametrize(
    ("now", "due"),
    [
        ((10, 7), (13, 30)),
        ((10, 0), (13, 0)),
        ((10, 30), (13, 30)),
        ((10, 31), (14, 0)),
        ((17, 45), (21, 0)),
    ],
)
def test_later_today_is_three_hours_on_rounded_up_to_the_half_hour(
    now: tuple[int, int], due: tuple[int, int]
) -> None:
    result = quick_due(DueChoice.LATER_TODAY, at(LONDON, 2024, 5, 14, *now))
    assert result == at(LONDON, 2024, 5, 14, *due)


def test_later_today_rounds_up_seconds_too() -> None:
    result = quick_due(DueChoice.LATER_TODAY, at(LONDON, 2024, 5, 14, 10, 0, 1))
    assert result == at(LONDON, 2024, 5, 14, 13, 30)


@pytest.mark.parametrize("now", [(18, 1), (20, 0), (22, 30), (23, 59)])
def test_later_today_in_the_evening_becomes_tomorrow_morning(now: tuple[int, int]) -> None:
    result = quick_due(DueChoice.LATER_TODAY, at(LONDON, 2024, 5, 14, *now))
    assert result == at(LONDON, 2024, 5, 15, 9, 0)


def test_later_today_counts_real_hours_when_the_clocks_go_forward() -> None:
    # London, 31 March 2024: 01:00 GMT becomes 02:00 BST.
    now = at(LONDON, 2024, 3, 31, 0, 10)
    result = quick_due(DueChoice.LATER_TODAY, now)
    assert result == at(LONDON, 2024, 3, 31, 4, 30)
    assert real(result) - real(now) >= timedelta(hours=3)
    assert result.utcoffset() == HOUR


def test_later_today_counts_real_hours_when_the_clocks_go_back() -> None:
    # New York, 3 November 2024: 02:00 EDT becomes 01:00 EST.
    now = at(NEW_YORK, 2024, 11, 3, 0, 20)
    result = quick_due(DueChoice.LATER_TODAY, now)
    assert result.astimezone(UTC) == datetime(2024, 11, 3, 7, 30, tzinfo=UTC)
    assert (result.hour, result.minute) == (2, 30)
    assert result.utcoffset() == timedelta(hours=-5)


def test_tomorrow_morning_is_nine_the_next_day() -> None:
    now = at(NEW_YORK, 2024, 5, 14, 23, 50)
    assert quick_due(DueChoice.TOMORROW_MORNING, now) == at(NEW_YORK, 2024, 5, 15, 9, 0)
    assert tomorrow_morning(now) == at(NEW_YORK, 2024, 5, 15, 9, 0)


def test_tomorrow_morning_across_the_spring_change_is_nine_local() -> None:
    result = tomorrow_morning(at(LONDON, 2024, 3, 30, 20, 0))
    assert result.astimezone(UTC) == datetime(2024, 3, 31, 8, 0, tzinfo=UTC)
    assert result.astimezone(LONDON).time() == time(9, 0)


def test_tomorrow_morning_across_the_autumn_change_is_nine_local() -> None:
    result = tomorrow_morning(at(NEW_YORK, 2024, 11, 2, 18, 0))
    assert result.astimezone(UTC) == datetime(2024, 11, 3, 14, 0, tzinfo=UTC)


THURSDAY = (2024, 3, 7)  # a Thursday; New York moves its clocks on Sunday 10 March


def test_weekday_at_hour_finds_thursday_later_in_the_week() -> None:
    monday = at(NEW_YORK, 2024, 3, 4, 11, 0)
    assert quick_due(DueChoice.WEEKDAY_AT_HOUR, monday) == at(NEW_YORK, *THURSDAY, 15, 0)


def test_on_thursday_before_three_it_is_today() -> None:
    now = at(NEW_YORK, *THURSDAY, 14, 59)
    assert quick_due(DueChoice.WEEKDAY_AT_HOUR, now) == at(NEW_YORK, *THURSDAY, 15, 0)


@pytest.mark.parametrize("now", [(15, 0), (15, 1), (22, 0)])
def test_on_thursday_from_three_on_it_is_next_week(now: tuple[int, int]) -> None:
    # The following Thursday is after the change to daylight time: still 15:00 local.
    result = quick_due(DueChoice.WEEKDAY_AT_HOUR, at(NEW_YORK, *THURSDAY, *now))
    assert result == at(NEW_YORK, 2024, 3, 14, 15, 0)
    assert result.astimezone(UTC) == datetime(2024, 3, 14, 19, 0, tzinfo=UTC)


def test_weekday_and_hour_are_adjustable() -> None:
    friday = at(LONDON, 2024, 3, 8, 9, 0)
    result = quick_due(DueChoice.WEEKDAY_AT_HOUR, friday, weekday=0, hour=10)
    assert result == at(LONDON, 2024, 3, 11, 10, 0)


@pytest.mark.parametrize(("weekday", "hour"), [(7, 15), (-1, 15), (3, 24)])
def test_weekday_and_hour_must_exist(weekday: int, hour: int) -> None:
    with pytest.raises(ValueError):
        quick_due(DueChoice.WEEKDAY_AT_HOUR, NOON, weekday=weekday, hour=hour)


def test_in_a_week_keeps_the_wall_time_across_the_spring_change() -> None:
    now = at(NEW_YORK, 2024, 3, 5, 10, 0)
    result = quick_due(DueChoice.IN_A_WEEK, now)
    assert result == at(NEW_YORK, 2024, 3, 12, 10, 0)
    assert real(result) - real(now) == timedelta(days=7) - HOUR


def test_in_a_week_keeps_the_wall_time_across_the_autumn_change() -> None:
    now = at(LONDON, 2024, 10, 22, 16, 45)
    result = quick_due(DueChoice.IN_A_WEEK, now)
    assert result.astimezone(LONDON).time() == time(16, 45)
    assert real(result) - real(now) == timedelta(days=7) + HOUR


def test_in_a_week_from_a_time_that_will_not_exist_moves_forward() -> None:
    # 02:30 on 10 March 2024 does not happen in New York.
    result = quick_due(DueChoice.IN_A_WEEK, at(NEW_YORK, 2024, 3, 3, 2, 30))
    assert result.astimezone(UTC) == datetime(2024, 3, 10, 7, 30, tzinfo=UTC)
    assert result.astimezone(NEW_YORK).time() == time(3, 30)


def test_custom_has_no_quick_time() -> None:
    with pytest.raises(ValueError, match="ask the user"):
        quick_due(DueChoice.CUSTOM, at(LONDON, 2024, 5, 14, 10, 0))


def test_quick_times_need_a_local_zone() -> None:
    with pytest.raises(ValueError, match="now_local"):
        quick_due(DueChoice.TOMORROW_MORNING, datetime(2024, 5, 14, 10, 0))


QUICK = [c for c in DueChoice if c is not DueChoice.CUSTOM]


@given(
    moment=st.datetimes(
        min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
    ),
    zone=st.sampled_from([LONDON, NEW_YORK]),
    choice=st.sampled_from(QUICK),
)
def test_quick_times_are_always_ahead_and_on_sensible_wall_times(
    moment: datetime, zone: ZoneInfo, choice: DueChoice
) -> None:
    now_local = moment.astimezone(zone)
    due = quick_due(choice, now_local)
    assert real(due) > real(now_local)
    assert due.tzinfo is zone
    wall = due.astimezone(zone)
    if choice is DueChoice.LATER_TODAY:
        is_tomorrow_morning = due == tomorrow_morning(now_local)
        assert is_tomorrow_morning or (
            real(due) - real(now_local) >= timedelta(hours=3)
            and wall.date() == now_local.date()
            and wall.time() <= time(21, 0)
            and wall.minute in (0, 30)
        )
    elif choice is DueChoice.TOMORROW_MORNING:
        assert wall.time() == time(9, 0)
        assert (wall.date() - now_local.date()).days == 1
    elif choice is DueChoice.WEEKDAY_AT_HOUR:
        assert (wall.weekday(), wall.time()) == (3, time(15, 0))
        assert 0 <= (wall.date() - now_local.date()).days <= 7


# --- reminder wording ---------------------------------------------------------------------


def test_my_reminder_names_channel_person_and_wishes() -> None:
    p = promise(what="send the pricing", channel=Channel.EMAIL)
    assert reminder_text("Jeff", p, Channel.EMAIL, frozenset({Channel.CALL})) == (
        "Email Jeff: send the pricing",
        "prefers email, not phone",
    )


@pytest.mark.parametrize(
    ("channel", "verb"),
    [
        (Channel.EMAIL, "Email"),
        (Channel.CALL, "Call"),
        (Channel.MEETING, "Meet"),
        (Channel.MESSAGE, "Message"),
        (Channel.VIDEO, "Video-call"),
        (Channel.LETTER, "Write to"),
        (Channel.SOCIAL, "Contact"),
        (Channel.OTHER, "Contact"),
        (None, "Contact"),
    ],
)
def test_reminder_verb_follows_the_channel(channel: Channel | None, verb: str) -> None:
    title, _ = reminder_text(
        "Jeff", promise(what="the pricing", channel=channel), None, frozenset()
    )
    assert title == f"{verb} Jeff: the pricing"


def test_reminder_without_a_channel_uses_the_preferred_one() -> None:
    title, _ = reminder_text("Jeff", promise(channel=None), Channel.MESSAGE, frozenset())
    assert title.startswith("Message Jeff")


def test_reminder_does_not_suggest_a_preferred_channel_that_is_also_avoided() -> None:
    p = promise(channel=None)
    title, body = reminder_text("Jeff", p, Channel.CALL, frozenset({Channel.CALL}))
    assert title.startswith("Contact Jeff")
    assert body == "not phone"


def test_reminder_lists_every_avoided_channel() -> None:
    avoid = frozenset({Channel.VIDEO, Channel.CALL})
    _, body = reminder_text("Jeff", promise(), Channel.EMAIL, avoid)
    assert body == "prefers email, not phone or video calls"


def test_my_reminder_without_wishes_still_has_a_body() -> None:
    assert reminder_text("Jeff", promise(), None, frozenset())[1] == "You said you would."


def test_their_promise_reminds_me_what_they_owe() -> None:
    p = promise(promiser=Promiser.THEM, what="send the quotes", channel=None)
    assert reminder_text("Dan", p, Channel.EMAIL, frozenset()) == (
        "Dan owes you: send the quotes",
        "Nudge Dan? (prefers email)",
    )
    assert reminder_text("Dan", p, None, frozenset())[1] == "Nudge Dan?"


# --- the tray's lists ---------------------------------------------------------------------


def test_group_due_sorts_open_promises_into_the_tray_lists() -> None:
    now_local = at(NEW_YORK, 2024, 5, 14, 18, 0)
    now = now_local.astimezone(UTC)
    late = promise(id=1, due_at=now - 2 * HOUR)
    later_late = promise(id=2, due_at=now - HOUR)
    tonight = promise(id=3, due_at=at(NEW_YORK, 2024, 5, 14, 23, 30))  # 03:30 UTC next day
    snoozed = promise(id=4, due_at=now - HOUR, snoozed_until=now + HOUR)
    tomorrow = promise(id=5, due_at=at(NEW_YORK, 2024, 5, 15, 9, 0))
    owed_late = promise(id=6, promiser=Promiser.THEM, due_at=now - HOUR)
    owed_soon = promise(id=7, promiser=Promiser.THEM, due_at=now + HOUR)
    done = promise(id=8, due_at=now - HOUR, status=PromiseStatus.DONE)
    owed_cancelled = promise(id=9, promiser=Promiser.THEM, status=PromiseStatus.CANCELLED)

    groups = group_due(
        [tomorrow, owed_soon, done, tonight, later_late, snoozed, owed_cancelled, late, owed_late],
        now_local,
    )
    assert groups.overdue == (late, later_late)
    assert groups.today == (snoozed, tonight)
    assert groups.upcoming == (tomorrow,)
    assert groups.owed_to_me == (owed_late, owed_soon)
