"""Applying a capture lets its plan go a few objects at a time on the worker: 20,000
mails planned are some 600,000 memory blocks, and freed in one statement as
apply_capture returned they held the GIL, and so the window's GUI thread (issue 18)."""

from __future__ import annotations

import sys
import weakref
from pathlib import Path

from bench.capture_archives import ME, write_mbox
from bench.capture_stall import known_people
from relapp.domain.letting_go import SMALL
from relapp.services import capture
from relapp.storage import open_database


def test_applying_a_capture_lets_the_plan_go_a_piece_at_a_time(tmp_path: Path) -> None:
    db = open_database(tmp_path / "relapp.sqlite3", backups_dir=tmp_path / "backups")
    try:
        capture.set_my_addresses(db, [ME])
        known = known_people(db, 200)
        mbox = tmp_path / "mail.mbox"
        write_mbox(mbox, 800, known)
        held = [capture.plan_capture(db, [mbox])]
        assert len(held[0].interactions) > 300
        events: list[object] = []
        refs = [weakref.ref(p, events.append) for p in held[0].interactions]

        def mark(_frame: object, _event: str, _arg: object) -> None:
            events.append(None)

        sys.setprofile(mark)
        try:
            result = capture.apply_capture(db, held.pop(), backup_first=False)
        finally:
            sys.setprofile(None)
    finally:
        db.close()
    assert result.interactions > 200
    assert all(r() is None for r in refs)
    longest = run = 0
    for event in events:
        run = 0 if event is None else run + 1
        longest = max(longest, run)
    assert longest <= SMALL, f"{longest} planned entries freed in one cascade"
