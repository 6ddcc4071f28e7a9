"""What a sync raised, as the status rule's failure (the status line's words come from
``domain.sync.status`` only): the DAV client's kinds map one to one, an unverifiable
certificate says so, a missing password is treated as a refused one (not retried until
the user gives one), anything else out of the ordinary is the server's problem."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from relapp.domain.sync.status import Failure
from relapp.services.sync.dav import DavError
from relapp.services.sync.dav import Failure as Kind
from relapp.services.sync.engine import NoPassword, SyncIncomplete
from relapp.services.sync.tally import Tally
from relapp.ui.sync.scheduler import SyncScheduler, failure_of


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (DavError(Kind.OFFLINE, "could not reach dav.example.com"), (Failure.OFFLINE, None)),
        (
            DavError(Kind.OFFLINE, "the certificate of dav.example.com could not be verified"),
            (Failure.CERTIFICATE, None),
        ),
        (DavError(Kind.TIMEOUT, "did not answer within 60 s"), (Failure.TIMEOUT, None)),
        (DavError(Kind.SERVER, "had a problem (503)", 503), (Failure.SERVER, 503)),
        (DavError(Kind.LOGIN, "refused (401)", 401), (Failure.PASSWORD, 401)),
        (DavError(Kind.PROTOCOL, "answered 418", 418), (Failure.SERVER, 418)),
        (NoPassword("no password for u@x"), (Failure.PASSWORD, None)),
        (RuntimeError("a bug"), (Failure.SERVER, None)),
    ],
)
def test_failure_of(error: BaseException, expected: tuple[Failure, int | None]) -> None:
    assert failure_of(error) == expected
    if isinstance(error, DavError):
        assert failure_of(SyncIncomplete(error, Tally())) == expected


def test_the_status_line_reads_the_rule_and_adds_where_to_fix_a_password(qapp) -> None:
    now = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
    scheduler = SyncScheduler(lambda: now)
    scheduler.set_enabled(True)
    words: list[str] = []
    scheduler.statusChanged.connect(words.append)
    scheduler.failed(DavError(Kind.OFFLINE, "the certificate of x could not be verified"))
    assert words[-1] == "The server's certificate could not be verified — will retry in 1 minute"
    scheduler.failed(SyncIncomplete(DavError(Kind.LOGIN, "refused (401)", 401), Tally()))
    assert words[-1] == "The server refused the password — Settings ▸ Sync…"
    assert scheduler.next_at is None
    scheduler.new_password()
    assert words[-1] == "Not synced yet" and scheduler.next_at == now
    scheduler.set_enabled(False)
    assert words[-1] == "" and not scheduler.sync_timer.isActive()
