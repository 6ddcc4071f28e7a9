"""An import does each costly piece of work once per card (issue 18: the whole-process
import within 1.15x of vobject alone parsing the file).

Counted, not timed: how often a phone number is parsed, how often a card's lines are
parsed, for a real import (plan and apply) into a real database.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import phonenumbers
import pytest

from relapp.domain.vcard import normalise
from relapp.services import importing, people
from relapp.storage import Database
from tests.process_helpers import environment

CARDS = 60


def cards_file(folder: Path) -> Path:
    # Numbers no other test uses, so no cache already holds them.
    cards = [
        "BEGIN:VCARD\r\nVERSION:3.0\r\n"
        f"FN:Parsed Once{n}\r\n"
        f"EMAIL:once{n}@parse.example\r\n"
        f"TEL;TYPE=CELL:+1 (646) 555-{7000 + n:04d}\r\n"
        f"TEL;TYPE=WORK:+44 20 7946 {3000 + n:04d}\r\n"
        "END:VCARD\r\n"
        for n in range(CARDS)
    ]
    path = folder / "once.vcf"
    path.write_text("".join(cards), encoding="utf-8")
    return path


def test_each_phone_number_is_parsed_once_in_an_import(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parses: list[str] = []
    real_parse = phonenumbers.parse

    def counting_parse(number: str, *args: object, **kwargs: object) -> object:
        parses.append(number)
        return real_parse(number, *args, **kwargs)

    monkeypatch.setattr(phonenumbers, "parse", counting_parse)
    path = cards_file(tmp_path)
    plan = importing.plan_import(db, [path])
    result = importing.apply_import(db, plan, backup_first=False)
    assert result.created == CARDS
    # Two numbers a card: matching keys them, search indexes them; one parse each of the
    # London ones, none of the plain North American ones (read without phonenumbers).
    assert sorted(parses) == sorted(f"+44 20 7946 {3000 + n:04d}" for n in range(CARDS))
    found = people.list_people(db, "6465557013")
    assert [row.display_name for row in people.person_rows(db, found).values()] == ["Parsed Once13"]


def test_each_card_line_is_parsed_once_in_an_import(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines: list[str] = []
    real_add = normalise._add

    def counting_add(props: list, line: str, *args: object) -> object:
        lines.append(line)
        return real_add(props, line, *args)

    monkeypatch.setattr(normalise, "_add", counting_add)
    normalise._params.cache_clear()
    path = cards_file(tmp_path)
    plan = importing.plan_import(db, [path])
    importing.apply_import(db, plan, backup_first=False)
    # BEGIN, VERSION, FN, EMAIL, two TEL, END: seven lines a card, each read once; the
    # parameter lists (";TYPE=CELL", ";TYPE=WORK") once each for the whole file.
    assert len(lines) == 7 * CARDS
    assert sum(line.startswith("FN:") for line in lines) == CARDS
    assert normalise._params.cache_info().misses == 2


def test_relapp_import_of_a_vcard_file_loads_no_history_reader(tmp_path: Path) -> None:
    """A vCard file is told from a mail, calendar or chat archive by its first line, so
    the command never loads the archive readers (icalendar and recurring_ical_events
    alone took a fifth of a second of a whole-process import)."""
    path = cards_file(tmp_path)
    command = [sys.executable, "-X", "importtime", "-m", "relapp"]
    done = subprocess.run(
        [*command, "--data-dir", str(tmp_path / "d"), "import", str(path)],
        env=environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert f"Imported {CARDS} people" in done.stdout
    loaded = {line.rpartition("|")[2].strip() for line in done.stderr.splitlines()}
    assert "relapp.services.importing" in loaded  # the import time list is read right
    assert not {m for m in loaded if m.startswith(("relapp.services.capture", "icalendar"))}


def test_relapp_import_of_a_vcard_file_loads_no_vobject(tmp_path: Path) -> None:
    """Relapp reads the cards' lines itself (as vobject would: test_vcard_lines), so the
    command does not load vobject, its calendar modules, dateutil, pytz and six, which
    the process of vobject alone must load (issue 18: the import within 1.15x of it)."""
    path = cards_file(tmp_path)
    command = [sys.executable, "-X", "importtime", "-m", "relapp"]
    done = subprocess.run(
        [*command, "--data-dir", str(tmp_path / "d"), "import", str(path)],
        env=environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = {line.rpartition("|")[2].strip() for line in done.stderr.splitlines()}
    assert "relapp.domain.vcard.normalise" in loaded  # the import time list is read right
    assert not {m for m in loaded if m.split(".")[0] in ("vobject", "dateutil", "pytz")}
