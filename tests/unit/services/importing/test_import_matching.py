"""Imports never merge two different people by default (issue 12, items 1 and 2).

Real vCard files, real SQLite databases: repeated names, namesakes you already know, a
couple on one landline, shared family@/info@ addresses, and the demo exported and read
back into an empty folder.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from relapp.demo.build import build_demo
from relapp.domain.importing.plan import Choice, Decision
from relapp.domain.model import Birthday, ContactKind, ContactPoint, PersonDraft
from relapp.services import exporting, importing, people
from relapp.storage import Database, open_database

FIRST = ("John", "Mary", "David", "Anna", "Peter", "Laura", "James", "Sara", "Paul", "Emma")
LAST = ("Smith", "Jones", "Brown", "Lee", "Garcia", "Miller", "Davis", "Wilson", "Moore", "Lopez")


def card(name: str, *lines: str) -> str:
    body = "".join(f"{line}\r\n" for line in lines)
    return f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\n{body}END:VCARD\r\n"


def write(folder: Path, name: str, *cards: str) -> Path:
    path = folder / name
    path.write_text("".join(cards), encoding="utf-8")
    return path


def everyone(db: Database) -> list[str]:
    ids = people.list_people(db) + people.list_people(db, archived=True)
    return sorted(row.display_name for row in people.person_rows(db, ids).values())


def import_with_defaults(db: Database, path: Path) -> importing.ImportResult:
    plan = importing.plan_import(db, [path])
    return importing.apply_import(db, plan, backup_first=False)


def test_two_hundred_people_with_repeating_names_import_as_two_hundred(
    db: Database, tmp_path: Path
) -> None:
    cards = [
        card(
            "John Smith" if n < 10 else f"{FIRST[1 + n % 9]} {LAST[n // 20]}",
            f"EMAIL:person{n}@mail{n}.example",
            f"TEL:+1 212 555 {1000 + n:04d}",
        )
        for n in range(200)
    ]
    path = write(tmp_path, "people.vcf", *cards)
    plan = importing.plan_import(db, [path])
    assert all(c.default is Choice.CREATE for c in plan.cards)
    import_with_defaults(db, path)
    names = everyone(db)
    assert len(names) == 200
    assert names.count("John Smith") == 10


def test_a_namesake_is_a_possible_match_and_not_merged(db: Database, tmp_path: Path) -> None:
    banker = people.add_person(
        db,
        PersonDraft(
            "John Smith",
            organisation="First Bank",
            birthday=Birthday(4, 12, 1970),
            contact_points=(
                ContactPoint(ContactKind.EMAIL, "john.smith@firstbank.example"),
                ContactPoint(ContactKind.PHONE, "+1 212 555 0100"),
            ),
        ),
    ).id
    plumber = card(
        "John Smith",
        "ORG:Smith Plumbing",
        "EMAIL:john@smithplumbing.example",
        "TEL:+1 646 555 0199",
        "BDAY:1985-07-30",
    )
    path = write(tmp_path, "plumber.vcf", plumber)
    (only,) = importing.plan_import(db, [path]).cards
    assert only.decision is Decision.MATCH and only.match is not None
    assert only.match.person_id == banker
    assert only.default is Choice.CREATE
    assert "same name, but different email, phone, birthday and organisation" in (
        only.match.reasons
    )
    import_with_defaults(db, path)
    assert everyone(db) == ["John Smith", "John Smith"]


def test_a_couple_on_one_landline_stay_two_people(db: Database, tmp_path: Path) -> None:
    bob = people.add_person(
        db,
        PersonDraft(
            "Bob Jones",
            contact_points=(
                ContactPoint(ContactKind.PHONE, "+1 303 555 0142", "home"),
                ContactPoint(ContactKind.EMAIL, "bob@jones.example"),
            ),
        ),
    ).id
    alice = card("Alice Jones", "TEL;TYPE=HOME:(303) 555-0142", "EMAIL:alice@jones.example")
    path = write(tmp_path, "alice.vcf", alice)
    (only,) = importing.plan_import(db, [path]).cards
    assert only.decision is Decision.MATCH and only.match is not None
    assert only.match.person_id == bob and not only.match.strong
    assert only.default is Choice.CREATE
    assert only.match.reasons[0] == "shares a phone with Bob Jones"
    import_with_defaults(db, path)
    assert everyone(db) == ["Alice Jones", "Bob Jones"]
    assert people.get_person(db, bob).emails() == ["bob@jones.example"]


def test_couples_in_one_file_stay_two_people_each(db: Database, tmp_path: Path) -> None:
    cards = []
    for n in range(10):
        landline = f"TEL;TYPE=HOME:+1 303 555 {2000 + n:04d}"
        cards.append(card(f"Bob {LAST[n]}", landline, f"EMAIL:bob{n}@home.example"))
        cards.append(card(f"Alice {LAST[n]}", landline, f"EMAIL:alice{n}@home.example"))
    import_with_defaults(db, write(tmp_path, "couples.vcf", *cards))
    assert len(everyone(db)) == 20


def test_family_and_info_addresses_are_shared_not_identity(db: Database, tmp_path: Path) -> None:
    people.add_person(
        db,
        PersonDraft(
            "Tom Baker", contact_points=(ContactPoint(ContactKind.EMAIL, "family@baker.example"),)
        ),
    )
    colleagues = [
        card(name, "EMAIL:info@acme.example", "ORG:Acme")
        for name in ("Ann Lee", "Ben Cho", "Cat Diaz", "Dev Rao", "Eve Kim")
    ]
    sue = card("Sue Baker", "EMAIL:family@baker.example")
    path = write(tmp_path, "shared.vcf", sue, *colleagues)
    plan = importing.plan_import(db, [path])
    assert all(c.default is Choice.CREATE for c in plan.cards)
    import_with_defaults(db, path)
    assert len(everyone(db)) == 7


def test_the_demo_exported_and_imported_elsewhere_keeps_everyone(tmp_path: Path) -> None:
    now = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    (tmp_path / "one").mkdir()
    source = open_database(tmp_path / "one" / "relapp.sqlite3", backups_dir=tmp_path / "b1")
    try:
        build_demo(source, now)
        before = everyone(source)
        exporting.export_vcards(source, tmp_path / "demo.vcf", include_archived=True)
    finally:
        source.close()
    (tmp_path / "two").mkdir()
    target = open_database(tmp_path / "two" / "relapp.sqlite3", backups_dir=tmp_path / "b2")
    try:
        import_with_defaults(target, tmp_path / "demo.vcf")
        after = everyone(target)
    finally:
        target.close()
    assert len(before) == 36
    assert after == before


def test_a_merge_keeps_the_other_name_and_undo_restores_exactly(
    db: Database, tmp_path: Path
) -> None:
    dan = people.add_person(
        db,
        PersonDraft(
            "Dan Smith",
            contact_points=(ContactPoint(ContactKind.EMAIL, "dan@smith.example"),),
        ),
    ).id
    before = people.get_person(db, dan).draft()
    path = write(tmp_path, "dan.vcf", card("Daniel Smith", "EMAIL:DAN@smith.example"))
    (only,) = importing.plan_import(db, [path]).cards
    assert only.default is Choice.MERGE and only.match is not None
    assert only.match.reasons[0] == "same email dan@smith.example"
    result = import_with_defaults(db, path)
    merged = people.get_person(db, dan)
    assert merged.display_name == "Dan Smith"
    assert "Also known as Daniel Smith" in merged.notes.splitlines()
    assert result.batch_id is not None
    importing.undo_import(db, result.batch_id)
    # Everything the person says is as before (only the row's updated_at moved on).
    assert people.get_person(db, dan).draft() == before
