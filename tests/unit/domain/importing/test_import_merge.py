"""Merging an imported card into a person adds and never overwrites; undoing takes out
only what was added; a card's key survives reformatting."""

from __future__ import annotations

from dataclasses import replace

from relapp.domain.importing.merge import card_key, describe_additions, merge_draft, unmerge
from relapp.domain.model import Birthday, ContactKind, ContactPoint, PersonDraft


def email(value: str, label: str = "") -> ContactPoint:
    return ContactPoint(ContactKind.EMAIL, value, label)


def phone(value: str, label: str = "") -> ContactPoint:
    return ContactPoint(ContactKind.PHONE, value, label)


CAROL = PersonDraft(
    "Carol Roth",
    given_name="Carol",
    family_name="Roth",
    organisation="Roth & Co",
    notes="Met at the spring fair.",
    tags=("Gardening",),
    contact_points=(email("carol@roth.example", "work"), phone("+1 972 529 1234", "mobile")),
)


def test_new_emails_phones_tags_and_note_lines_are_added_after_what_is_there() -> None:
    card = PersonDraft(
        "Carol R.",
        organisation="Other Corp",
        notes="Met at the spring fair.\nLikes jazz.",
        tags=("gardening", "Jazz"),
        contact_points=(
            email("CAROL@roth.example"),  # the same email in other case: not new
            phone("(972) 529-1234"),  # the same phone written otherwise: not new
            email("carol@home.example", "home"),
            phone("+1 415 555 0100"),
        ),
    )
    merged = merge_draft(CAROL, card)
    assert merged.display_name == "Carol Roth"  # the name the user typed stays
    assert merged.organisation == "Roth & Co"  # never overwritten
    assert merged.contact_points == (
        *CAROL.contact_points,
        email("carol@home.example", "home"),
        phone("+1 415 555 0100"),
    )
    assert merged.tags == ("Gardening", "Jazz")
    assert merged.notes == "Met at the spring fair.\nLikes jazz."


def test_empty_fields_are_filled_and_filled_ones_kept() -> None:
    bare = PersonDraft("Dan Smith")
    card = PersonDraft(
        "Daniel Smith",
        given_name="Daniel",
        family_name="Smith",
        organisation="Globex",
        title="CTO",
        birthday=Birthday(4, 12, 1980),
        photo=b"\xff\xd8jpeg",
    )
    merged = merge_draft(bare, card)
    assert (merged.given_name, merged.family_name, merged.organisation, merged.title) == (
        "Daniel",
        "Smith",
        "Globex",
        "CTO",
    )
    assert merged.birthday == Birthday(4, 12, 1980)
    assert merged.photo == b"\xff\xd8jpeg"
    assert merged.display_name == "Dan Smith"
    again = merge_draft(merged, replace(card, organisation="Initech", photo=b"other"))
    assert again.organisation == "Globex" and again.photo == b"\xff\xd8jpeg"


def test_a_birthday_without_year_gets_the_year_of_the_same_day_only() -> None:
    no_year = PersonDraft("Ann", birthday=Birthday(3, 9))
    assert merge_draft(no_year, PersonDraft("Ann", birthday=Birthday(3, 9, 1990))).birthday == (
        Birthday(3, 9, 1990)
    )
    assert merge_draft(no_year, PersonDraft("Ann", birthday=Birthday(4, 9, 1990))).birthday == (
        Birthday(3, 9)
    )


def test_merging_the_same_card_twice_changes_nothing_the_second_time() -> None:
    card = PersonDraft("Carol", notes="Likes jazz.", contact_points=(email("c@new.example"),))
    once = merge_draft(CAROL, card)
    assert merge_draft(once, card) == once


def test_unmerge_gives_back_the_person_from_before_when_nobody_edited_since() -> None:
    card = PersonDraft(
        "Carol",
        title="Director",
        notes="Likes jazz.",
        tags=("Jazz",),
        contact_points=(email("c@new.example"),),
    )
    after = merge_draft(CAROL, card)
    assert after != CAROL
    assert unmerge(after, CAROL, after) == CAROL


def test_unmerge_keeps_what_the_user_changed_after_the_import() -> None:
    card = PersonDraft(
        "Carol",
        title="Director",
        notes="Likes jazz.",
        tags=("Jazz",),
        contact_points=(email("c@new.example"),),
    )
    after = merge_draft(CAROL, card)
    edited = replace(
        after,
        notes=after.notes + "\nCalled about the lease.",
        contact_points=(*after.contact_points, phone("555 0199")),
        title="Managing director",  # the user changed what the import filled: theirs now
    )
    undone = unmerge(edited, CAROL, after)
    assert undone.contact_points == (*CAROL.contact_points, phone("555 0199"))
    assert undone.tags == CAROL.tags
    assert undone.notes == "Met at the spring fair.\nCalled about the lease."
    assert undone.title == "Managing director"


def test_additions_are_described_in_words() -> None:
    card = PersonDraft(
        "Carol",
        birthday=Birthday(5, 3),
        tags=("Jazz",),
        notes="Likes jazz.",
        contact_points=(email("c@new.example"),),
    )
    words = describe_additions(CAROL, merge_draft(CAROL, card))
    assert words == ("email c@new.example", "tag Jazz", "note: Likes jazz.", "birthday 3 May")
    assert describe_additions(CAROL, CAROL) == ()


def test_card_key_ignores_case_spacing_and_order_but_not_content() -> None:
    card = PersonDraft(
        "Carol  Roth",
        contact_points=(email("Carol@Roth.example"), phone("+1 (972) 529-1234")),
        tags=("B", "a"),
    )
    same = PersonDraft(
        "carol roth",
        contact_points=(phone("+1 972 529 1234"), email("carol@roth.example")),
        tags=("A", "b"),
    )
    assert card_key(card) == card_key(same)
    assert card_key(card) != card_key(replace(same, organisation="Globex"))
    assert card_key(card) != card_key(replace(same, photo=b"x"))
    assert len(card_key(card)) == 32


# --- the merged card's name is kept (issue 12) -------------------------------------------


def test_the_cards_other_name_is_kept_as_also_known_as_and_taken_out_by_unmerge() -> None:
    dan = PersonDraft("Dan Smith", notes="Plays chess.", contact_points=(email("dan@x.example"),))
    card = PersonDraft(
        "Daniel Smith", notes="Lives in Leeds.", contact_points=(email("dan@x.example"),)
    )
    merged = merge_draft(dan, card)
    assert merged.display_name == "Dan Smith"
    assert merged.notes == "Plays chess.\nLives in Leeds.\nAlso known as Daniel Smith"
    assert "note: Also known as Daniel Smith" in describe_additions(dan, merged)
    assert merge_draft(merged, card) == merged  # merging the card again adds nothing
    assert unmerge(merged, dan, merged) == dan


def test_a_name_that_says_nothing_new_is_not_kept() -> None:
    for same in ("Roth, Carol", "Dr. Carol Roth", "Carol R.", "C. Roth", "carol", "CAROL ROTH"):
        assert merge_draft(CAROL, PersonDraft(same)).notes == CAROL.notes, same
    stand_ins = [
        PersonDraft("carol@home.example", contact_points=(email("carol@home.example"),)),
        PersonDraft("+1 415 555 0100", contact_points=(phone("+1 415 555 0100"),)),
        PersonDraft("Globex", organisation="Globex"),
        PersonDraft("Unnamed contact"),
    ]
    for card in stand_ins:
        assert merge_draft(CAROL, card).notes == CAROL.notes, card.display_name


def test_a_name_known_as_the_nickname_is_not_kept_twice() -> None:
    base = replace(CAROL, nickname="Caz Roth")
    assert merge_draft(base, PersonDraft("Caz Roth")).notes == CAROL.notes
    assert merge_draft(base, PersonDraft("Carolyn Roth")).notes.endswith(
        "\nAlso known as Carolyn Roth"
    )
