"""Generated archives for the capture benchmarks: an mbox and an .ics, no private data.

    python -m bench.capture_archives OUT_FOLDER [--messages 100000] [--events 5000]
        [--people email1,email2,...]

The mbox (Google Takeout's shape): threads of 1-4 messages between me and a
correspondent over a few days, a tenth of the messages from mailing lists (List-Id), a
few no-reply senders, and 3 in 100 with a base64 attachment of 10-100 KB, so the
file is mostly bodies that capture must stream past. Correspondents are the given
addresses (known people, from the benchmark database) and as many unknown ones. The
.ics holds past meetings, a tenth of them weekly for a year, with one or two attendees.
Deterministic for a seed.
"""

from __future__ import annotations

import argparse
import base64
import random
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

ME = "me@bench.example"
START = datetime(2022, 1, 3, 9, 0, tzinfo=UTC)
_BLOB = base64.encodebytes(random.Random(1).randbytes(100_000))  # one body, reused


def _message(
    rng: random.Random,
    n: int,
    sender: str,
    to: Sequence[str],
    subject: str,
    at: datetime,
    root: str | None,
    extra: Sequence[str] = (),
) -> tuple[bytes, str]:
    mid = f"<m{n}.{rng.getrandbits(32):08x}@bench.example>"
    lines = [
        "From MAILER-DAEMON Mon Jan  3 09:00:00 2022",
        f"From: {sender}",
        "To: " + ", ".join(to),
        f"Subject: {subject}",
        f"Date: {format_datetime(at)}",
        f"Message-ID: {mid}",
        "MIME-Version: 1.0",
        *([f"References: {root}", f"In-Reply-To: {root}"] if root else []),
        *extra,
    ]
    if rng.random() < 0.03:
        size = rng.randrange(10_000, 100_000)
        lines += [
            'Content-Type: multipart/mixed; boundary="b1"',
            "",
            "--b1",
            "Content-Type: text/plain",
            "",
            "See the attached file.",
            "--b1",
            'Content-Type: application/pdf; name="report.pdf"',
            "Content-Transfer-Encoding: base64",
            "",
            _BLOB[: size * 4 // 3].decode("ascii").rstrip("\n"),
            "--b1--",
        ]
    else:
        lines += ["Content-Type: text/plain", "", "Hello, about that: sounds good to me."]
    return ("\n".join(lines) + "\n\n").encode("utf-8"), mid


def write_mbox(path: Path, messages: int, known: Sequence[str], seed: int = 7) -> dict[str, int]:
    """``messages`` messages to ``path``; returns what was written, by kind."""
    rng = random.Random(seed)
    unknown = [f"person{n}@elsewhere.example" for n in range(max(len(known), 100))]
    people = [*known, *unknown]
    counts = {"messages": 0, "threads": 0, "lists": 0, "no_reply": 0}
    at = START
    with path.open("wb") as out:
        while counts["messages"] < messages:
            at += timedelta(minutes=rng.randrange(5, 90))
            roll = rng.random()
            n = counts["messages"]
            if roll < 0.10:
                data, _ = _message(
                    rng, n, "News <news@list.example>", (ME,), "Weekly digest", at, None,
                    ("List-Id: <weekly.list.example>", "List-Unsubscribe: <mailto:u@list.example>"),
                )  # fmt: skip
                out.write(data)
                counts["lists"] += 1
                counts["messages"] += 1
                continue
            if roll < 0.12:
                data, _ = _message(rng, n, "no-reply@shop.example", (ME,), "Your order", at, None)
                out.write(data)
                counts["no_reply"] += 1
                counts["messages"] += 1
                continue
            other = rng.choice(people)
            subject = f"Topic {rng.randrange(10_000)}"
            root: str | None = None
            when = at
            counts["threads"] += 1
            for reply in range(rng.randrange(1, 5)):
                mine = reply % 2 == 1
                sender, to = (ME, (other,)) if mine else (other, (ME,))
                data, mid = _message(
                    rng,
                    counts["messages"],
                    sender,
                    to,
                    subject if reply == 0 else f"Re: {subject}",
                    when,
                    root,
                )
                out.write(data)
                root = root or mid
                counts["messages"] += 1
                when += timedelta(hours=rng.randrange(1, 30))
                if counts["messages"] >= messages:
                    break
    return counts


def write_ics(path: Path, events: int, known: Sequence[str], seed: int = 7) -> int:
    """``events`` past events (a tenth weekly for a year) to ``path``."""
    rng = random.Random(seed)
    people = [*known, *(f"guest{n}@elsewhere.example" for n in range(100))]
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Relapp bench//EN"]
    at = START
    for n in range(events):
        at += timedelta(hours=rng.randrange(2, 6))
        stamp = at.strftime("%Y%m%dT%H%M%SZ")
        lines += [
            "BEGIN:VEVENT",
            f"UID:bench-{n}@bench.example",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{stamp}",
            f"DTEND:{(at + timedelta(hours=1)).strftime('%Y%m%dT%H%M%SZ')}",
            f"SUMMARY:Meeting {n}",
            f"ORGANIZER:mailto:{ME}",
            *(f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{a}" for a in rng.sample(people, 2)),
            *(["RRULE:FREQ=WEEKLY;COUNT=52"] if n % 10 == 0 else []),
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    return events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=5_000)
    parser.add_argument("--people", default="", help="known addresses, comma-separated")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    known = [a for a in args.people.split(",") if a]
    print(write_mbox(args.out / "All mail.mbox", args.messages, known))
    print(write_ics(args.out / "calendar.ics", args.events, known), "events")


if __name__ == "__main__":
    main()
