"""Private data on POSIX: the data folder 0700; database, backups and exports 0600."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from relapp.domain.model import PersonDraft
from relapp.paths import AppPaths
from relapp.services import backups
from relapp.services.people import add_person
from relapp.storage import Database

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_a_new_data_folder_is_private_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        paths = AppPaths(tmp_path / "new" / "data")
        paths.ensure()
    finally:
        os.umask(old)
    assert mode(paths.data_dir) == 0o700


def test_an_existing_open_data_folder_is_made_private(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    os.chmod(folder, 0o755)
    AppPaths(folder).ensure()
    assert mode(folder) == 0o700


def test_database_backups_and_exports_are_user_only(
    db: Database, paths: AppPaths, tmp_path: Path
) -> None:
    add_person(db, PersonDraft(display_name="Ada", notes="private"))
    assert mode(paths.database) == 0o600
    made = backups.backup_now(db)
    assert mode(made) == 0o600 and mode(paths.backups) == 0o700
    from relapp.services.exporting import export_vcards

    export_vcards(db, tmp_path / "out.vcf")
    assert mode(tmp_path / "out.vcf") == 0o600
    try:
        from relapp.services.json_file.format import export_json
    except ImportError:  # pragma: no cover - feature not present
        return
    export_json(db, tmp_path / "out.json")
    assert mode(tmp_path / "out.json") == 0o600


def test_an_import_makes_a_backup_first(db: Database, paths: AppPaths, tmp_path: Path) -> None:
    from relapp.services.importing import apply_import, plan_import

    add_person(db, PersonDraft(display_name="Ada"))
    card = tmp_path / "bo.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo\r\nN:;Bo;;;\r\nEND:VCARD\r\n")
    apply_import(db, plan_import(db, [card]))
    kinds = [b.kind for b in backups.list_backups(paths.backups)]
    assert kinds == [backups.PRE_IMPORT]
