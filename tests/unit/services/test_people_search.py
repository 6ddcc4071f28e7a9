"""Finding people as you type: names, emails, phones in any formatting, tags, notes."""

from __future__ import annotations

import pytest

from relapp.domain.model import Birthday, Channel, ContactKind, ContactPoint, PersonDraft
from relapp.services import people
from relapp.storage import Database


def add(db: Database, name: str, **fields) -> int:
    return people.add_person(db, PersonDraft(name, **fields)).id


@pytest.fixture
def carol(db: Database) -> int:
    return add(
        db,
        "Carol Roth",
        nickname="Caz",
        organisation="Northwind Traders",
        tags=("jazz", "sailing"),
        notes="Asked about the new linen collection",
        contact_points=(
            ContactPoint(ContactKind.EMAIL, "Carol.Roth@Northwind.example", "work"),
            ContactPoint(ContactKind.PHONE, "(972) 529-1234", "mobile"),
        ),
    )


@pytest.mark.parametrize(
    "typed",
    [
        "carol",
        "CAR",
        "roth car",
        "caz",
        "north",
        "carol.roth@north",
        "jazz",
        "linen",
        "+1 (972) 529",
        "9725291234",
        "972-529-12",
        "529 1234",
        "+19725291234",
    ],
)
def test_carol_is_found_by(db: Database, carol: int, typed: str) -> None:
    add(db, "Dan Whitaker", organisation="Contoso")
    assert people.list_people(db, typed) == [carol]


def test_accents_do_not_matter_either_way(db: Database) -> None:
    jose = add(db, "José Núñez")
    zoe = add(db, "Zoe Agren")
    assert people.list_people(db, "jose nunez") == [jose]
    assert people.list_people(db, "Zoë Ågren") == [zoe]


def test_fts_syntax_in_a_query_is_just_text(db: Database, carol: int) -> None:
    for typed in ['"', "carol OR dan", "NEAR(", "*", "roth)", "-carol", "c:a"]:
        people.list_people(db, typed)  # must not raise


def test_empty_query_lists_everyone_sorted_by_name(db: Database) -> None:
    ids = [add(db, n) for n in ("bea", "Émile", "Adam", "dan")]
    assert [
        people.person_rows(db, people.list_people(db))[i].display_name
        for i in people.list_people(db)
    ] == [
        "Adam",
        "bea",
        "dan",
        "Émile",
    ]
    assert sorted(ids) == sorted(people.list_people(db))


def test_archived_people_leave_the_list_and_come_back(db: Database, carol: int) -> None:
    people.archive_person(db, carol)
    assert people.list_people(db, "carol") == []
    assert people.list_people(db, "carol", archived=True) == [carol]
    assert people.count_people(db) == 0
    people.unarchive_person(db, carol)
    assert people.list_people(db, "carol") == [carol]


def test_edit_reindexes_search(db: Database, carol: int) -> None:
    person = people.get_person(db, carol)
    from dataclasses import replace

    people.update_person(db, carol, replace(person.draft(), tags=("chess",), notes=""))
    assert people.list_people(db, "jazz") == []
    assert people.list_people(db, "chess") == [carol]


def test_person_round_trips_every_field(db: Database) -> None:
    draft = PersonDraft(
        "Priya Nair",
        given_name="Priya",
        family_name="Nair",
        nickname="P",
        organisation="Fabrikam",
        title="Head of Procurement",
        birthday=Birthday(2, 29),
        met_how="Webinar Q&A",
        preferred_channel=Channel.EMAIL,
        avoid_channels=frozenset({Channel.CALL, Channel.VIDEO}),
        cadence_days=30,
        notes="Cannot take calls at work.",
        tags=("procurement",),
        contact_points=(
            ContactPoint(ContactKind.EMAIL, "priya@fabrikam.example", "work"),
            ContactPoint(ContactKind.EMAIL, "priya.n@home.example", "home"),
            ContactPoint(ContactKind.PHONE, "+44 20 7946 0958", "work"),
        ),
    )
    stored = people.add_person(db, draft)
    assert stored.draft() == draft
    assert stored.birthday is not None and stored.birthday.year is None


def test_a_person_needs_a_name(db: Database) -> None:
    from relapp.domain.errors import InvalidInput

    with pytest.raises(InvalidInput):
        people.add_person(db, PersonDraft("   "))
    assert (
        people.add_person(
            db, PersonDraft("", given_name="Ada", family_name="Lovelace")
        ).display_name
        == "Ada Lovelace"
    )


def test_add_contact_points_never_overwrites(db: Database, carol: int) -> None:
    merged = people.add_contact_points(
        db,
        carol,
        [
            ContactPoint(ContactKind.EMAIL, "carol.roth@northwind.example", "other"),
            ContactPoint(ContactKind.PHONE, "+1 214 555 0100", "home"),
        ],
        notes="Met again at SmallBiz",
    )
    values = [p.value for p in merged.contact_points]
    assert values == ["Carol.Roth@Northwind.example", "(972) 529-1234", "+1 214 555 0100"]
    assert merged.notes.startswith("Asked about the new linen collection")
    assert "Met again at SmallBiz" in merged.notes
