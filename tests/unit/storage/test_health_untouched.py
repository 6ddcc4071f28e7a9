"""People with no history (a vCard import's new people, a person just added) have their
kept health record written without numpy and without reading any interaction: what
``summary.summarize`` gives for no contact at all, packed as ``health_summary_repo``
packs it. The records must be the very bytes the full computation writes. Real SQLite
files; the import as a real process."""

from __future__ import annotations

import sqlite3
import subprocess
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from relapp.domain.health.batch import HealthArrays
from relapp.domain.health.summary import summarize
from relapp.domain.health.untouched import untouched_summary
from relapp.domain.model import PersonDraft
from relapp.storage import Database, bulk, health_summary_repo, open_database
from tests import health_history
from tests.process_helpers import PY, ROOT, cards, environment

NOW = datetime.now(UTC).replace(microsecond=0)

# `relapp import` as the command line runs it, saying at its end which of the modules
# the kept records could need were imported.
IMPORT_AND_SAY = """
import sys
from relapp import cli
code = cli.main(sys.argv[1:])
print("IMPORTED:", sorted(m for m in ("numpy", "relapp.storage.health_summary_repo")
                          if m in sys.modules))
sys.exit(code)
"""


def relapp_import(data: Path, file: Path) -> list[str]:
    done = subprocess.run(
        [PY, "-c", IMPORT_AND_SAY, "--data-dir", str(data), "import", str(file)],
        capture_output=True,
        text=True,
        env=environment(),
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    (line,) = [line for line in done.stdout.splitlines() if line.startswith("IMPORTED:")]
    return eval(line.removeprefix("IMPORTED:"))  # a list of names, printed by repr


def kept(database: Path) -> dict[int, bytes]:
    with closing(sqlite3.connect(database)) as conn:
        assert conn.execute("SELECT count(*) FROM health_dirty").fetchone()[0] == 0
        return dict(conn.execute("SELECT block, records FROM health_summary").fetchall())


def kept_parts(database: Path) -> dict[int, bytes]:
    """The kept month ends, by person (``health_usual_part``)."""
    with closing(sqlite3.connect(database)) as conn:
        return dict(conn.execute("SELECT person_id, parts FROM health_usual_part").fetchall())


def computed(database: Path, table: str = "health_summary") -> dict[int, bytes]:
    """Every record (or, with ``table="health_usual_part"``, every person's month ends)
    computed again from the history, with numpy (the full pass)."""
    with closing(sqlite3.connect(database)) as conn, conn:
        conn.execute("INSERT OR IGNORE INTO health_dirty SELECT id FROM person")
        conn.execute("DELETE FROM health_summary")
        conn.execute("DELETE FROM health_usual_part")
        health_summary_repo.settle(conn)
        if table == "health_summary":
            found = conn.execute("SELECT block, records FROM health_summary").fetchall()
        else:
            found = conn.execute("SELECT person_id, parts FROM health_usual_part").fetchall()
        conn.rollback()
    return dict(found)


def test_a_card_import_into_a_new_folder_keeps_records_without_numpy(tmp_path: Path) -> None:
    file = tmp_path / "people.vcf"
    file.write_bytes(cards(40))
    data = tmp_path / "data"
    assert relapp_import(data, file) == []
    database = data / "relapp.sqlite3"
    assert len(kept(database)) == 3  # 40 people: ids 1-40 in blocks 0, 1 and 2
    assert kept(database) == computed(database)
    assert len(kept_parts(database)) == 40
    assert kept_parts(database) == computed(database, "health_usual_part")


def test_new_people_beside_a_history_are_kept_without_numpy(paths, db: Database) -> None:
    health_history.add_people(db, NOW, 60, seed=5, per_person=6)
    db.close()
    before = kept(paths.database)
    file = paths.data_dir.parent / "more.vcf"
    file.write_bytes(cards(50, who="Newcomer"))
    assert relapp_import(paths.data_dir, file) == []
    after = kept(paths.database)
    assert {b: r for b, r in after.items() if b in before and b < 60 // 16} == {
        b: r for b, r in before.items() if b < 60 // 16
    }  # the blocks of the history alone are as they were
    assert after == computed(paths.database)


def test_no_history_is_the_full_computation_byte_for_byte(db: Database) -> None:
    """Cadences set and not, archived or not, people deleted, a block shared with a
    history: the records settled without numpy equal the full pass's bytes."""
    health_history.add_people(db, NOW, 20, seed=9, per_person=5)
    drafts = [
        PersonDraft(f"Quiet {i}", cadence_days=[None, 7, 30, 365, 1][i % 5]) for i in range(45)
    ]
    with db.atomic():
        ids = bulk.insert_people(db, drafts)
    with db.atomic():
        conn = db.connection()
        conn.execute(
            "UPDATE person SET archived_at = created_at WHERE id IN (?, ?, ?)", tuple(ids[:3])
        )
        conn.execute("DELETE FROM person WHERE id IN (?, ?)", (ids[5], ids[-1]))
        conn.execute("UPDATE person SET cadence_days = 0 WHERE id = ?", (ids[7],))
    assert kept(db.path) == computed(db.path)
    assert ids[5] not in kept_parts(db.path)  # deleted: no month ends left behind
    assert kept_parts(db.path) == computed(db.path, "health_usual_part")


@pytest.mark.parametrize("cadence", [None, 0.0, -3.0, 1.0, 7.0, 30.0, 90.0, 365.0])
def test_the_untouched_summary_is_summarize_of_no_contact(cadence: float | None) -> None:
    none = np.empty(0, dtype=np.int8)
    whole = summarize(
        HealthArrays(
            n_people=1,
            person_index=np.empty(0, dtype=np.int32),
            t=np.empty(0, dtype=np.int64),
            channel=none,
            direction=none,
            kind=none,
            cadence_days=np.array([np.nan if cadence is None else cadence]),
        )
    )
    alone = untouched_summary(cadence)
    for name in whole.__dataclass_fields__:
        assert np.array_equal(getattr(whole, name)[0], getattr(alone, name)), name


def test_a_database_opened_new_has_no_numpy_in_it(tmp_path: Path) -> None:
    """Making a new database (every migration) needs no numpy: there is nobody to build."""
    done = subprocess.run(
        [
            PY,
            "-c",
            "import sys; from relapp.storage import open_database; "
            f"open_database({str(tmp_path / 'new.sqlite3')!r}).close(); "
            "print('numpy' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        env=environment(),
        cwd=ROOT,
        timeout=60,
    )
    assert done.stdout.strip() == "False", done.stderr
    db = open_database(tmp_path / "new.sqlite3")
    db.close()
