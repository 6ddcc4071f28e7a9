"""Every real export in ../shared/corpus/vcard, imported into an empty database, stores
what expected.json says a careful importer reads (compared on the stored people).

Each card is imported as its own person here ("create" for every card) so people and
expected entries pair up one to one; with the suggested choices, cards that are the
same person are merged instead (checked at the end). Comparison conventions are those
of tests/unit/domain/vcard/test_vcard_corpus.py: the display name falls back to the
first email where a card has no name; emails lower-cased and phones as digits (with a
leading "+"), in file order; tags compared without case and order (the database keeps
them sorted); a photo counts when it was stored, or given as a link (not fetched).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from relapp.domain.importing.plan import Choice, Decision, choose_all
from relapp.domain.model import Person
from relapp.services import importing, people
from relapp.storage import Database

_DATE_LINE = re.compile(r"[^:\n]+: \d{1,2} [A-Z][a-z]+(?: \d{1,4})?")


def corpus_entries(corpus: Path) -> list[dict[str, Any]]:
    return json.loads((corpus / "expected.json").read_text(encoding="utf-8"))


def phone_digits(value: str) -> str:
    number = value.split(" ext. ")[0]
    digits = re.sub(r"\D", "", number)
    return "+" + digits if number.strip().startswith("+") and digits else digits


def birthday_text(person: Person) -> str | None:
    bday = person.birthday
    if bday is None:
        return None
    if bday.year is None:
        return f"--{bday.month:02d}-{bday.day:02d}"
    return f"{bday.year:04d}-{bday.month:02d}-{bday.day:02d}"


def only_generated_lines(notes: str) -> bool:
    lines = [line for line in notes.splitlines() if line.strip()]
    return all(line.startswith("Related: ") or _DATE_LINE.fullmatch(line) for line in lines)


def differences(person: Person, linked_photo: bool, want: dict[str, Any]) -> dict[str, Any]:
    fn = want["fn"] if want["fn"] is not None else (want["emails"] or [None])[0]
    got = {
        "fn": person.display_name,
        "given": person.given_name or None,
        "family": person.family_name or None,
        "emails": [e.lower() for e in person.emails()],
        "phones": [phone_digits(p) for p in person.phones()],
        "org": person.organisation or None,
        "bday": birthday_text(person),
        "has_photo": person.photo is not None or linked_photo,
        "categories": sorted(t.casefold() for t in person.tags),
    }
    wanted = {
        **{key: want[key] for key in got},
        "fn": fn,
        "categories": sorted(t.casefold() for t in want["categories"]),
    }
    diff = {key: (wanted[key], got[key]) for key in got if wanted[key] != got[key]}
    note = want["note_contains"]
    if note is None and not only_generated_lines(person.notes):
        diff["note"] = (None, person.notes)
    elif note is not None and note not in person.notes:
        diff["note"] = (note, person.notes)
    return diff


def import_every_card(db: Database, path: Path) -> tuple[importing.ImportResult, Any]:
    plan = importing.plan_import(db, [path])
    choices = choose_all(plan, plan.defaults(), Choice.CREATE)
    return importing.apply_import(db, plan, choices), plan


def test_every_corpus_file_imports_as_expected_and_undoes_to_nothing(
    corpus_dir: Path, db: Database
) -> None:
    """One database for all files: each import starts from an empty database because the
    one before was undone (which must leave nobody behind, archived or not)."""
    mismatches: dict[str, Any] = {}
    entries = corpus_entries(corpus_dir)
    for entry in entries:
        result, plan = import_every_card(db, corpus_dir / entry["file"])
        if entry["broken"]:
            assert result.errors, f"{entry['file']} is broken but no error was reported"
        else:
            assert not result.errors, [str(e) for e in result.errors]
        assert result.created == len(entry["people"]), entry["file"]
        links = [bool(c.photo_url) for c in plan.cards if c.decision is not Decision.ERROR]
        for index, (person_id, want) in enumerate(
            zip(result.created_ids, entry["people"], strict=True)
        ):
            diff = differences(people.get_person(db, person_id), links[index], want)
            if diff:
                mismatches[f"{entry['file']} person {index + 1}"] = diff
        assert result.batch_id is not None
        undone = importing.undo_import(db, result.batch_id)
        assert (undone.deleted, undone.kept) == (len(entry["people"]), ())
        assert people.count_people(db) + people.count_people(db, archived=True) == 0
    assert not mismatches


def test_suggested_choices_merge_one_person_exported_twice_in_one_file(
    corpus_dir: Path, db: Database
) -> None:
    # John_Doe_ANDROID.vcf holds cards that share a phone and a name: one person twice.
    path = corpus_dir / "ez-vcard" / "John_Doe_ANDROID.vcf"
    plan = importing.plan_import(db, [path])
    duplicates = [c for c in plan.cards if c.decision is Decision.DUPLICATE_IN_FILE]
    assert duplicates and all(c.same_as is not None for c in duplicates)
    result = importing.apply_import(db, plan)
    assert result.combined == len([c for c in duplicates if c.default is Choice.MERGE])
    assert people.count_people(db) == len(plan.cards) - result.combined
