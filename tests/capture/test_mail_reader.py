"""The mail reader: mbox, Maildir and .eml, headers only, streamed, every bad input a
problem that names the file and the message while the rest still reads."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from relapp.domain.capture.records import Captured, CaptureProblem, SourceKind
from relapp.services.capture import sources
from tests.capture.generators.mail import (
    Mail,
    big_attachment_mbox,
    conversation,
    mbox_bytes,
    write_eml,
    write_maildir,
    write_mbox,
)

CAROL = "Carol Roth <carol@example.org>"


def records(path: Path) -> list[Captured]:
    return [r for r in sources.read(path) if isinstance(r, Captured)]


def problems(path: Path) -> list[CaptureProblem]:
    return [r for r in sources.read(path) if isinstance(r, CaptureProblem)]


def test_an_mbox_gives_one_record_per_message_with_thread_and_parties(tmp_path: Path) -> None:
    path = write_mbox(tmp_path / "All mail.mbox", conversation(CAROL, 3))
    found = records(path)
    assert [r.source for r in found] == [SourceKind.MBOX] * 3
    assert len({r.key for r in found}) == 3
    assert {r.thread for r in found} == {found[0].key}  # replies go to the root
    assert found[0].sender is not None and found[0].sender.address == "carol@example.org"
    assert found[0].sender.name == "Carol Roth"
    assert [p.address for p in found[1].recipients] == ["carol@example.org"]
    assert found[0].occurred_at == datetime(2025, 3, 12, 9, 0, tzinfo=UTC)
    assert found[1].subject == "Re: Plans"
    assert all(r.from_me is None for r in found)


def test_sources_are_detected_by_content_not_by_name(tmp_path: Path) -> None:
    mbox = write_mbox(tmp_path / "notes.txt", [Mail()])
    eml = write_eml(tmp_path / "Inbox", Mail())
    vcard = tmp_path / "mail.mbox"
    vcard.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Carol\nEND:VCARD\n")
    ics = tmp_path / "x.eml"
    ics.write_text("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:x\nEND:VCALENDAR\n")
    folder = tmp_path / "folder"
    folder.mkdir()
    assert sources.detect(mbox) is SourceKind.MBOX
    assert sources.detect(eml) is SourceKind.EML
    assert sources.detect(write_maildir(tmp_path / "Mail", [Mail()])) is SourceKind.MAILDIR
    assert sources.detect(vcard) is None
    assert sources.detect(ics) is SourceKind.ICS  # a calendar, whatever its name says
    assert sources.detect(folder) is None
    assert sources.detect(tmp_path / "missing") is None


def test_sent_mail_is_from_me_by_gmail_label_or_sent_folder(tmp_path: Path) -> None:
    labelled = Mail(extra=(("X-Gmail-Labels", "Important,Sent,Opened"),))
    assert records(write_mbox(tmp_path / "takeout.mbox", [labelled]))[0].from_me is True
    # Thunderbird keeps each folder as an extension-less mbox file named after it
    assert records(write_mbox(tmp_path / "Sent", [Mail()]))[0].from_me is True
    assert records(write_mbox(tmp_path / "Inbox", [Mail()]))[0].from_me is None


def test_a_maildir_reads_every_folder_and_its_sent_folder_is_from_me(tmp_path: Path) -> None:
    root = write_maildir(tmp_path / "Maildir", [Mail(message_id="in1"), Mail(message_id="in2")])
    write_maildir(root, [Mail(sender="me@example.com", to=(CAROL,), message_id="out")], ".Sent")
    found = {r.key: r for r in records(root)}
    assert set(found) == {"in1", "in2", "out"}
    assert found["out"].from_me is True and found["in1"].from_me is None
    assert found["out"].source is SourceKind.MAILDIR


def test_a_single_eml_file(tmp_path: Path) -> None:
    [record] = records(write_eml(tmp_path / "lunch.eml", Mail(cc=("dan@example.org",))))
    assert record.source is SourceKind.EML
    assert {p.address for p in record.recipients} == {"me@example.com", "dan@example.org"}


def test_list_headers_are_carried_for_the_not_a_conversation_rule(tmp_path: Path) -> None:
    mail = Mail(extra=(("List-Id", "<news.example.org>"), ("Precedence", "bulk")))
    [record] = records(write_mbox(tmp_path / "m", [mail]))
    assert dict(record.bulk_headers) == {"list-id": "<news.example.org>", "precedence": "bulk"}


def test_a_message_without_message_id_gets_a_stable_key(tmp_path: Path) -> None:
    one = records(write_mbox(tmp_path / "a", [Mail(message_id="")]))[0].key
    two = records(write_mbox(tmp_path / "b", [Mail(message_id="")]))[0].key
    assert one == two and one.startswith("sha1:")


def test_a_truncated_mbox_reports_the_cut_message_and_reads_the_rest(tmp_path: Path) -> None:
    data = mbox_bytes(conversation(CAROL, 3))
    cut = data[: data.rindex(b"Subject: Re: Plans")]  # the file ends in message 3's headers
    path = tmp_path / "cut.mbox"
    path.write_bytes(cut)
    assert len(records(path)) == 2
    [problem] = problems(path)
    assert problem.file == "cut.mbox"
    assert problem.where.startswith("message 3 ")
    assert "cut off" in problem.message


def test_broken_headers_are_reported_and_the_rest_reads(tmp_path: Path) -> None:
    mails = [
        Mail(message_id="good1"),
        Mail(sender="<<<not an address>>>", message_id="nofrom"),
        Mail(raw_headers=b"\xff\xfe\x00garbage without a colon\n", message_id="junk"),
        Mail(message_id="good2"),
    ]
    path = write_mbox(tmp_path / "broken", mails)
    keys = [r.key for r in records(path)]
    assert "good1" in keys and "good2" in keys and "nofrom" not in keys
    [problem] = [p for p in problems(path) if "From" in p.message]
    assert problem.where.startswith("message 2 ") and problem.file == "broken"


def test_an_unknown_charset_is_reported_and_the_message_kept(tmp_path: Path) -> None:
    mail = Mail(subject="=?x-klingon?q?caf=E9?=", message_id="odd")
    path = write_mbox(tmp_path / "odd", [mail, Mail(message_id="fine")])
    assert [r.key for r in records(path)] == ["odd", "fine"]
    [problem] = problems(path)
    assert "x-klingon" in problem.message and problem.where.startswith("message 1 ")


def test_missing_and_impossible_dates_are_reported_and_left_out(tmp_path: Path) -> None:
    mails = [
        Mail(at=None, message_id="nodate"),
        Mail(date_text="Sun, 30 Feb 2025 25:61:00 +0000", message_id="impossible"),
        Mail(date_text="yesterday-ish", message_id="words"),
        Mail(message_id="fine"),
    ]
    path = write_mbox(tmp_path / "dates", mails)
    assert [r.key for r in records(path)] == ["fine"]
    found = problems(path)
    assert [p.where.split(" (")[0] for p in found] == ["message 1", "message 2", "message 3"]
    assert "no Date" in found[0].message and "not a date" in found[1].message


def test_only_headers_are_read_a_body_line_from_is_no_new_message(tmp_path: Path) -> None:
    body = b"Hello\n\nFrom the team, with love\n"
    path = write_mbox(tmp_path / "m", [Mail(body=body), Mail(message_id="second")])
    assert len(records(path)) == 2  # the body's "From " is escaped as ">From "


def test_a_200_mb_attachment_is_streamed_with_bounded_memory(tmp_path: Path) -> None:
    path = big_attachment_mbox(tmp_path / "big.mbox", 200 * 1024 * 1024, after=[Mail()])
    small = write_mbox(tmp_path / "small.mbox", conversation(CAROL, 3))
    assert path.stat().st_size > 200 * 1024 * 1024
    script = textwrap.dedent(
        f"""
        import resource
        from pathlib import Path
        from relapp.services.capture import sources
        list(sources.read(Path({str(small)!r})))  # everything imported and warm
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        keys = [getattr(r, "key", None) for r in sources.read(Path({str(path)!r}))]
        print(keys)
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)
        """
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    keys, grew_kb = done.stdout.splitlines()
    assert keys == "['big@example.org', 'm0@example.org']"
    # reading the 200 MB message whole would grow it by 200 MB or more
    assert int(grew_kb) < 16 * 1024, f"resident memory grew by {int(grew_kb) // 1024} MB"


def test_malformed_message_ids_do_not_make_two_messages_one(tmp_path: Path) -> None:
    mails = [
        Mail(message_id="plans 0@example.org", subject="A"),
        Mail(message_id="plans 1@example.org", subject="B", references=("plans 0@example.org",)),
    ]
    first, second = records(write_mbox(tmp_path / "m", mails))
    assert first.key != second.key
    assert second.thread == first.key


def test_each_header_is_parsed_once_per_message(tmp_path: Path, monkeypatch) -> None:
    """The email package parses a header (an address list: most of the reading) each
    time it is asked for it. Seen in cProfile of `relapp import` (20,000 mails): the
    check for unreadable text asked for Subject, From and To again, a third of the
    reading; `mailbox` + headers, the baseline, parses each once."""
    from email.headerregistry import HeaderRegistry

    asked: list[str] = []
    real = HeaderRegistry.__call__

    def counting(self, name, value):  # type: ignore[no-untyped-def]
        asked.append(name.lower())
        return real(self, name, value)

    monkeypatch.setattr(HeaderRegistry, "__call__", counting)
    mails = [
        Mail(cc=("Dan <dan@example.org>",), extra=(("List-Id", "<club.example.org>"),)),
        Mail(subject="=?utf-8?q?caf=C3=A9?=", message_id="coded"),
    ]
    path = write_mbox(tmp_path / "mail", mails)
    assert len(records(path)) == 2
    once = {"from": 2, "to": 2, "subject": 2, "date": 2, "cc": 1, "list-id": 1}
    assert Counter(asked) == once
