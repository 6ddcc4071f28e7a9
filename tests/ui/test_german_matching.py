"""LANGUAGE=de: why two cards may be one person reads German wherever it is shown — the
matching rules' reasons, the possible-duplicates list, the duplicate guard of the person
dialog and the import preview — each reason one whole translated sentence, the
contradictions in the same order in every language."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from relapp.domain.match_profile import PersonKeys
from relapp.domain.match_rules import compare
from relapp.domain.model import Birthday, ContactKind, ContactPoint, PersonDraft
from relapp.services import importing, merging, people
from relapp.services.duplicates import find_known
from relapp.storage import Database
from relapp.ui.duplicate_panel import DuplicateRow
from relapp.ui.importing.preview_dialog import PreviewDialog
from relapp.ui.merging.duplicates_dialog import evidence


def _keys(pid: int, name: str, **fields: object) -> PersonKeys:
    base: dict[str, object] = {
        "person_id": pid,
        "display_name": name,
        "given_name": "",
        "family_name": "",
        "nickname": "",
        "organisation": "",
        "birthday": None,
        "email_keys": frozenset(),
        "phone_keys": frozenset(),
    }
    base.update(fields)
    return PersonKeys(**base)  # type: ignore[arg-type]


def _two_adas(db: Database) -> None:
    email = ContactKind.EMAIL
    people.add_person(
        db,
        PersonDraft(
            display_name="Ada Lovelace",
            birthday=Birthday(12, 10, 1815),
            organisation="Analytical Engines",
            contact_points=(ContactPoint(email, "ada@example.com"),),
        ),
    )
    people.add_person(
        db,
        PersonDraft(
            display_name="Ada Lovelace",
            birthday=Birthday(1, 1, 1816),
            organisation="Difference Engines",
            contact_points=(ContactPoint(email, "ada@lovelace.org"),),
        ),
    )


def test_the_reasons_are_whole_german_sentences_in_a_stable_order(german: str) -> None:
    a = _keys(1, "Carol Roth", email_keys=frozenset({"carol@x.com"}), organisation="Acme")
    b = _keys(
        2,
        "Carol Roth",
        email_keys=frozenset({"carol@y.com"}),
        birthday=Birthday(3, 4, 1980),
        organisation="Umbrella",
    )
    b_born = _keys(3, "Carol Roth", birthday=Birthday(3, 4, 1980))
    a_born = _keys(4, "Carol Roth", birthday=Birthday(5, 6, 1981), email_keys=frozenset({"c@z"}))
    match = compare(a, b)
    assert match is not None
    assert match.reasons == ("gleicher Name, aber andere E-Mail-Adresse und andere Organisation",)
    assert match.against == ("andere E-Mail-Adresse", "andere Organisation")
    other = compare(a_born, b_born)
    assert other is not None
    assert other.against == ("anderer Geburtstag",)
    shares = compare(
        _keys(1, "Carol Roth", phone_keys=frozenset({"+4930123"})),
        _keys(2, "Bob Jones", phone_keys=frozenset({"+4930123"})),
    )
    assert shares is not None
    assert shares.reasons == ("hat eine Telefonnummer mit Bob Jones gemeinsam",)
    assert shares.against == ("anderer Name",)
    nick = compare(_keys(1, "Bob Smith"), _keys(2, "Robert Smith"))
    assert nick is not None
    assert nick.reasons == ("ähnlicher Name (Bob könnte die Kurzform von Robert sein)",)


def test_the_possible_duplicates_list_is_german(german: str, db: Database) -> None:
    _two_adas(db)
    (pair,) = merging.possible_duplicates(db)
    assert evidence(pair) == (
        "möglicherweise: gleicher Name, aber andere E-Mail-Adresse,"
        " anderer Geburtstag und andere Organisation"
    )


def test_the_duplicate_guard_is_german(german: str, qtbot, db: Database) -> None:
    _two_adas(db)
    draft = PersonDraft(
        display_name="Ada Lovelace",
        contact_points=(ContactPoint(ContactKind.EMAIL, "ada@example.com"),),
    )
    known = [k for k in find_known(db, draft) if k.match.strong]
    assert known
    row = DuplicateRow(known[0], datetime.now(UTC), can_merge=True)
    qtbot.addWidget(row)
    assert row.reasons_label.text() == "gleiche E-Mail-Adresse ada@example.com; gleicher Name"
    assert row.details_label.text() == "noch nie kontaktiert"


def test_the_import_preview_gives_its_reasons_in_german(
    german: str, qtbot, db: Database, tmp_path: Path
) -> None:
    _two_adas(db)
    card = tmp_path / "ada.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEMAIL:ada@example.com\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    preview = PreviewDialog(importing.plan_import(db, [card]))
    qtbot.addWidget(preview)
    why = preview.model.index(0, 3).data()
    assert why.startswith("gleiche E-Mail-Adresse ada@example.com, gleicher Name · "), why
