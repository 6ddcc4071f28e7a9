"""LANGUAGE=de: what capturing history says about a file it cannot (fully) read is German —
where in the file, and what is wrong there — as is the refusal of a file that is no
archive at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from relapp.domain.capture.records import CaptureProblem
from relapp.services.capture import sources
from relapp.services.capture.planning import NothingToCapture, plan_capture
from relapp.storage import Database


def _problems(path: Path) -> list[CaptureProblem]:
    return [item for item in sources.read(path) if isinstance(item, CaptureProblem)]


def test_a_mail_without_a_date_is_reported_in_german(german: str, tmp_path: Path) -> None:
    mbox = tmp_path / "inbox.mbox"
    mbox.write_text(
        "From ada@example.com Sat Jan  1 00:00:00 2000\n"
        "From: Ada <ada@example.com>\nTo: me@example.com\nSubject: hi\n\nhello\n",
        encoding="utf-8",
    )
    (problem,) = _problems(mbox)
    assert problem.where == "Nachricht 1 (Zeile 1)"
    assert problem.message == "sie hat keine Date-Kopfzeile; sie wurde weggelassen"


def test_a_cut_off_sms_backup_is_reported_in_german(german: str, tmp_path: Path) -> None:
    xml = tmp_path / "sms.xml"
    xml.write_text(
        "<?xml version='1.0' encoding='UTF-8'?>\n<smses count=\"1\">\n"
        '<sms address="+4930123" date="1700000000000" type="1" body="hi" />\n',
        encoding="utf-8",
    )
    problems = _problems(xml)
    assert [p.message for p in problems] == ["die Datei endet zu früh (abgeschnitten)"]
    assert problems[0].where.startswith("Zeile ")


def test_no_archive_is_said_in_german(german: str, db: Database, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("just some words\n", encoding="utf-8")
    with pytest.raises(NothingToCapture) as nothing:
        plan_capture(db, [notes])
    assert str(nothing.value) == "notes.txt: kein Mail-, Kalender- oder Chat-Archiv gefunden."
