"""Reading a mail's headers leaves no cyclic garbage behind.

``email``'s default policy makes a new class for every header it parses (its header
registry builds ``type('_' + name, (kind, BaseHeader), {})`` on each lookup); a class is
a cycle, so 20,000 mails left some 100,000 classes and 200,000 tuples for the garbage
collector, and the window's next full collection walked them: 0.8 s of the GUI thread
after a capture (issue 18, ``bench.capture_stall``). One class per kind of header is
made once and kept instead.
"""

from __future__ import annotations

import gc

from relapp.domain.capture.records import Captured, SourceKind
from relapp.services.capture.sources.mail_headers import parse


def block(n: int) -> bytes:
    return (
        f"From: Carol Roth <carol{n}@example.org>\r\nTo: me@example.com\r\n"
        f"Cc: Dan <dan@example.net>\r\nSubject: Plans {n}\r\n"
        f"Date: Mon, 0{1 + n % 9} Dec 2026 10:00:00 +0000\r\n"
        f"Message-ID: <m{n}@example.org>\r\nX-Mailer: test {n}\r\n\r\n"
    ).encode()


def test_parsing_200_header_blocks_leaves_no_cyclic_garbage() -> None:
    list(parse(block(0), source=SourceKind.MBOX, file="Inbox", where="message 1"))  # warm up
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        gc.collect()
        records = []
        for n in range(200):
            records += parse(block(n), source=SourceKind.MBOX, file="Inbox", where=f"message {n}")
        garbage = gc.collect()
    finally:
        if was_enabled:
            gc.enable()
    assert len(records) == 200 and all(isinstance(r, Captured) for r in records)
    assert records[5].subject == "Plans 5"
    assert garbage < 50, garbage
