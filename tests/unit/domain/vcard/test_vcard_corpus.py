"""Every real export in ../shared/corpus/vcard reads as its expected.json says.

How fields are compared (expected.json's conventions, and the importer choices its
``ambiguous`` notes allow):

- ``fn`` is the display name. Where the card has neither FN nor N (``fn`` null), Relapp
  falls back to the first e-mail address, as the note allows.
- ``given`` / ``family`` null means Relapp leaves the name part empty (it does not split FN).
- ``emails`` lower-cased, in file order; ``phones`` reduced to digits with a leading "+",
  in file order. Relapp keeps a phone as written; a ``tel:`` extension is kept as
  " ext. N" and left out here, as expected.json does. Phones without digits (Outlook's
  placeholder words) are kept as written, so they compare as "".
- ``has_photo`` holds when the photo was embedded (decoded) or given as a link (kept as
  ``photo_url``; links are not fetched).
- ``note_contains`` must be in the notes. Where it is null, the notes may hold only the
  lines Relapp adds for dates and relations ("Anniversary: ...", "Related: ...").
- ``categories`` are the tags, in order.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bench.corpus_score import birthday_text, only_generated_lines, phone_digits
from relapp.domain.vcard import ParsedCard, read_vcard_file

CORPUS = Path(__file__).resolve().parents[4] / ".." / "shared" / "corpus" / "vcard"
EXPECTED = CORPUS / "expected.json"


def _entries() -> list[Any]:
    if not EXPECTED.is_file():
        reason = f"the vCard corpus is not here ({CORPUS.resolve()} has no expected.json)"
        return [pytest.param(None, marks=pytest.mark.skip(reason=reason), id="no-corpus")]
    entries = json.loads(EXPECTED.read_text(encoding="utf-8"))
    return [pytest.param(entry, id=entry["file"]) for entry in entries]


def compare_person(card: ParsedCard, want: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Field name -> (expected, read) for every field that differs."""
    draft = card.draft
    emails = [email.lower() for email in draft.emails()]
    fn = want["fn"] if want["fn"] is not None else (want["emails"] or [None])[0]
    got: dict[str, Any] = {
        "fn": draft.display_name,
        "given": draft.given_name or None,
        "family": draft.family_name or None,
        "emails": emails,
        "phones": [phone_digits(phone) for phone in draft.phones()],
        "org": draft.organisation or None,
        "bday": birthday_text(card),
        "has_photo": draft.photo is not None or bool(card.photo_url),
        "categories": list(draft.tags),
    }
    wanted = {**{key: want[key] for key in got}, "fn": fn}
    diff = {key: (wanted[key], got[key]) for key in got if wanted[key] != got[key]}
    note = want["note_contains"]
    if note is None:
        if not only_generated_lines(draft.notes):
            diff["note_contains"] = (None, draft.notes)
    elif note not in draft.notes:
        diff["note_contains"] = (note, draft.notes)
    return diff


@pytest.mark.parametrize("entry", _entries())
def test_corpus_file_reads_as_expected(entry: dict[str, Any]) -> None:
    result = read_vcard_file(CORPUS / entry["file"])

    if entry["broken"]:
        assert result.errors, f"{entry['file']} is broken ({entry['broken']}) but no error"
    else:
        assert not result.errors, [str(error) for error in result.errors]
    assert len(result.skipped) == entry["skipped_non_person_cards"], result.skipped
    assert len(result.cards) == len(entry["people"])
    mismatches = {
        f"person {number}": diff
        for number, (card, want) in enumerate(zip(result.cards, entry["people"], strict=True), 1)
        if (diff := compare_person(card, want))
    }
    assert not mismatches


def test_phone_digits_keep_the_plus_and_drop_an_extension() -> None:
    assert phone_digits("+1-418-656-9254 ext. 102") == "+14186569254"
    assert phone_digits("(111) 555-1111") == "1115551111"
    assert phone_digits("BusinessPhone") == ""


def test_generated_note_lines_are_recognised_and_real_notes_are_not() -> None:
    assert only_generated_lines("Anniversary: 8 August 2009\nRelated: spouse Jane")
    assert only_generated_lines("")
    assert not only_generated_lines("Something")
    assert not only_generated_lines("Anniversary: 8 August 2009\n\nMet at a party")
