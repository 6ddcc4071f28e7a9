"""The share of expected fields Relapp reads from a corpus of real vCard exports.

    python -m bench.corpus_score [CORPUS_DIR]   (default ../shared/corpus/vcard)

The corpus has an ``expected.json`` (see its SOURCES.md for the conventions). Each
expected person has ten fields: fn, given, family, emails, phones, org, bday, has_photo,
categories and the note. A field counts when the card read for that person gives it as
expected (compared as tests/unit/domain/vcard/test_vcard_corpus.py does); the people of
a file are paired with the cards read by best agreement, so a dropped card costs its own
fields only, and every field of an expected person with no card counts as missed.
Prints one line per file with misses, and the total share.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from relapp.domain.vcard import ParsedCard, read_vcard_file

FIELDS = (
    "fn",
    "given",
    "family",
    "emails",
    "phones",
    "org",
    "bday",
    "has_photo",
    "categories",
    "note",
)
DEFAULT = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "vcard"
_DATE_LINE = re.compile(r"[^:\n]+: \d{1,2} [A-Z][a-z]+(?: \d{1,4})?")


def phone_digits(value: str) -> str:
    number = value.split(" ext. ")[0]
    digits = re.sub(r"\D", "", number)
    return "+" + digits if number.strip().startswith("+") and digits else digits


def birthday_text(card: ParsedCard) -> str | None:
    b = card.draft.birthday
    if b is None:
        return None
    if b.year is None:
        return f"--{b.month:02d}-{b.day:02d}"
    return f"{b.year:04d}-{b.month:02d}-{b.day:02d}"


def only_generated_lines(notes: str) -> bool:
    lines = [line for line in notes.splitlines() if line.strip()]
    return all(line.startswith("Related: ") or _DATE_LINE.fullmatch(line) for line in lines)


def matched_fields(card: ParsedCard, want: dict[str, Any]) -> set[str]:
    """The fields of ``want`` that ``card`` reads as expected."""
    draft = card.draft
    fn = want["fn"] if want["fn"] is not None else (want["emails"] or [None])[0]
    got = {
        "fn": draft.display_name,
        "given": draft.given_name or None,
        "family": draft.family_name or None,
        "emails": [e.lower() for e in draft.emails()],
        "phones": [phone_digits(p) for p in draft.phones()],
        "org": draft.organisation or None,
        "bday": birthday_text(card),
        "has_photo": draft.photo is not None or bool(card.photo_url),
        "categories": list(draft.tags),
    }
    wanted = {**{key: want[key] for key in got}, "fn": fn}
    ok = {key for key in got if wanted[key] == got[key]}
    note = want["note_contains"]
    if (note is None and only_generated_lines(draft.notes)) or (
        note is not None and note in draft.notes
    ):
        ok.add("note")
    return ok


def score_file(path: Path, people: list[dict[str, Any]]) -> tuple[int, int, list[str]]:
    """(fields read, fields expected, what was missed) for one file."""
    cards = list(read_vcard_file(path).cards)
    read = 0
    missed: list[str] = []
    for number, want in enumerate(people, start=1):
        best: tuple[int, int, set[str]] = (-1, -1, set())
        for index, card in enumerate(cards):
            ok = matched_fields(card, want)
            if len(ok) > best[0]:
                best = (len(ok), index, ok)
        if best[1] >= 0:
            cards.pop(best[1])
        read += max(best[0], 0)
        missed.extend(f"person {number} {field}" for field in FIELDS if field not in best[2])
    return read, len(FIELDS) * len(people), missed


def score(corpus: Path) -> tuple[int, int, dict[str, list[str]]]:
    entries = json.loads((corpus / "expected.json").read_text(encoding="utf-8"))
    total_read = total = 0
    misses: dict[str, list[str]] = {}
    for entry in entries:
        read, expected, missed = score_file(corpus / entry["file"], entry["people"])
        total_read += read
        total += expected
        if missed:
            misses[entry["file"]] = missed
    return total_read, total, misses


def main(argv: list[str]) -> int:
    corpus = Path(argv[0]) if argv else DEFAULT
    read, total, misses = score(corpus)
    for file, missed in misses.items():
        print(f"{file}: {len(missed)} missed: {', '.join(missed[:8])}")
    share = 100 * read / total if total else 0.0
    print(f"{read:,} of {total:,} expected fields read: {share:.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
