"""The sync status line and when to sync next: back-off, debounce, the words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from relapp.domain.sync.status import (
    AFTER_CHANGE_AT_MOST,
    AFTER_CHANGE_QUIET,
    SYNC_EVERY,
    Failure,
    SyncState,
    changed,
    failed,
    new_password,
    next_sync_at,
    retry_delay,
    started,
    status_changes_at,
    status_text,
    succeeded,
)

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


def synced_at(at: datetime) -> SyncState:
    return succeeded(started(SyncState(), at), at, changes_until=at)


def test_never_synced_syncs_at_once_and_says_so() -> None:
    assert next_sync_at(SyncState(), T0) == T0
    assert status_text(SyncState(), T0) == "Not synced yet"


def test_a_running_sync_says_syncing_and_schedules_nothing() -> None:
    state = started(SyncState(), T0)
    assert status_text(state, T0 + minutes(3)) == "Syncing…"
    assert next_sync_at(state, T0) is None
    assert status_changes_at(state, T0) is None


@pytest.mark.parametrize(
    ("elapsed", "words"),
    [
        (timedelta(0), "Synced just now"),
        (timedelta(seconds=59), "Synced just now"),
        (timedelta(seconds=60), "Synced 1 minute ago"),
        (minutes(2), "Synced 2 minutes ago"),
        (minutes(2) + timedelta(seconds=59), "Synced 2 minutes ago"),
        (timedelta(hours=3), "Synced 3 hours ago"),
    ],
)
def test_synced_words_follow_the_one_time_ladder(elapsed: timedelta, words: str) -> None:
    assert status_text(synced_at(T0), T0 + elapsed) == words


def test_the_synced_line_is_redrawn_when_its_words_change() -> None:
    state = synced_at(T0)
    at = status_changes_at(state, T0 + timedelta(seconds=10))
    assert at == T0 + timedelta(seconds=60)
    assert status_text(state, at - timedelta(microseconds=1)) == "Synced just now"
    assert status_text(state, at) == "Synced 1 minute ago"


@pytest.mark.parametrize(
    ("failures", "delay"), [(1, 1), (2, 2), (3, 5), (4, 10), (5, 30), (6, 30), (40, 30)]
)
def test_back_off_climbs_then_holds_at_thirty_minutes(failures: int, delay: int) -> None:
    assert retry_delay(failures) == minutes(delay)


def test_retry_delay_needs_a_failure() -> None:
    with pytest.raises(ValueError, match="at least one failure"):
        retry_delay(0)


def test_failures_in_a_row_back_off_and_a_success_resets() -> None:
    state = synced_at(T0)
    at = T0
    waits = []
    for _ in range(6):
        at = next_sync_at(state, at) or at
        state = failed(started(state, at), at, Failure.OFFLINE)
        waits.append(next_sync_at(state, at) - at)  # type: ignore[operator]
    assert waits == [minutes(m) for m in (1, 2, 5, 10, 30, 30)]
    state = succeeded(started(state, at), at, changes_until=at)
    assert state.failures == 0
    state = failed(started(state, at), at, Failure.OFFLINE)
    assert next_sync_at(state, at) == at + minutes(1)


def test_offline_says_when_it_will_retry_rounding_up_to_whole_minutes() -> None:
    state = failed(synced_at(T0), T0, Failure.OFFLINE)  # first failure: 1 minute
    for _ in range(2):
        state = failed(state, T0, Failure.OFFLINE)  # third failure: 5 minutes
    assert status_text(state, T0) == "Offline — will retry in 5 minutes"
    assert status_text(state, T0 + timedelta(seconds=1)) == "Offline — will retry in 5 minutes"
    assert status_text(state, T0 + timedelta(seconds=60)) == "Offline — will retry in 4 minutes"
    assert (
        status_text(state, T0 + minutes(4) + timedelta(seconds=1))
        == "Offline — will retry in 1 minute"
    )
    assert status_text(state, T0 + minutes(5)) == "Offline — will retry now"


def test_the_retry_countdown_is_redrawn_at_each_minute() -> None:
    state = failed(
        failed(failed(SyncState(), T0, Failure.OFFLINE), T0, Failure.OFFLINE), T0, Failure.OFFLINE
    )
    now = T0 + timedelta(seconds=20)  # 4 min 40 s left: "in 5 minutes"
    at = status_changes_at(state, now)
    assert at == T0 + minutes(1)
    assert status_text(state, at - timedelta(microseconds=1)).endswith("in 5 minutes")
    assert status_text(state, at).endswith("in 4 minutes")


def test_server_errors_name_their_status_and_retry() -> None:
    state = failed(synced_at(T0), T0, Failure.SERVER, http_status=503)
    assert status_text(state, T0) == "The server had a problem (503) — will retry in 1 minute"
    timeout = failed(synced_at(T0), T0, Failure.TIMEOUT)
    assert status_text(timeout, T0).startswith("The server did not answer in time — will retry")


def test_an_unverified_certificate_says_so_and_retries_in_case_it_is_renewed() -> None:
    state = failed(synced_at(T0), T0, Failure.CERTIFICATE)
    assert status_text(state, T0) == (
        "The server's certificate could not be verified — will retry in 1 minute"
    )


def test_a_refused_password_is_not_retried_until_a_new_one_is_given() -> None:
    state = failed(synced_at(T0), T0, Failure.PASSWORD, http_status=401)
    assert status_text(state, T0 + timedelta(hours=5)) == "The server refused the password"
    assert next_sync_at(state, T0 + timedelta(hours=5)) is None
    assert next_sync_at(changed(state, T0), T0) is None
    assert status_changes_at(state, T0) is None
    again = new_password(state)
    assert next_sync_at(again, T0 + minutes(1)) == T0 + SYNC_EVERY


def test_without_changes_sync_every_few_minutes() -> None:
    assert next_sync_at(synced_at(T0), T0 + minutes(1)) == T0 + SYNC_EVERY


def test_a_change_syncs_shortly_after_the_last_keystroke() -> None:
    state = changed(synced_at(T0), T0 + minutes(1))
    assert next_sync_at(state, T0 + minutes(1)) == T0 + minutes(1) + AFTER_CHANGE_QUIET
    later = changed(state, T0 + minutes(1) + timedelta(seconds=8))
    assert next_sync_at(later, T0) == T0 + minutes(1) + timedelta(seconds=8) + AFTER_CHANGE_QUIET


def test_steady_changes_still_sync_within_a_minute_of_the_first() -> None:
    first = T0 + minutes(1)
    state = changed(synced_at(T0), first)
    at = first
    while at < first + minutes(2):  # a change every 5 s for two minutes
        at += timedelta(seconds=5)
        state = changed(state, at)
    assert next_sync_at(state, at) == first + AFTER_CHANGE_AT_MOST


def test_a_change_never_pushes_the_regular_sync_later() -> None:
    state = changed(synced_at(T0), T0 + SYNC_EVERY - timedelta(seconds=2))
    assert next_sync_at(state, T0) == T0 + SYNC_EVERY


def test_a_change_during_a_sync_stays_pending_after_it() -> None:
    state = started(synced_at(T0), T0 + minutes(5))
    state = changed(state, T0 + minutes(5) + timedelta(seconds=3))
    done = succeeded(state, T0 + minutes(5) + timedelta(seconds=4), changes_until=T0 + minutes(5))
    assert next_sync_at(done, done.last_success_at) == (  # type: ignore[arg-type]
        T0 + minutes(5) + timedelta(seconds=3) + AFTER_CHANGE_QUIET
    )
    earlier = changed(synced_at(T0), T0 + minutes(4))
    clean = succeeded(
        started(earlier, T0 + minutes(5)), T0 + minutes(5), changes_until=T0 + minutes(5)
    )
    assert clean.changed_since is None
    assert next_sync_at(clean, T0 + minutes(5)) == T0 + minutes(5) + SYNC_EVERY


def test_a_change_does_not_bring_a_retry_forward() -> None:
    state = failed(synced_at(T0), T0, Failure.OFFLINE)
    state = failed(state, T0, Failure.OFFLINE)  # 2 minutes
    assert next_sync_at(changed(state, T0 + timedelta(seconds=5)), T0) == T0 + minutes(2)
