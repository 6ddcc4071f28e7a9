"""``relapp import`` plans and writes while its pre-import backup is flushed and checked:
the copy is made first (it holds the state before the command), its ``quick_check``
and ``fsync`` (a second or two of a 770 MB database) run on a thread, and the command's
commit waits for them. What must still hold: nothing is committed before the backup
checked out, the backup holds the state before the import, a copy that does not check
out means nothing written (exit code 4). Real SQLite files, the command as run."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from relapp import cli, exit_codes
from relapp.domain.errors import BackupInvalid
from relapp.domain.model import PersonDraft
from relapp.paths import AppPaths
from relapp.services import backups, capture, importing
from relapp.services.people import add_person
from relapp.storage import Database
from relapp.storage import backup as storage_backup
from tests.capture.generators.mail import conversation, write_mbox
from tests.unit.test_cli_import_backup import CARD, ME, carol, count_in, pre_import

__all__ = ["carol"]  # the fixture, used by name


@pytest.fixture
def slow_check(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each copy's check takes a second longer; what happened, in order."""
    events: list[str] = []
    real = storage_backup.quick_check

    def slow(conn: sqlite3.Connection) -> list[str]:
        events.append("check starts")
        time.sleep(1.0)
        found = real(conn)
        events.append("check ends")
        return found

    monkeypatch.setattr(storage_backup, "quick_check", slow)
    return events


def test_a_card_import_plans_while_its_backup_is_checked(
    carol: Path, tmp_path: Path, slow_check: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = importing.plan_import

    def plan(*args: object, **kwargs: object) -> object:
        slow_check.append("plan starts")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(importing, "plan_import", plan)
    cards = tmp_path / "more.vcf"
    cards.write_bytes(CARD.replace(b"Carol Roth", b"Dan Park").replace(b"carol@", b"dan@"))
    before = pre_import(carol)
    assert cli.main(["--data-dir", str(carol), "import", str(cards)]) == exit_codes.DONE
    assert slow_check.index("plan starts") < slow_check.index("check ends")
    (made,) = sorted(set(pre_import(carol)) - set(before))
    assert backups.check_backup(made) > 0
    assert count_in(made, "SELECT count(*) FROM person") == 1  # the state before it
    assert count_in(AppPaths(carol).database, "SELECT count(*) FROM person") == 2


def test_an_archive_import_writes_while_its_backup_is_checked(
    carol: Path, tmp_path: Path, slow_check: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = capture.apply_capture

    def apply(*args: object, **kwargs: object) -> object:
        slow_check.append("apply starts")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(capture, "apply_capture", apply)
    mbox = write_mbox(tmp_path / "mail.mbox", list(conversation("Carol <carol@example.org>", 2)))
    before = pre_import(carol)
    code = cli.main(["--data-dir", str(carol), "import", str(mbox), "--me", ME])
    assert code == exit_codes.DONE
    assert slow_check.index("apply starts") < slow_check.index("check ends")
    (made,) = sorted(set(pre_import(carol)) - set(before))
    assert count_in(made, "SELECT count(*) FROM interaction") == 0  # the state before it
    assert count_in(made, "SELECT count(*) FROM app_state WHERE key = 'capture.my_addresses'") == 0
    database = AppPaths(carol).database
    assert count_in(database, "SELECT count(*) FROM interaction") == 1


def test_a_commit_waits_for_the_backup_under_way(db: Database, slow_check: list[str]) -> None:
    add_person(db, PersonDraft(display_name="Before"))
    under_way = backups.BackupUnderWay(db)
    assert "check ends" not in slow_check  # the copy is made; its check is not awaited
    add_person(db, PersonDraft(display_name="After"))  # a commit: it waits
    assert slow_check == ["check starts", "check ends"]
    made = under_way.wait()
    assert count_in(made, "SELECT count(*) FROM person") == 1


def test_a_backup_that_does_not_check_out_refuses_the_commit(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_person(db, PersonDraft(display_name="Before"))
    monkeypatch.setattr(storage_backup, "quick_check", lambda conn: ["page 7: damaged"])
    under_way = backups.BackupUnderWay(db)
    with pytest.raises(BackupInvalid):
        add_person(db, PersonDraft(display_name="Never"))
    assert count_in(db.path, "SELECT count(*) FROM person") == 1  # nothing committed
    with pytest.raises(BackupInvalid):
        under_way.wait()
    assert list((db.path.parent / "backups").glob("pre-import-*")) == []  # and no copy
    add_person(db, PersonDraft(display_name="Later"))  # the next commit is not refused
    assert count_in(db.path, "SELECT count(*) FROM person") == 2
