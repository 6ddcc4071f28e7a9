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


def test_the_other_name_is_kept_as_an_also_known_as_line() -> None:
    # An initial says nothing the kept name does not: no line.
    assert merged_details(PersonDraft("Carol Roth"), PersonDraft("C. Roth")).notes == ""
    keep = PersonDraft("Robert Smith", nickname="Rob", notes="Banker")
    merged = merged_details(keep, PersonDraft("Bob Smith", nickname="Bobby"))
    assert merged.nickname == "Rob"
    assert merged.notes == "Banker\nAlso known as Bob Smith\nAlso known as Bobby"
    # Merging again what is already known adds nothing.
    assert merged_details(merged, PersonDraft("bob  smith")).notes == merged.notes
    # An empty nickname is filled from the absorbed person's, as an import fills it.
    assert merged_details(PersonDraft("Carol Roth"), PersonDraft("x", nickname="Caz")).nickname == (
        "Caz"
    )


def test_a_name_in_other_case_or_accents_is_not_a_second_name() -> None:
    # The same rule as an import (import_merge.other_name): names compare folded.
    assert merged_details(PersonDraft("Carol Roth"), PersonDraft("carol roth")).notes == ""
    assert merged_details(PersonDraft("Jose Garcia"), PersonDraft("José García")).notes == ""
