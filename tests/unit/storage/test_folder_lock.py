"""The data folder's lock: one holder at a time, its pid for messages, free again after."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from relapp.domain.errors import FolderBusy
from relapp.storage.folder_lock import LOCK_NAME, FolderLock

pytestmark = pytest.mark.skipif(os.name != "posix", reason="flock")


def test_one_holder_at_a_time_even_in_one_process(tmp_path: Path) -> None:
    first, second = FolderLock(tmp_path), FolderLock(tmp_path)
    assert first.acquire()
    assert not second.acquire()
    assert second.holder() == os.getpid()
    with pytest.raises(FolderBusy, match=f"another Relapp is using {tmp_path}"):
        second.__enter__()
    first.release()
    assert (tmp_path / LOCK_NAME).read_text() == ""  # the file stays, empty
    with second:
        assert not first.acquire()
    assert first.acquire()
    first.release()


def test_a_killed_holder_leaves_no_stale_lock(tmp_path: Path) -> None:
    code = (
        "import os, sys; from relapp.storage.folder_lock import FolderLock; "
        "assert FolderLock(sys.argv[1]).acquire(); os._exit(0)"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[3])}
    subprocess.run([sys.executable, "-c", code, str(tmp_path)], check=True, env=env)
    assert FolderLock(tmp_path).acquire()
