"""What the kept person's details become when another person is merged into them."""

from __future__ import annotations

from relapp.domain.model import Channel, PersonDraft
from relapp.domain.person_merge import merged_details


def test_kept_values_stay_and_empty_ones_are_filled() -> None:
    keep = PersonDraft("Carol Roth", organisation="Acme", preferred_channel=Channel.EMAIL)
    absorb = PersonDraft(
        "Carrie Roth",
        organisation="Initech",
        title="CFO",
        cadence_days=30,
        avoid_channels=frozenset({Channel.CALL}),
    )
    merged = merged_details(keep, absorb)
    assert (merged.display_name, merged.organisation, merged.title) == ("Carol Roth", "Acme", "CFO")
    assert merged.cadence_days == 30
    assert merged.preferred_channel is Channel.EMAIL
    assert merged.avoid_channels == frozenset({Channel.CALL})


def test_the_other_name_becomes_the_nickname_or_an_also_known_as_line() -> None:
    assert merged_details(PersonDraft("Carol Roth"), PersonDraft("C. Roth")).nickname == "C. Roth"
    keep = PersonDraft("Robert Smith", nickname="Rob", notes="Banker")
    merged = merged_details(keep, PersonDraft("Bob Smith", nickname="Bobby"))
    assert merged.nickname == "Rob"
    assert merged.notes == "Banker\nAlso known as: Bob Smith\nAlso known as: Bobby"
    # Merging again what is already known adds nothing.
    assert merged_details(merged, PersonDraft("bob  smith")).notes == merged.notes


def test_a_name_in_other_case_is_not_a_second_name_but_accents_are_kept() -> None:
    assert merged_details(PersonDraft("Carol Roth"), PersonDraft("carol roth")).nickname == ""
    assert merged_details(PersonDraft("Jose Garcia"), PersonDraft("José García")).nickname == (
        "José García"
    )
