"""Raw UTF-8 in mail headers (RFC 6532; common in real archives): addresses and subjects
are read as text, matched and stored. Found by the capture benchmark: an address like
``aiko.garcía@example.com`` written unencoded became surrogates, and the whole capture
stopped with a UnicodeEncodeError at the first query."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from relapp.domain.model import ContactKind, ContactPoint, PersonDraft
from relapp.services import capture, interactions, people
from relapp.storage import Database
from tests.capture.generators.mail import BASE, Mail, mbox_bytes

ME = "me@example.com"


def test_raw_utf8_addresses_and_subjects_are_matched_and_stored(
    db: Database, tmp_path: Path
) -> None:
    aiko = people.add_person(
        db,
        PersonDraft(
            "Aiko García",
            contact_points=(ContactPoint(ContactKind.EMAIL, "aiko.garcía@example.com"),),
        ),
    ).id
    mails = [
        Mail(sender="Aiko García <aiko.garcía@example.com>", to=(ME,), subject="Café señor"),
        Mail(sender=ME, to=("aiko.garcía@example.com",), subject="Re: Café señor",
             at=BASE + timedelta(hours=1), references=("m0@example.org",)),
    ]  # fmt: skip
    path = tmp_path / "All mail"
    path.write_bytes(mbox_bytes(mails))
    plan = capture.plan_capture(
        db, [path], me=(ME,), now=BASE + timedelta(days=9), tz=ZoneInfo("UTC")
    )
    assert plan.problem_count == 0
    capture.apply_capture(db, plan, backup_first=False)
    [entry] = interactions.history_page(db, aiko, 0, 10)
    assert entry.interaction.summary == "Café señor"
    assert entry.message_count == 2
