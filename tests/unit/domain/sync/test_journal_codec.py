"""History entries and introductions <-> VJOURNAL."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from relapp.domain.introductions import IntroductionDraft, describe
from relapp.domain.model import Channel, Direction, InteractionKind
from relapp.domain.sync.ical_text import same_meaning
from relapp.domain.sync.journal_codec import (
    INTERACTION_FIELDS,
    InteractionItem,
    NotRelapps,
    edit_journal,
    introduction_summary,
    journal_text,
    read_journal,
)
from tests.unit.domain.sync.samples import JTX_NOTE, NOW, PARIS, interaction, introduction
from tests.unit.domain.sync.server_rewrite import rewritten


def unfolded(text: str) -> list[str]:
    return text.replace("\r\n ", "").splitlines()


def test_an_interaction_writes_one_property_per_person_and_its_words() -> None:
    lines = unfolded(journal_text(interaction(), NOW))
    assert "DTSTART:20260220T123000Z" in lines
    assert "SUMMARY:Lunch at Rosa's" in lines
    assert "DESCRIPTION:She's moving to Lyon\\; wants the quotes by Friday." in lines
    assert {
        "X-RELAPP-RECORD:interaction",
        "X-RELAPP-CHANNEL:meeting",
        "X-RELAPP-DIRECTION:both",
        "X-RELAPP-KIND:favour_received",
        "X-RELAPP-PERSON-UID:p-carol",
        "X-RELAPP-PERSON-UID:p-dan",
    } <= set(lines)


INTERACTIONS = {
    "plain": {},
    "no words": {"summary": "", "notes": ""},
    "html and unicode": {
        "summary": "<b>Déjeuner</b> & <img src=x onerror=alert(1)>",
        "notes": "Ligne 1\nLigne 2 — 😀\n\\n is not a newline",
    },
    "commas everywhere": {"summary": "a, b; c", "person_uids": ("urn:uuid:1,2", "p;3", "p-4")},
    "introduction kind": {"kind": InteractionKind.INTRODUCTION, "direction": Direction.INBOUND},
}


@pytest.mark.parametrize("name", sorted(INTERACTIONS))
@pytest.mark.parametrize("seed", [1, 2])
def test_an_interaction_survives_a_rewriting_server(name: str, seed: int) -> None:
    sent = interaction(**INTERACTIONS[name])
    stored = rewritten(journal_text(sent, NOW), seed)
    assert same_meaning(stored, journal_text(sent, NOW))
    assert read_journal(stored, PARIS) == replace(sent, modified_at=NOW)


@pytest.mark.parametrize(
    ("who", "words"),
    [
        (("p-carol", None, "p-dan"), "Carol introduced you to Dan"),
        ((None, "p-carol", "p-ed"), "You introduced Carol to Ed"),
        (("p-carol", "p-dan", "p-ed"), "Carol introduced Dan to Ed"),
    ],
)
@pytest.mark.parametrize("seed", [1, 2])
def test_introductions_of_every_shape_survive_a_rewriting_server(
    who: tuple[str | None, str | None, str | None], words: str, seed: int
) -> None:
    names = {"p-carol": "Carol", "p-dan": "Dan", "p-ed": "Ed"}
    summary = introduction_summary(*(names.get(w) if w else None for w in who))
    assert summary == words
    sent = introduction(
        introducer_uid=who[0], person_a_uid=who[1], person_b_uid=who[2], summary=summary
    )
    stored = rewritten(journal_text(sent, NOW), seed)
    assert read_journal(stored, PARIS) == replace(sent, modified_at=NOW)


def test_the_introduction_summary_is_describes_wording() -> None:
    draft = IntroductionDraft(1, None, 2)
    assert introduction_summary("Carol Roth", None, "Dan Whitaker") == describe(
        draft, {1: "Carol Roth", 2: "Dan Whitaker"}
    )


def test_an_introduction_on_an_unknown_day_has_no_date() -> None:
    sent = introduction(occurred_on=None, context="", interaction_uid=None)
    lines = unfolded(journal_text(sent, NOW))
    assert not any(line.startswith("DTSTART") for line in lines)
    assert read_journal(journal_text(sent, NOW), PARIS) == replace(sent, modified_at=NOW)


def test_an_introduction_is_told_apart_from_an_interaction_by_its_record() -> None:
    lines = unfolded(journal_text(introduction(), NOW))
    assert "X-RELAPP-RECORD:introduction" in lines
    assert "DTSTART;VALUE=DATE:20250611" in lines
    assert "X-RELAPP-INTRODUCER:p-carol" in lines
    assert not any(line.startswith("X-RELAPP-PERSON-A") for line in lines)  # you


def journal(*lines: str) -> str:
    return JTX_NOTE.replace("STATUS:FINAL", "\n".join(("STATUS:FINAL", *lines)))


def test_a_journal_relapp_did_not_write_is_not_relapps() -> None:
    got = read_journal(JTX_NOTE, PARIS)
    assert got == NotRelapps(
        "1709114400000-8c1e0c2b@at.techbee.jtx", "not written by Relapp (no X-RELAPP-RECORD)"
    )
    newer = read_journal(journal("X-RELAPP-RECORD:gift"), PARIS)
    assert isinstance(newer, NotRelapps) and "gift" in newer.reason


def test_unknown_words_and_a_date_only_entry_read_sensibly() -> None:
    got = read_journal(
        journal(
            "X-RELAPP-RECORD:interaction",
            "X-RELAPP-CHANNEL:pigeon",
            "X-RELAPP-DIRECTION:sideways",
            "X-RELAPP-KIND:",
            "X-RELAPP-PERSON-UID:p-1",
            "X-RELAPP-PERSON-UID:p-1",
        ),
        PARIS,
    )
    assert isinstance(got, InteractionItem)
    assert (got.channel, got.direction, got.kind) == (
        Channel.OTHER,
        Direction.BOTH,
        InteractionKind.ORDINARY,
    )
    assert got.person_uids == ("p-1",)
    assert got.occurred_at == datetime(2026, 2, 28, 11, 0, tzinfo=UTC)  # noon in Paris
    assert got.notes == "tomatoes, basil"


@pytest.mark.parametrize(
    ("lines", "why"),
    [
        (("X-RELAPP-INTRODUCER:p-1",), "fewer than two people"),
        (("X-RELAPP-PERSON-A:p-1", "X-RELAPP-PERSON-B:p-1"), "one person twice"),
    ],
)
def test_an_introduction_that_cannot_be_is_not_read(lines: tuple[str, ...], why: str) -> None:
    got = read_journal(journal("X-RELAPP-RECORD:introduction", *lines), PARIS)
    assert isinstance(got, NotRelapps) and why in got.reason


def test_editing_the_notes_keeps_other_apps_properties() -> None:
    stored = journal_text(interaction(), NOW).replace(
        "END:VJOURNAL",
        "CATEGORIES:work,lunch\r\nX-JTX-COLOR:-16776961\r\n"
        "ATTACH:https://example.org/menu.pdf\r\nEND:VJOURNAL",
    )
    new = interaction(notes="Moving in May, not April.")
    edited = edit_journal(stored, new, {"notes"}, NOW)
    lines = unfolded(edited)
    assert "DESCRIPTION:Moving in May\\, not April." in lines
    assert {
        "CATEGORIES:work,lunch",
        "X-JTX-COLOR:-16776961",
        "ATTACH:https://example.org/menu.pdf",
    } <= set(lines)
    assert read_journal(edited, PARIS) == replace(new, modified_at=NOW)


def test_editing_every_field_after_a_rewrite_reads_back_as_written() -> None:
    stored = rewritten(journal_text(interaction(), NOW), 9)
    new = interaction(
        occurred_at=NOW,
        channel=Channel.EMAIL,
        direction=Direction.OUTBOUND,
        person_uids=("p-ed",),
        summary="",
        notes="",
        kind=InteractionKind.ORDINARY,
    )
    edited = edit_journal(stored, new, INTERACTION_FIELDS, NOW)
    assert read_journal(edited, PARIS) == replace(new, modified_at=NOW)
    with pytest.raises(ValueError, match="not a field of this entry: context"):
        edit_journal(stored, new, {"context"}, NOW)


def test_editing_an_introduction_changes_only_its_context_and_day() -> None:
    stored = rewritten(journal_text(introduction(), NOW), 3).replace(
        "END:VJOURNAL", "X-JTX-COLOR:-1\nEND:VJOURNAL"
    )
    new = introduction(context="over lunch", occurred_on=date(2025, 6, 12))
    edited = edit_journal(stored, new, {"context", "occurred_on"}, NOW)
    assert read_journal(edited, PARIS) == replace(new, modified_at=NOW)
    lines = unfolded(edited)
    assert "X-JTX-COLOR:-1" in lines and "DTSTART;VALUE=DATE:20250612" in lines
    with pytest.raises(ValueError, match="not a field of this entry: notes"):
        edit_journal(stored, new, {"notes"}, NOW)
