"""Opening the right database for a run: the user's, or a freshly built demo."""

from __future__ import annotations

import logging
from pathlib import Path

from relapp.paths import AppPaths
from relapp.storage import Database, open_database

log = logging.getLogger(__name__)


def open_user_database(paths: AppPaths, *, exclusive: bool = True) -> Database:
    """``exclusive``: this process holds the data folder's lock (see ``open_database``)."""
    paths.ensure()
    return open_database(paths.database, backups_dir=paths.backups, exclusive=exclusive)


def open_demo_database(paths: AppPaths) -> Database:
    """A separate demo database, rebuilt on every start so it always looks alive."""
    from relapp.demo.build import build_demo

    demo = paths.demo()
    demo.ensure()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{demo.database}{suffix}").unlink(missing_ok=True)
    db = open_database(demo.database, backups_dir=demo.backups)
    with db.atomic():
        summary = build_demo(db)
    log.info("demo database built at %s: %s", demo.database, summary)
    return db
