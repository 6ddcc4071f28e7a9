"""Exporting people as vCards: what is written reads back as the people you have, a page
at a time, atomically and privately."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from relapp.domain.errors import InvalidInput
from relapp.domain.vcard import read_vcard_file
from relapp.services import exporting, people
from relapp.services.atomic_file import atomic_text_file
from relapp.services.exporting import ExportError, export_vcards
from relapp.storage import Database
from tests import export_fixture


def read_back(path: Path) -> dict[str, object]:
    result = read_vcard_file(path)
    assert not result.errors and not result.skipped
    return {card.draft.display_name: card.draft for card in result.cards}


@pytest.mark.parametrize("version", ["4.0", "3.0"])
def test_everyone_reads_back_as_they_are_stored(db: Database, tmp_path: Path, version: str) -> None:
    export_fixture.build(db)
    target = tmp_path / "everyone.vcf"

    result = export_vcards(db, target, version=version)

    cards = read_back(target)
    listed = people.list_people(db)
    assert result.people == len(listed) == len(cards) == 4
    for person_id in listed:
        person = people.get_person(db, person_id)
        card = cards[person.display_name]
        assert (card.given_name, card.family_name) == (person.given_name, person.family_name)
        assert card.emails() == person.emails() and card.phones() == person.phones()
        assert card.organisation == person.organisation and card.title == person.title
        assert card.birthday == person.birthday
        assert card.notes == person.notes.replace("\r\n", "\n")
        assert sorted(card.tags) == sorted(person.tags)
        assert card.contact_points == person.contact_points
        assert card.photo == person.photo
    assert export_fixture.HTML_NAME in cards  # kept literally


def test_archived_people_only_when_asked(db: Database, tmp_path: Path) -> None:
    export_fixture.build(db)
    without, with_archived = tmp_path / "a.vcf", tmp_path / "b.vcf"
    export_vcards(db, without)
    export_vcards(db, with_archived, include_archived=True)
    assert "Bo Leap" not in read_back(without)
    bo = read_back(with_archived)["Bo Leap"]
    assert bo.birthday is not None and (bo.birthday.month, bo.birthday.day) == (2, 29)
    assert bo.birthday.year is None


def test_selected_people_in_the_order_given(db: Database, tmp_path: Path) -> None:
    ids = export_fixture.build(db)
    target = tmp_path / "two.vcf"
    result = export_vcards(db, target, person_ids=[ids["carol"], ids["bo"], ids["carol"], 999])
    assert result.people == 2
    names = [card.draft.display_name for card in read_vcard_file(target).cards]
    assert names == ["Carol Roth", "Bo Leap"]


def test_pages_of_people_make_one_file(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(exporting, "PAGE", 2)
    export_fixture.build(db)
    seen: list[tuple[int, int]] = []
    target = tmp_path / "paged.vcf"
    result = export_vcards(
        db, target, include_archived=True, progress=lambda d, t: seen.append((d, t))
    )
    assert result.people == 5 and len(read_back(target)) == 5
    assert seen == [(0, 5), (2, 5), (4, 5), (5, 5)]


def test_an_unknown_version_is_refused(db: Database, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput):
        export_vcards(db, tmp_path / "x.vcf", version="2.1")
    assert not (tmp_path / "x.vcf").exists()


def test_a_failure_half_way_leaves_the_earlier_file_and_no_scraps(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(exporting, "PAGE", 2)
    export_fixture.build(db)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "contacts.vcf"
    target.write_text("the export from last week")
    calls = []

    def failing(
        drafts: object, version: str, uids: object = None
    ) -> str:  # stands in for write_vcards
        calls.append(1)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return "BEGIN:VCARD\r\nEND:VCARD\r\n"

    monkeypatch.setattr(exporting, "write_vcards", failing)
    with pytest.raises(ExportError) as caught:
        export_vcards(db, target)
    assert "No space left on device" in str(caught.value)
    assert target.read_text() == "the export from last week"
    assert [p.name for p in folder.iterdir()] == ["contacts.vcf"]


def test_a_folder_that_does_not_exist_is_named(db: Database, tmp_path: Path) -> None:
    with pytest.raises(ExportError) as caught:
        export_vcards(db, tmp_path / "missing" / "x.vcf")
    assert "x.vcf" in str(caught.value) and "could not be written" in str(caught.value)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_file_is_private_to_the_user(db: Database, tmp_path: Path) -> None:
    export_fixture.build(db)
    target = tmp_path / "x.vcf"
    export_vcards(db, target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_an_atomic_file_appears_only_when_complete(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    with atomic_text_file(target) as out:
        out.write("line one\r\n")
        assert not target.exists()
        out.write("line two\n")
    assert target.read_bytes() == b"line one\r\nline two\n"
