"""The duplicate guard against a real database: who do you already know?"""

from __future__ import annotations

from datetime import UTC, datetime

from relapp.domain.model import (
    Birthday,
    Channel,
    ContactKind,
    ContactPoint,
    Direction,
    InteractionDraft,
    PersonDraft,
)
from relapp.services import duplicates, interactions, people
from relapp.storage import Database


def email(value: str) -> ContactPoint:
    return ContactPoint(ContactKind.EMAIL, value, "work")


def phone(value: str) -> ContactPoint:
    return ContactPoint(ContactKind.PHONE, value, "work")


def test_same_email_in_other_case_is_a_strong_match_with_context(db: Database) -> None:
    carol = people.add_person(
        db,
        PersonDraft(
            "Carol Roth",
            met_how="Introduced by Ann at SmallBiz",
            contact_points=(email("carol@northwind.example"),),
        ),
    ).id
    interactions.log_interaction(
        db,
        InteractionDraft(
            datetime(2025, 3, 1, tzinfo=UTC), Channel.MEETING, Direction.BOTH, (carol,)
        ),
    )
    [known] = duplicates.find_known(
        db, PersonDraft("C. R.", contact_points=(email(" Carol@Northwind.EXAMPLE "),))
    )
    assert known.match.person_id == carol
    assert known.match.strong
    assert any("same email" in r for r in known.match.reasons)
    assert known.met_how == "Introduced by Ann at SmallBiz"
    assert known.row.last_contact_at == datetime(2025, 3, 1, tzinfo=UTC)


def test_reversed_name_and_nickname_are_found(db: Database) -> None:
    carol = people.add_person(db, PersonDraft("Carol Roth")).id
    robert = people.add_person(db, PersonDraft("Robert Smith")).id
    assert [k.match.person_id for k in duplicates.find_known(db, PersonDraft("Roth, Carol"))] == [
        carol
    ]
    assert [k.match.person_id for k in duplicates.find_known(db, PersonDraft("Bob Smith"))] == [
        robert
    ]


def test_phone_typed_differently_matches(db: Database) -> None:
    jeff = people.add_person(
        db, PersonDraft("Jeff Park", contact_points=(phone("+1 (972) 529-1234"),))
    ).id
    [known] = duplicates.find_known(db, PersonDraft("J", contact_points=(phone("972.529.1234"),)))
    assert known.match.person_id == jeff and known.match.strong


def test_shared_office_phone_alone_is_not_a_match(db: Database) -> None:
    for name in ("Ann Lee", "Ben Cho", "Cat Diaz"):
        people.add_person(db, PersonDraft(name, contact_points=(phone("+1 214 555 0100"),)))
    assert (
        duplicates.find_known(
            db, PersonDraft("Frank Ortiz", contact_points=(phone("214-555-0100"),))
        )
        == []
    )


def test_editing_a_person_does_not_match_itself(db: Database) -> None:
    jeff = people.add_person(
        db, PersonDraft("Jeff Park", contact_points=(phone("+1 972 529 1234"),))
    )
    other = people.add_person(
        db, PersonDraft("Jeffrey Park", contact_points=(phone("+1 972 529 1234"),))
    ).id
    found = duplicates.find_known(db, jeff.draft(), exclude_id=jeff.id)
    assert [k.match.person_id for k in found] == [other]
    assert found[0].match.strong


def test_archived_people_are_still_known(db: Database) -> None:
    old = people.add_person(
        db, PersonDraft("Marcus Hill", contact_points=(email("m@hill.example"),))
    ).id
    people.archive_person(db, old)
    [known] = duplicates.find_known(
        db, PersonDraft("Marcus", contact_points=(email("m@hill.example"),))
    )
    assert known.match.person_id == old and known.row.archived


def test_a_couple_on_one_landline_only_share_a_phone(db: Database) -> None:
    bob = people.add_person(
        db, PersonDraft("Bob Jones", contact_points=(phone("+1 303 555 0142"),))
    ).id
    [known] = duplicates.find_known(
        db, PersonDraft("Alice Jones", contact_points=(phone("(303) 555-0142"),))
    )
    assert known.match.person_id == bob and not known.match.strong
    assert known.match.reasons == ("shares a phone with Bob Jones",)


def test_a_namesake_with_other_details_is_possible_not_strong(db: Database) -> None:
    banker = people.add_person(
        db,
        PersonDraft(
            "John Smith",
            organisation="First Bank",
            birthday=Birthday(4, 12, 1970),
            contact_points=(email("john@firstbank.example"),),
        ),
    ).id
    plumber = PersonDraft(
        "John Smith",
        organisation="Smith Plumbing",
        birthday=Birthday(7, 30, 1985),
        contact_points=(email("john@plumbing.example"),),
    )
    [known] = duplicates.find_known(db, plumber)
    assert known.match.person_id == banker and not known.match.strong
    assert known.match.reasons == ("same name, but different email, birthday and organisation",)


def test_an_address_two_people_have_is_shared(db: Database) -> None:
    for name in ("Carol Roth", "Dan Roth"):
        people.add_person(db, PersonDraft(name, contact_points=(email("roths@home.example"),)))
    [known] = duplicates.find_known(
        db, PersonDraft("Carol Roth", contact_points=(email("roths@home.example"),))
    )
    assert not known.match.strong
    assert "shares the address roths@home.example, a shared one" in known.match.reasons
    # Editing Dan: only Carol has the address besides him, so it is hers alone.
    dan = people.list_people(db)[1]
    [carol] = duplicates.find_known(
        db,
        PersonDraft("Carol Roth", contact_points=(email("roths@home.example"),)),
        exclude_id=dan,
    )
    assert carol.match.strong
