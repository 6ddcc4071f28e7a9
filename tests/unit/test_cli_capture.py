"""``relapp import`` with history archives: detected by content beside vCards, the
preview printed, applied; ``--me`` kept, ``--add-people``; exit codes; a whole process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from relapp import cli, exit_codes
from relapp.paths import AppPaths
from relapp.services import capture, importing, interactions, people
from relapp.storage import open_database
from tests.capture.generators.mail import Mail, conversation, write_mbox

CARD = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Carol Roth\r\nEMAIL:carol@example.org\r\nEND:VCARD\r\n"
ME = "me@example.com"


def archive(folder: Path) -> Path:
    mails = [
        *conversation("Carol Roth <carol@example.org>", 3),
        Mail(sender="news@shop.example", extra=(("List-Unsubscribe", "<x>"),), message_id="n1"),
        Mail(sender=ME, to=("Nina Ng <nina@example.net>",), message_id="x1"),
        Mail(sender=ME, to=("Nina Ng <nina@example.net>",), message_id="x2"),
        Mail(date_text="not a date at all", message_id="bad"),
    ]
    return write_mbox(folder / "All mail", mails)  # no extension: found by content


def test_vcards_and_an_archive_in_one_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cards = tmp_path / "people.vcf"
    cards.write_bytes(CARD)
    data = tmp_path / "data"
    code = cli.main(["--data-dir", str(data), "import", str(cards), str(archive(tmp_path)),
                     "--me", ME])  # fmt: skip
    out = capsys.readouterr().out
    assert code == exit_codes.DONE
    assert "Imported 1 person" in out
    assert "  me: me@example.com\n" in out
    assert "    Carol Roth: 1 interaction (12 Mar 2025)" in out
    assert "Nina Ng <nina@example.net>: you wrote to them 2 times" in out
    assert "skipped: mailing list 1" in out
    assert "All mail, message 7 (line 58): its date 'not a date at all' is not a date" in out
    assert "Captured 1 history entry with 1 person" in out
    db = open_database(AppPaths(data).database)
    try:
        assert capture.my_addresses(db) == (ME,)  # kept
        assert interactions.history_count(db, 1) == 1
        assert [b.interactions for b in importing.list_batches(db)] == [1, 0]
    finally:
        db.close()


def test_add_people_and_json_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = str(tmp_path / "data")
    path = str(archive(tmp_path))
    code = cli.main(["--data-dir", data, "import", "--json", path, "--me", ME, "--add-people"])
    report = json.loads(capsys.readouterr().out)["capture"]
    assert code == 0
    assert report["interactions"] == 2 and len(report["created_ids"]) == 1
    assert report["people"][0]["name"] == "Nina Ng"
    assert report["skipped"] == {"mailing list": 1, "nobody you know": 3}
    assert report["problems"][0]["where"].startswith("message 7")
    # kept: the next run needs no --me, and adds nothing new
    assert cli.main(["--data-dir", data, "import", "--json", path]) == 0
    again = json.loads(capsys.readouterr().out)["capture"]
    assert again["me"] == [ME] and not again["me_suggested"]
    assert again["interactions"] == 0 and again["batch_id"] is None


def test_a_bad_me_address_is_a_usage_error_and_nothing_is_done(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    code = cli.main(["--data-dir", str(data), "import", str(archive(tmp_path)), "--me", "12"])
    err = capsys.readouterr().err
    assert code == exit_codes.USAGE
    assert "--me: '12' is neither an email address, a phone number nor a chat name" in err
    assert not (data / "relapp.sqlite3").exists()


def test_a_folder_without_archives_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "Documents"
    folder.mkdir()
    (folder / "notes.txt").write_text("nothing here\n")
    code = cli.main(["--data-dir", str(tmp_path / "data"), "import", str(folder)])
    assert code == exit_codes.NOTHING_DONE
    assert "Documents: no mail, calendar or chat archive found." in capsys.readouterr().err


def test_a_whole_process_never_shows_a_traceback_on_a_truncated_archive(tmp_path: Path) -> None:
    path = archive(tmp_path)
    path.write_bytes(path.read_bytes()[:-40])  # cut in the last message's headers
    cards = tmp_path / "people.vcf"
    cards.write_bytes(CARD)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    done = subprocess.run(
        [sys.executable, "-m", "relapp", "--data-dir", str(tmp_path / "d"), "import",
         str(cards), str(path), "--me", ME],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert "ends inside its headers (cut off)" in done.stdout
    assert "Captured 1 history entry" in done.stdout


def test_me_as_a_chat_name_marks_my_chat_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from datetime import datetime

    from relapp.domain.model import Direction
    from tests.capture.generators.chats import whatsapp_text

    cards = tmp_path / "carol.vcf"
    cards.write_bytes(CARD)
    chat = tmp_path / "WhatsApp Chat with Carol Roth.txt"
    chat.write_bytes(whatsapp_text([(datetime(2025, 3, 12, 9, 0), "Ana Silva", "hi")] * 2))
    data = tmp_path / "data"
    code = cli.main(
        ["--data-dir", str(data), "import", str(cards), str(chat), "--me", "Ana  Silva"]
    )
    assert code == 0, capsys.readouterr().err
    assert "me: Ana Silva" in capsys.readouterr().out
    db = open_database(AppPaths(data).database)
    try:
        assert capture.my_addresses(db) == ("Ana Silva",)
        [entry] = interactions.history_page(db, 1, 0, 10)
        assert entry.interaction.direction is Direction.OUTBOUND
    finally:
        db.close()


def test_a_folder_of_vcards_imports_them_and_the_archives_beside_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A phone's or another program's export: a folder of one card a file (in folders
    of its own), an archive beside them. Hidden files are left alone (macOS leaves a
    binary "._name.vcf" beside each file it copies; a sync program keeps its state)."""
    folder = tmp_path / "Contacts"
    (folder / "work").mkdir(parents=True)
    (folder / "carol.vcf").write_bytes(CARD)
    dan = CARD.replace(b"Carol Roth", b"Dan Park").replace(b"carol@", b"dan@")
    (folder / "work" / "Dan.VCF").write_bytes(dan)
    (folder / "._carol.vcf").write_bytes(b"\x00\x05\x16\x07" + bytes(80))
    (folder / ".sync").mkdir()
    (folder / ".sync" / "old.vcf").write_bytes(CARD.replace(b"Carol Roth", b"Eve Old"))
    archive(folder)
    data = tmp_path / "data"

    code = cli.main(["--data-dir", str(data), "import", str(folder), "--me", ME])

    out = capsys.readouterr().out
    assert code == exit_codes.DONE, out
    assert "Imported 2 people" in out
    db = open_database(AppPaths(data).database)
    try:
        rows = people.person_rows(db, people.list_people(db))
        names = {row.display_name: pid for pid, row in rows.items()}
        assert sorted(names) == ["Carol Roth", "Dan Park"]
        (thread,) = interactions.history_page(db, names["Carol Roth"], 0, 10)
        assert thread.message_count == 3  # her mails, captured with the cards
    finally:
        db.close()
