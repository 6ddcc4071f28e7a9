"""Files that are not regular files are refused before they are opened, and files are
read with a bound (issue 12 item 6).

``relapp import /dev/zero`` read without bound to a MemoryError; a FIFO hung forever (and
the window then refused every later import as "already under way"). Each is refused with a
message naming the file, quickly, and the next import works.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from relapp.domain.errors import RelappError
from relapp.domain.vcard import read_vcard_file
from relapp.services import importing
from relapp.services.json_file.format import import_json
from relapp.storage import Database

CARD = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEMAIL:ann@lee.example\r\nEND:VCARD\r\n"


@contextlib.contextmanager
def no_hang(seconds: int = 10) -> Iterator[None]:
    def stop(_signum: int, _frame: object) -> None:
        raise TimeoutError(f"took longer than {seconds} s (a hang)")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.vcf"
    os.mkfifo(path)
    return path


@pytest.fixture
def zero(tmp_path: Path) -> Path:
    """/dev/zero under a vCard name (a link is followed, as a file manager would)."""
    path = tmp_path / "zero.vcf"
    path.symlink_to("/dev/zero")
    return path


@pytest.fixture
def sock(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "s.vcf"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    yield path
    server.close()


def file_error(db: Database, path: Path) -> str:
    with no_hang():
        plan = importing.plan_import(db, [path])
    assert plan.readable == 0
    (planned,) = plan.files
    assert planned.error is not None
    return str(planned.error)


def test_a_fifo_is_refused_without_opening_it(db: Database, fifo: Path) -> None:
    message = file_error(db, fifo)
    assert "pipe.vcf" in message and "pipe" in message.split(":", 1)[1]


def test_dev_zero_is_refused_without_reading_it(db: Database, zero: Path) -> None:
    message = file_error(db, zero)
    assert "zero.vcf" in message and "device" in message


def test_a_socket_and_a_folder_are_refused(db: Database, sock: Path, tmp_path: Path) -> None:
    assert "socket" in file_error(db, sock)
    folder = tmp_path / "folder.vcf"
    folder.mkdir()
    assert "folder" in file_error(db, folder)


def test_after_a_refused_file_the_next_import_works(
    db: Database, fifo: Path, tmp_path: Path
) -> None:
    file_error(db, fifo)
    good = tmp_path / "good.vcf"
    good.write_bytes(CARD)
    plan = importing.plan_import(db, [good])
    result = importing.apply_import(db, plan, backup_first=False)
    assert result.created == 1


def test_the_domain_reader_refuses_special_files_too(fifo: Path, zero: Path) -> None:
    for path in (fifo, zero):
        with no_hang():
            result = read_vcard_file(path)
        assert not result.cards and result.file_error is not None
        assert path.name in str(result.file_error)


def test_a_file_that_grows_past_the_cap_while_read_is_cut_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The size seen by stat is not trusted: the read itself stops at the cap."""
    from relapp.domain import bounded_read

    path = tmp_path / "big.vcf"
    path.write_bytes(CARD * 100)
    with pytest.raises(bounded_read.FileRefused, match="over"):
        bounded_read.read_regular_file(path, limit=len(CARD) * 10)


@pytest.mark.parametrize("kind", ["fifo", "zero"])
def test_json_import_refuses_special_files(db: Database, tmp_path: Path, kind: str) -> None:
    path = tmp_path / "backup.json"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    with no_hang(), pytest.raises(RelappError) as caught:
        import_json(db, path)
    assert "backup.json" in str(caught.value)
    assert ("pipe" if kind == "fifo" else "device") in str(caught.value)
