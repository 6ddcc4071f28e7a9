"""The capture preview's table of the people it names is worked out on the worker: on
the GUI thread, opening the preview of 20,000 mails sorted 1,700 people, summed their
entries and formatted 124 days with babel, 33-80 ms of its CPU (issue 15 and 18,
bench.capture_stall)."""

from __future__ import annotations

import sys
from pathlib import Path

from bench.capture_archives import ME, write_mbox
from bench.capture_stall import known_people
from relapp.services import capture
from relapp.storage import Database
from relapp.ui.capture.feature import CaptureFeature
from relapp.ui.main_window import MainWindow


def events_showing_preview(qtbot, db: Database, feature: CaptureFeature, mbox: Path) -> int:
    shown: list[tuple] = []
    real = feature.show_preview
    feature.show_preview = lambda *args: shown.append(args)  # type: ignore[method-assign]
    feature.capture_files([str(mbox)])
    qtbot.waitUntil(lambda: bool(shown), timeout=60_000)
    feature.show_preview = real  # type: ignore[method-assign]
    events = 0
    inside: list[bool] = []

    def profile(frame, event: str, _arg: object) -> None:
        nonlocal events
        if event == "call" and frame.f_code.co_name == "show_preview":
            inside.append(True)
        elif event == "return" and frame.f_code.co_name == "show_preview":
            inside.pop()
        elif inside:
            events += 1  # Python calls, generator steps, calls into C

    sys.setprofile(profile)
    try:
        feature.show_preview(*shown[0])
    finally:
        sys.setprofile(None)
    assert feature.preview is not None
    assert feature.preview.people.rowCount() == 100  # the first hundred shown
    feature.preview.reject()
    qtbot.waitUntil(lambda: feature.preview is None)
    return events


def test_opening_the_capture_preview_does_nothing_person_by_person(
    qtbot, db: Database, window: MainWindow, tmp_path: Path
) -> None:
    feature = window.features.get(CaptureFeature)
    assert feature is not None
    capture.set_my_addresses(db, [ME])
    known = known_people(db, 1_200)
    few, many = tmp_path / "few.mbox", tmp_path / "many.mbox"
    write_mbox(few, 2_400, known[:600])
    write_mbox(many, 4_800, known)
    small = events_showing_preview(qtbot, db, feature, few)
    large = events_showing_preview(qtbot, db, feature, many)
    assert large < small + 300, (small, large)  # not a few calls per person named
