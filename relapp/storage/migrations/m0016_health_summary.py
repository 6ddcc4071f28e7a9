"""Each person's health summary, kept (``storage.health_summary_repo``): the "Today" list
and everyone's scores read one small record a person instead of every interaction.
Built here for everyone (about 30 s at a million people on a busy 2-core machine; the
progress goes to the log every 10%)."""

from __future__ import annotations

import logging
import sqlite3
import time

from relapp.storage import health_summary_repo

VERSION = 16
DESCRIPTION = "health: each person's summary, kept by triggers and the writer"

_log = logging.getLogger(__name__)


def apply(conn: sqlite3.Connection) -> None:
    health_summary_repo.create(conn)
    started = time.monotonic()
    said = [0]

    def progress(done: int, total: int) -> None:
        tenth = done * 10 // max(total, 1)
        if tenth > said[0]:
            said[0] = tenth
            _log.info(
                "health summaries: %d of %d people (%.0f s)",
                done,
                total,
                time.monotonic() - started,
            )

    health_summary_repo.build(conn, progress)
