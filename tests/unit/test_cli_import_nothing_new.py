"""``relapp import`` of an archive that adds nothing (the same file again) plans first,
read-only, and makes no backup: nothing is written, so there is nothing to protect.
The database is still checked (once), a damaged one is still a message (exit code 4),
and an import that writes still has its verified backup first."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from relapp import cli, exit_codes
from relapp.paths import AppPaths
from tests.capture.generators.mail import conversation, write_mbox
from tests.unit.test_cli_import_backup import ME, checks, damage_table, pre_import

__all__ = ["checks"]  # the fixture, used by name

CARD = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Carol Roth\r\nEMAIL:carol@example.org\r\nEND:VCARD\r\n"


@pytest.fixture
def captured(tmp_path: Path) -> tuple[Path, Path]:
    """A data folder that knows Carol and has captured a mail archive with her once,
    and that archive."""
    cards = tmp_path / "carol.vcf"
    cards.write_bytes(CARD)
    data = tmp_path / "data"
    mbox = write_mbox(tmp_path / "mail.mbox", list(conversation("Carol <carol@example.org>", 2)))
    assert cli.main(["--data-dir", str(data), "import", str(cards)]) == exit_codes.DONE
    assert cli.main(["--data-dir", str(data), "import", str(mbox), "--me", ME]) == 0
    return data, mbox


def interactions(data: Path) -> int:
    conn = sqlite3.connect(f"file:{AppPaths(data).database}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM interaction").fetchone()[0])
    finally:
        conn.close()


def test_importing_the_same_archive_again_makes_no_backup_and_checks_once(
    captured: tuple[Path, Path], checks: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    data, mbox = captured
    before = pre_import(data)
    checks.clear()
    capsys.readouterr()

    code = cli.main(["--data-dir", str(data), "import", str(mbox), "--me", ME])

    out = capsys.readouterr().out
    assert code == exit_codes.DONE
    assert "Captured 0 history entries" in out
    assert interactions(data) == 1
    assert pre_import(data) == before  # no copy: nothing was written
    assert checks == [AppPaths(data).database]  # the database itself, checked once


def test_an_import_that_adds_something_still_backs_up_first(
    captured: tuple[Path, Path], tmp_path: Path, checks: list[Path]
) -> None:
    data, _mbox = captured
    more = write_mbox(
        tmp_path / "more.mbox", list(conversation("Carol <carol@example.org>", 2, subject="Tea"))
    )
    before = pre_import(data)
    checks.clear()

    assert cli.main(["--data-dir", str(data), "import", str(more), "--me", ME]) == 0

    made = sorted(set(pre_import(data)) - set(before))
    assert interactions(data) == 2
    assert len(made) == 1 and checks == made


def test_new_addresses_for_me_are_a_write_and_backed_up_first(
    captured: tuple[Path, Path], checks: list[Path]
) -> None:
    data, mbox = captured
    before = pre_import(data)
    checks.clear()
    words = ["--data-dir", str(data), "import", str(mbox), "--me", ME, "--me", "me@example.org"]

    assert cli.main(words) == 0

    made = sorted(set(pre_import(data)) - set(before))
    assert len(made) == 1 and checks == made


@pytest.mark.parametrize("table", ["interaction", "capture_key", "contact_point"])
def test_a_damaged_database_is_still_a_message_when_nothing_is_new(
    captured: tuple[Path, Path], table: str, capsys: pytest.CaptureFixture[str]
) -> None:
    data, mbox = captured
    database = AppPaths(data).database
    damage_table(database, table)
    before = sorted((data / "backups").iterdir())
    damaged = database.read_bytes()
    capsys.readouterr()

    code = cli.main(["--data-dir", str(data), "import", str(mbox), "--me", ME])

    err = capsys.readouterr().err
    assert code == exit_codes.NEEDS_ATTENTION
    assert str(database) in err and "damaged" in err and "Traceback" not in err
    assert sorted((data / "backups").iterdir()) == before
    assert database.read_bytes() == damaged
