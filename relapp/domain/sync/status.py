"""When to sync, and the status line that says how the last one went (issue 16).

Pure: every function takes the times it needs. The engine keeps one :class:`SyncState`
and replaces it after each event (:func:`started`, :func:`succeeded`, :func:`failed`,
:func:`changed`); :func:`next_sync_at` says when to sync next and :func:`status_text`
what the status line reads.

The rules:

- after a success, sync again every :data:`SYNC_EVERY`; a local change brings it forward
  to :data:`AFTER_CHANGE_QUIET` after the last change (so typing a note is one sync, not
  ten), but never later than :data:`AFTER_CHANGE_AT_MOST` after the first unsynced change;
- after a failure that may pass (offline, a timeout, a 5xx), retry after
  :data:`BACK_OFF` (1, 2, 5, 10, then every 30 minutes); a change does not bring a retry
  forward (it cannot bring the server back); a success resets the back-off;
- a refused password is not retried until the user gives one again (:func:`new_password`):
  retrying a wrong password only locks the account.
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from relapp.domain.i18n import N_, _, ngettext
from relapp.domain.timefmt import next_phrase_change, relative, span

SYNC_EVERY = timedelta(minutes=5)
AFTER_CHANGE_QUIET = timedelta(seconds=10)
AFTER_CHANGE_AT_MOST = timedelta(seconds=60)
BACK_OFF: tuple[timedelta, ...] = tuple(timedelta(minutes=m) for m in (1, 2, 5, 10, 30))


class Failure(enum.StrEnum):
    """Why a sync did not complete."""

    OFFLINE = "offline"  # no route, DNS, connection refused: the server cannot be reached
    TIMEOUT = "timeout"  # it was reached but did not answer in time
    SERVER = "server"  # it answered 5xx (or something it should not have)
    PASSWORD = "password"  # 401/403: it refused the user name or password
    CERTIFICATE = "certificate"  # its TLS certificate could not be verified (never skipped)

    @property
    def retries(self) -> bool:
        """Whether waiting may help (everything but a refused password)."""
        return self is not Failure.PASSWORD


@dataclass(frozen=True)
class SyncState:
    """What the scheduler knows. ``failures`` counts the failures since the last success;
    ``failure``/``http_status`` describe the last one. ``changed_since`` is the first local
    change not yet synced and ``last_change_at`` the latest."""

    last_success_at: datetime | None = None
    running_since: datetime | None = None
    failures: int = 0
    failure: Failure | None = None
    http_status: int | None = None
    failed_at: datetime | None = None
    changed_since: datetime | None = None
    last_change_at: datetime | None = None


def retry_delay(failures: int) -> timedelta:
    """How long to wait after ``failures`` failures in a row (1 -> 1 minute, 2 -> 2, 3 -> 5,
    4 -> 10, 5 and more -> 30)."""
    if failures < 1:
        raise ValueError(f"a retry follows at least one failure, got {failures}")
    return BACK_OFF[min(failures, len(BACK_OFF)) - 1]


def started(state: SyncState, now: datetime) -> SyncState:
    return replace(state, running_since=now)


def succeeded(state: SyncState, now: datetime, *, changes_until: datetime | None) -> SyncState:
    """A sync completed at ``now``. ``changes_until`` is when it started: a change made
    after that (while it ran) is still unsynced and keeps its debounce."""
    pending = state.last_change_at is not None and (
        changes_until is None or state.last_change_at > changes_until
    )
    return SyncState(
        last_success_at=now,
        changed_since=state.last_change_at if pending else None,
        last_change_at=state.last_change_at if pending else None,
    )


def failed(
    state: SyncState, now: datetime, failure: Failure, *, http_status: int | None = None
) -> SyncState:
    """A sync ended without completing; what it did not send stays pending."""
    return replace(
        state,
        running_since=None,
        failures=state.failures + 1,
        failure=failure,
        http_status=http_status,
        failed_at=now,
    )


def changed(state: SyncState, now: datetime) -> SyncState:
    """Something syncable changed locally at ``now``."""
    first = state.changed_since if state.changed_since is not None else now
    return replace(state, changed_since=first, last_change_at=now)


def new_password(state: SyncState) -> SyncState:
    """The user gave a password again: a refused one no longer holds syncing back."""
    if state.failure is not Failure.PASSWORD:
        return state
    return replace(state, failures=0, failure=None, http_status=None, failed_at=None)


def next_sync_at(state: SyncState, now: datetime) -> datetime | None:
    """When the next sync should start: ``now`` or earlier means at once; None means not
    by itself (one is running, or the password was refused)."""
    if state.running_since is not None:
        return None
    if state.failure is not None and state.failed_at is not None:
        if not state.failure.retries:
            return None
        return state.failed_at + retry_delay(state.failures)
    if state.last_success_at is None:
        return now  # never synced: sync now
    regular = state.last_success_at + SYNC_EVERY
    if state.changed_since is None or state.last_change_at is None:
        return regular
    soon = min(
        state.last_change_at + AFTER_CHANGE_QUIET, state.changed_since + AFTER_CHANGE_AT_MOST
    )
    return min(soon, regular)


# --- the status line -------------------------------------------------------------------------


def status_text(state: SyncState, now: datetime) -> str:
    """ "Syncing…", "Synced just now", "Synced 2 minutes ago", "Offline — will retry in 5
    minutes", "The server did not answer in time — will retry in 1 minute", "The server had
    a problem (503) — will retry in 2 minutes", "The server refused the password",
    "Not synced yet"."""
    if state.running_since is not None:
        return _("Syncing…")
    if state.failure is not None:
        words = _(_FAILURE_WORDS[state.failure])
        if state.failure is Failure.SERVER and state.http_status is not None:
            words = f"{words} ({state.http_status})"
        retry = next_sync_at(state, now)
        if retry is None:
            return words
        return _("{problem} — {retry}").format(problem=words, retry=retry_words(retry, now))
    if state.last_success_at is None:
        return _("Not synced yet")
    return _("Synced {when}").format(when=relative(state.last_success_at, now))


_FAILURE_WORDS = {
    Failure.OFFLINE: N_("Offline"),
    Failure.TIMEOUT: N_("The server did not answer in time"),
    Failure.SERVER: N_("The server had a problem"),
    Failure.PASSWORD: N_("The server refused the password"),
    Failure.CERTIFICATE: N_("The server's certificate could not be verified"),
}


def retry_words(at: datetime, now: datetime) -> str:
    """ "will retry in 5 minutes" (whole minutes, rounded up: a wait is never shorter than
    it says), "will retry now" when it is due."""
    seconds = (at - now).total_seconds()
    if seconds <= 0:
        return _("will retry now")
    minutes = math.ceil(seconds / 60)
    if minutes < 60:
        return ngettext("will retry in {n} minute", "will retry in {n} minutes", minutes).format(
            n=minutes
        )
    return _("will retry in {span}").format(span=span(seconds))


def status_changes_at(state: SyncState, now: datetime) -> datetime | None:
    """When :func:`status_text` next reads differently by time alone (so the status line is
    redrawn once then, not polled); None when only an event changes it."""
    if state.running_since is not None:
        return None
    if state.failure is not None:
        retry = next_sync_at(state, now)
        if retry is None:
            return None
        left = (retry - now).total_seconds()
        if left <= 0:
            return None
        # "in N minutes" turns "in N-1 minutes" when the time left crosses a whole minute
        step = timedelta(seconds=left - (math.ceil(left / 60) - 1) * 60)
        return now + step
    if state.last_success_at is None:
        return None
    return next_phrase_change(state.last_success_at, now)
