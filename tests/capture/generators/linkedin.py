"""Small generated LinkedIn export files (messages.csv, Connections.csv); no private data."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

MESSAGE_HEADER = [
    "CONVERSATION ID",
    "CONVERSATION TITLE",
    "FROM",
    "SENDER PROFILE URL",
    "TO",
    "RECIPIENT PROFILE URLS",
    "DATE",
    "SUBJECT",
    "CONTENT",
    "FOLDER",
    "IS MESSAGE DRAFT",
]
CONNECTION_NOTES = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses'
    " are missing. You will only see email addresses for connections who have allowed"
    ' their connections to see or download their email address."\n'
    "\n"
)
CONNECTION_HEADER = [
    "First Name",
    "Last Name",
    "URL",
    "Email Address",
    "Company",
    "Position",
    "Connected On",
]


def profile(slug: str) -> str:
    return f"https://www.linkedin.com/in/{slug}"


def message_row(
    conversation: str,
    when: str,
    sender: tuple[str, str],
    to: Sequence[tuple[str, str]],
    content: str = "Hello,\nhow are you?",
    subject: str = "",
    draft: bool = False,
) -> list[str]:
    """``sender`` and ``to`` as (name, profile slug); ``when`` as "2023-12-31 21:41:05 UTC"."""
    return [
        conversation,
        "",
        sender[0],
        profile(sender[1]),
        ", ".join(name for name, _ in to),
        ",".join(profile(slug) for _, slug in to),
        when,
        subject,
        content,
        "INBOX",
        "Yes" if draft else "No",
    ]


def _csv(rows: Sequence[Sequence[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def messages_csv(rows: Sequence[Sequence[str]]) -> bytes:
    return _csv([MESSAGE_HEADER, *rows]).encode("utf-8")


def connections_csv(rows: Sequence[Sequence[str]]) -> bytes:
    return (CONNECTION_NOTES + _csv([CONNECTION_HEADER, *rows])).encode("utf-8")


def write_large_messages(path: Path, at_least_bytes: int) -> int:
    """A messages.csv of at least ``at_least_bytes`` (long multi-line contents)."""
    content = "\n".join(['a paragraph of a long message, with commas, and "quotes"'] * 40)
    count = 0
    with path.open("wb") as out:
        out.write(messages_csv([]))
        while out.tell() < at_least_bytes:
            rows = [
                message_row(
                    f"conv-{(count + i) % 500}",
                    f"2023-{1 + (count + i) % 12:02d}-01 09:00:{(count + i) % 60:02d} UTC",
                    ("Carol Roth", "carol-roth"),
                    [("Me Example", "me-example")],
                    content,
                )
                for i in range(200)
            ]
            out.write(_csv(rows).encode())
            count += 200
    return count
