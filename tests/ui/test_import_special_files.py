"""The window's import of special files (issue 12 item 6).

A FIFO dropped or chosen in the window hung the reading thread forever, and every later
import was refused as "already under way"; /dev/zero grew the window to 1.2 GB in 3 s.
Both are refused with a message naming the file, and the next import opens its preview.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from relapp.paths import AppPaths
from relapp.storage import Database
from relapp.ui.app import open_window
from relapp.ui.importing.feature import ImportFeature
from relapp.ui.tasks import TaskRunner

CARD = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEMAIL:ann@lee.example\r\nEND:VCARD\r\n"


def _unblock(fifo: Path) -> None:
    """Let a reader stuck opening the pipe go (only needed when the code under test
    opened it): a writer that opens and closes at once gives it an end of file."""
    with contextlib.suppress(OSError):
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))


@pytest.fixture
def special(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Path]:
    path = tmp_path / "pipe.vcf"
    if request.param == "fifo":
        os.mkfifo(path)
    else:
        path = tmp_path / "zero.vcf"
        path.symlink_to("/dev/zero")
    yield path
    if request.param == "fifo":
        _unblock(path)


@pytest.mark.parametrize("special", ["fifo", "zero"], indirect=True)
def test_a_special_file_is_refused_and_the_next_import_works(
    qtbot, db: Database, paths: AppPaths, runner: TaskRunner, special: Path, tmp_path: Path
) -> None:
    window = open_window(db, paths, runner=runner)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.list_loaded)
    feature = window.features.get(ImportFeature)
    assert isinstance(feature, ImportFeature)

    feature.import_files([str(special)])
    qtbot.waitUntil(lambda: feature.notice is not None and feature.notice.isVisible(), timeout=5000)
    text = feature.notice.text()
    assert special.name in text
    assert ("pipe" if "pipe" in special.name else "device") in text
    assert not feature.busy
    feature.notice.close()

    good = tmp_path / "good.vcf"
    good.write_bytes(CARD)
    feature.import_files([str(good)])
    qtbot.waitUntil(lambda: feature.preview is not None and feature.preview.isVisible())
    assert feature.preview is not None and len(feature.preview.plan.cards) == 1
