"""The log is private (folder 0700, file 0600) wherever it lives, folders made on the way
are never made group- or world-writable, and the hidden copies that killed backups,
restores, upgrades and exports leave are removed at the next start (issue 12, item 7)."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from relapp import app_logging
from relapp.paths import AppPaths
from tests.process_helpers import ROOT, cards, environment, relapp

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions and signals")


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.fixture
def umask_000() -> Iterator[None]:
    old = os.umask(0)
    yield
    os.umask(old)


@pytest.fixture
def own_log() -> Iterator[None]:
    root = logging.getLogger()
    handlers = list(root.handlers)
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()


def test_the_log_folder_and_file_are_private_even_under_umask_000(
    tmp_path: Path, umask_000: None, own_log: None
) -> None:
    folder = tmp_path / "cache" / "Relapp" / "log"
    target = app_logging.setup_logging(folder)
    assert target is not None
    logging.getLogger("relapp").warning("a line about Ann Lee")
    assert mode(folder) == 0o700
    assert mode(target) == 0o600
    for parent in (tmp_path / "cache", tmp_path / "cache" / "Relapp"):
        assert mode(parent) & 0o022 == 0, oct(mode(parent))


def test_an_existing_open_log_file_is_made_private(tmp_path: Path, own_log: None) -> None:
    folder = tmp_path / "logs"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    (folder / app_logging.LOG_FILENAME).write_text("old\n")
    os.chmod(folder / app_logging.LOG_FILENAME, 0o644)
    target = app_logging.setup_logging(folder)
    assert target is not None
    assert (mode(folder), mode(target)) == (0o700, 0o600)


def test_rotated_log_files_are_private_too(
    tmp_path: Path, umask_000: None, own_log: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_logging, "MAX_BYTES", 2_000)
    target = app_logging.setup_logging(tmp_path / "logs")
    assert target is not None
    for line in range(100):
        logging.getLogger("relapp").warning("line %d %s", line, "x" * 50)
    files = sorted((tmp_path / "logs").iterdir())
    assert len(files) > 1
    assert {mode(f) for f in files} == {0o600}


def test_data_folder_parents_are_not_made_world_writable(tmp_path: Path, umask_000: None) -> None:
    paths = AppPaths(tmp_path / "a" / "b" / "data")
    paths.ensure()
    assert mode(paths.data_dir) == 0o700
    assert mode(tmp_path / "a") & 0o022 == 0 and mode(tmp_path / "a" / "b") & 0o022 == 0


# --- leftovers of interrupted work ------------------------------------------------------------

KILLED_AT_THE_RENAME = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    what, data, extra, nth = sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    replace, calls = os.replace, []

    def killed_at_the_nth_rename(*args, **kw):
        calls.append(args)
        if len(calls) == nth:
            os.kill(os.getpid(), signal.SIGKILL)  # killed right there
        return replace(*args, **kw)

    os.replace = killed_at_the_nth_rename
    if what == "backup":
        from relapp.cli import main
        main(["--data-dir", str(data), "backup"])
    elif what == "restore":
        from relapp.cli import main
        main(["--data-dir", str(data), "restore", extra])
    elif what == "export":
        from relapp.cli import main
        main(["--data-dir", str(data), "export", "--json", extra])
    """
)


def hidden(folder: Path) -> list[Path]:
    """The hidden files of a folder (the copies work in progress writes)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.name.startswith(".") and p.is_file())


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    (tmp_path / "people.vcf").write_bytes(cards(20, note=100))
    assert relapp("--data-dir", folder, "import", tmp_path / "people.vcf").returncode == 0
    return folder


def kill_during(what: str, data: Path, extra: str = "-", nth: int = 1) -> None:
    """Run a command and kill it (SIGKILL) when it is about to rename its ``nth`` copy
    into place."""
    done = subprocess.run(
        [sys.executable, "-c", KILLED_AT_THE_RENAME, what, str(data), extra, str(nth)],
        env=environment(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr


def test_killed_backups_restores_and_exports_leave_copies_the_next_start_removes(
    data: Path, tmp_path: Path
) -> None:
    backup = tmp_path / "good.sqlite3"
    assert relapp("--data-dir", data, "backup", "--to", backup).returncode == 0
    before = (data / "relapp.sqlite3").read_bytes()
    exports = tmp_path / "exports"
    exports.mkdir()

    kill_during("backup", data)
    left_by_backup = hidden(data / "backups")
    assert len(left_by_backup) == 1 and left_by_backup[0].stat().st_size > 0

    # The third rename moves the restored copy in (after the pre-restore backup and the
    # copy's own rename). Its start removes the backup's copy.
    kill_during("restore", data, str(backup), nth=3)
    assert hidden(data / "backups") == []
    left_by_restore = hidden(data)
    assert len(left_by_restore) == 1 and left_by_restore[0].stat().st_size > 0

    kill_during("export", data, str(exports / "everyone.json"))  # removes the restore's
    assert hidden(data) == []
    left_by_export = hidden(exports)
    assert len(left_by_export) == 1 and left_by_export[0].stat().st_size > 0
    assert (data / "relapp.sqlite3").read_bytes() == before  # the database itself is whole

    # The next start of anything (here: a command) removes the export's copy, wherever
    # it was written.
    done = relapp("--data-dir", data, "backup")
    assert done.returncode == 0, done.stderr
    assert hidden(exports) == [] and hidden(data) == []
    assert list((data / ".unfinished").iterdir()) == []


def test_work_under_way_and_other_hidden_files_are_left_alone(tmp_path: Path) -> None:
    from relapp.services.leftovers import clean_leftovers

    data = tmp_path / "data"
    (data / "backups").mkdir(parents=True)
    mine = data / "backups" / f".daily-x.sqlite3.relapp{os.getpid()}.abcd1234.tmp"
    mine.write_bytes(b"a copy being written")
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        theirs = data / f"..relapp.sqlite3.relapp{sleeper.pid}.restoring.tmp"
        theirs.write_bytes(b"another process's work")
        dotfile = data / ".keep-me"
        dotfile.write_text("not ours")
        gone = subprocess.Popen([sys.executable, "-c", "pass"])
        gone.wait()
        stale = data / "backups" / f".manual-y.sqlite3.relapp{gone.pid}.zz9_k2l1.tmp"
        stale.write_bytes(b"left by a killed backup")
        old_style = data / ".relapp.sqlite3.restoring"
        old_style.write_bytes(b"an earlier Relapp's")
        an_hour_ago = time.time() - 7200
        os.utime(old_style, (an_hour_ago, an_hour_ago))
        assert set(clean_leftovers(data)) == {stale, old_style}
        assert mine.exists() and theirs.exists() and dotfile.exists()
        assert not stale.exists() and not old_style.exists()
    finally:
        sleeper.kill()
        sleeper.wait()
