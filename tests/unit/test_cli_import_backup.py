"""``relapp import`` checks the database once: the verified pre-import copy is the check.

The copy holds the database's own pages, so the ``quick_check`` that verifies it before
anyone may rely on it finds the same damage a check of the database would; a separate
check when the command opens the folder read every page a second time (2.4 s of a
620 MB database, beside 1.7 s for the copy's). What must still hold: a damaged database
is a message (exit code 4) and gets no write and no copy; every import has a verified
backup of the state before it, and restoring it gives that state back."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from relapp import cli, exit_codes
from relapp.paths import AppPaths
from relapp.services import backups
from relapp.storage import backup as storage_backup
from relapp.storage import open_database
from tests.capture.generators.mail import conversation, write_mbox

CARD = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Carol Roth\r\nEMAIL:carol@example.org\r\nEND:VCARD\r\n"
ME = "me@example.com"


def pre_import(data: Path) -> list[Path]:
    return sorted((data / "backups").glob("pre-import-*.sqlite3"))


def count_in(database: Path, sql: str) -> int:
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def carol(tmp_path: Path) -> Path:
    """A data folder whose database knows Carol (and her address)."""
    cards = tmp_path / "carol.vcf"
    cards.write_bytes(CARD)
    data = tmp_path / "data"
    assert cli.main(["--data-dir", str(data), "import", str(cards)]) == exit_codes.DONE
    return data


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files ``PRAGMA quick_check`` reads, in order, while the test runs."""
    seen: list[Path] = []
    real = storage_backup.quick_check

    def counted(conn: sqlite3.Connection) -> list[str]:
        seen.append(Path(conn.execute("PRAGMA database_list").fetchone()[2]))
        return real(conn)

    monkeypatch.setattr(storage_backup, "quick_check", counted)
    return seen


def test_an_archive_import_reads_the_database_once_to_check_it(
    carol: Path, tmp_path: Path, checks: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    mbox = write_mbox(tmp_path / "mail.mbox", list(conversation("Carol <carol@example.org>", 2)))
    before = pre_import(carol)
    code = cli.main(["--data-dir", str(carol), "import", str(mbox), "--me", ME])
    assert code == exit_codes.DONE, capsys.readouterr()
    made = sorted(set(pre_import(carol)) - set(before))
    assert len(made) == 1  # one copy of the state before it
    assert checks == made  # and one check: the copy's (it holds the database's pages)


def test_a_card_import_reads_the_database_once_to_check_it(
    carol: Path, tmp_path: Path, checks: list[Path]
) -> None:
    cards = tmp_path / "more.vcf"
    cards.write_bytes(CARD.replace(b"Carol Roth", b"Dan Park").replace(b"carol@", b"dan@"))
    before = pre_import(carol)
    assert cli.main(["--data-dir", str(carol), "import", str(cards)]) == exit_codes.DONE
    made = sorted(set(pre_import(carol)) - set(before))
    assert len(made) == 1 and checks == made


def test_each_import_of_one_command_has_the_state_before_it_backed_up(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cards = tmp_path / "carol.vcf"
    cards.write_bytes(CARD)
    mbox = write_mbox(tmp_path / "mail.mbox", list(conversation("Carol <carol@example.org>", 2)))
    data = tmp_path / "data"
    code = cli.main(["--data-dir", str(data), "import", str(cards), str(mbox), "--me", ME])
    assert code == exit_codes.DONE, capsys.readouterr()
    (newest,) = pre_import(data)  # the rotation keeps one of a day: the newest
    assert count_in(newest, "SELECT count(*) FROM person") == 1  # after the cards,
    assert count_in(newest, "SELECT count(*) FROM interaction") == 0  # before the history
    assert count_in(data / "relapp.sqlite3", "SELECT count(*) FROM interaction") == 1


def test_the_pre_import_backup_restores_the_state_before_the_import(
    carol: Path, tmp_path: Path
) -> None:
    mbox = write_mbox(tmp_path / "mail.mbox", list(conversation("Carol <carol@example.org>", 2)))
    before = pre_import(carol)
    assert cli.main(["--data-dir", str(carol), "import", str(mbox), "--me", ME]) == 0
    database = AppPaths(carol).database
    assert count_in(database, "SELECT count(*) FROM interaction") == 1
    (made,) = sorted(set(pre_import(carol)) - set(before))
    assert backups.check_backup(made) > 0  # verified, sound
    backups.restore(database, made)
    assert count_in(database, "SELECT count(*) FROM interaction") == 0
    assert count_in(database, "SELECT count(*) FROM import_batch") == 1  # the cards' only
    db = open_database(database)
    db.close()


def damage_table(database: Path, table: str) -> None:
    """Zero the head of ``table``'s root page (in the file itself, WAL checkpointed)."""
    conn = sqlite3.connect(database)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    conn.close()
    with database.open("r+b") as handle:
        handle.seek((root - 1) * size)
        handle.write(b"\x00" * 16)


@pytest.mark.parametrize(
    "table",
    [
        "interaction",  # what the capture writes to
        "app_state",  # where --me is kept: written first of all
    ],
)
def test_a_damaged_database_is_a_message_and_gets_no_write_and_no_copy(
    carol: Path,
    tmp_path: Path,
    table: str,
    capsys: pytest.CaptureFixture[str],
    damage: Callable[[Path, str], None] = damage_table,
) -> None:
    database = AppPaths(carol).database
    damage(database, table)
    before = sorted((carol / "backups").iterdir())
    damaged = database.read_bytes()
    mbox = write_mbox(tmp_path / "mail.mbox", list(conversation("Carol <carol@example.org>", 2)))
    capsys.readouterr()
    code = cli.main(["--data-dir", str(carol), "import", str(mbox), "--me", ME])
    err = capsys.readouterr().err
    assert code == exit_codes.NEEDS_ATTENTION
    assert str(database) in err and "damaged" in err and "Traceback" not in err
    assert "relapp restore" in err  # what to do about it
    assert sorted((carol / "backups").iterdir()) == before  # no copy of the damaged file
    wal = Path(f"{database}-wal")
    assert database.read_bytes() == damaged  # not written (nor --me kept)
    assert not wal.exists() or wal.stat().st_size == 0


@pytest.mark.parametrize("to", [False, True])
def test_relapp_backup_reads_the_database_once_to_check_it(
    carol: Path, tmp_path: Path, checks: list[Path], to: bool
) -> None:
    words = ["--data-dir", str(carol), "backup"] + (["--to", str(tmp_path / "c.sqlite3")] * to)
    assert cli.main(words) == exit_codes.DONE
    made = [tmp_path / "c.sqlite3"] if to else sorted((carol / "backups").glob("manual-*"))
    assert len(made) == 1 and checks == made


def test_relapp_backup_of_a_damaged_database_is_a_message_and_no_copy(
    carol: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = AppPaths(carol).database
    damage_table(database, "contact_point")
    before = sorted((carol / "backups").iterdir())
    capsys.readouterr()
    for to in ([], ["--to", str(tmp_path / "c.sqlite3")]):
        code = cli.main(["--data-dir", str(carol), "backup", *to])
        err = capsys.readouterr().err
        assert code == exit_codes.NEEDS_ATTENTION
        assert str(database) in err and "damaged" in err and "Traceback" not in err
    assert sorted((carol / "backups").iterdir()) == before
    assert not (tmp_path / "c.sqlite3").exists()
