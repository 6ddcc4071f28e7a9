"""The labelled pairs of docs/matching.md, checked against the rules.

The table in the doc is the test's data (parsed here), so the two cannot drift: each row
is a person you know, an incoming card, whether they really are one person, what the
import decides (new / match), its default (create / merge) and the reasons in words.
The same pair inside one file must come out the same way: merged as "same as card 1"
exactly when the row's default is merge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from relapp.domain import match_rules as rules
from relapp.domain.importing.decide import plan_cards
from relapp.domain.importing.merge import card_key
from relapp.domain.importing.plan import CardInput, Choice, Decision, PlannedCard
from relapp.domain.matching import PersonKeys, find_matches, keys_of_draft
from relapp.domain.model import Birthday, ContactKind, ContactPoint, PersonDraft

DOC = Path(__file__).resolve().parents[3] / "docs" / "matching.md"
_PHONE = re.compile(r"^[+(0-9][0-9 ().+-]*$")


@dataclass(frozen=True)
class Row:
    number: int
    known: str
    card: str
    same: bool
    decision: Decision
    default: Choice
    reasons: tuple[str, ...]
    note: str


def person(text: str) -> PersonDraft:
    """A person written as in the table: "Name; email; phone; born 1980-03-05; org X;
    nick Y" (parts after the name in any order)."""
    name, *parts = (part.strip() for part in text.split(";"))
    fields: dict[str, object] = {}
    points: list[ContactPoint] = []
    for part in parts:
        if part.startswith("born "):
            numbers = [int(n) for n in part.removeprefix("born ").split("-")]
            year = numbers[0] if len(numbers) == 3 else None
            fields["birthday"] = Birthday(numbers[-2], numbers[-1], year)
        elif part.startswith("org "):
            fields["organisation"] = part.removeprefix("org ")
        elif part.startswith("nick "):
            fields["nickname"] = part.removeprefix("nick ")
        elif "@" in part:
            points.append(ContactPoint(ContactKind.EMAIL, part))
        elif _PHONE.match(part):
            points.append(ContactPoint(ContactKind.PHONE, part))
        else:
            raise ValueError(f"cannot read {part!r} of {text!r}")
    return PersonDraft(name, contact_points=tuple(points), **fields)  # type: ignore[arg-type]


def _cells(line: str) -> list[str]:
    return [cell.strip().strip("`") for cell in line.strip().strip("|").split("|")]


def table() -> list[Row]:
    """The rows of the labelled table in docs/matching.md."""
    lines = DOC.read_text(encoding="utf-8").splitlines()
    start = lines.index("<!-- labelled pairs: start -->")
    end = lines.index("<!-- labelled pairs: end -->")
    rows = []
    for line in lines[start + 1 : end]:
        cells = _cells(line)
        if len(cells) != 8 or not cells[0].isdigit():
            continue
        number, known, card, same, decision, default, reasons, note = cells
        rows.append(
            Row(
                int(number),
                known,
                card,
                {"yes": True, "no": False}[same],
                Decision(decision),
                Choice(default),
                tuple(r.strip() for r in reasons.split(" · ")) if reasons != "—" else (),
                note,
            )
        )
    return rows


ROWS = table()


def _plan(drafts: list[PersonDraft], known: list[PersonKeys]) -> tuple[PlannedCard, ...]:
    inputs = [CardInput("t.vcf", n, n, draft=d) for n, d in enumerate(drafts, start=1)]
    keys = [keys_of_draft(d) for d in drafts]
    matches = [find_matches(k, known) for k in keys]
    return plan_cards(inputs, keys, [card_key(d) for d in drafts], matches, {})


def test_the_table_is_big_enough_and_holds_the_failures_of_issue_12() -> None:
    assert len(ROWS) >= 40
    assert [row.number for row in ROWS] == list(range(1, len(ROWS) + 1))
    assert sum(1 for row in ROWS if row.note.startswith("issue pair")) == 20
    assert sum(1 for row in ROWS if row.note.startswith("issue")) >= 25
    assert {row.same for row in ROWS} == {True, False}


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.number}: {r.note}" for r in ROWS])
def test_a_card_against_someone_you_know(row: Row) -> None:
    known = replace(keys_of_draft(person(row.known)), person_id=1)
    (card,) = _plan([person(row.card)], [known])
    reasons = card.match.reasons if card.match is not None else ()
    assert (card.decision, card.default, reasons) == (row.decision, row.default, row.reasons)


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.number}: {r.note}" for r in ROWS])
def test_the_same_pair_inside_one_file(row: Row) -> None:
    _first, second = _plan([person(row.known), person(row.card)], [])
    if row.default is Choice.MERGE:
        assert (second.decision, second.same_as, second.default) == (
            Decision.DUPLICATE_IN_FILE,
            0,
            Choice.MERGE,
        )
    else:
        assert (second.decision, second.default) == (Decision.NEW, Choice.CREATE)


def test_two_different_people_are_never_merged_by_default() -> None:
    assert [row.number for row in ROWS if not row.same and row.default is Choice.MERGE] == []


def _section_rows(title: str) -> list[list[str]]:
    lines = DOC.read_text(encoding="utf-8").splitlines()
    start = lines.index(title)
    rows = []
    for line in lines[start + 1 :]:
        if line.startswith("## "):
            break
        if line.startswith("|") and not line.startswith("|---"):
            rows.append(_cells(line))
    return rows[1:]  # without the header


def test_the_weights_in_the_doc_are_the_ones_the_rules_use() -> None:
    weights = [row[1] for row in _section_rows("## What counts for a match")]
    assert weights == [
        f"{rules.EMAIL_SCORE}",
        f"{rules.PHONE_SCORE}",
        f"{rules.NAME_CERTAINTY} × similarity",
        f"{rules.NAME_CERTAINTY} × similarity (≥ {rules.NAME_THRESHOLD})",
        f"{rules.LONE_NAME_SCORE}",
        f"{rules.FULL_BIRTHDAY_SCORE}",
        f"{rules.BIRTHDAY_DAY_SCORE}",
        f"{rules.ORGANISATION_SCORE}",
        f"{rules.SHARED_CONTACT_SCORE}",
        f"{rules.INITIALS_SCORE}",
        f"{rules.SAME_FIRST_NAME_SCORE}",
        f"{rules.CLOSE_NAME_SCORE}",
    ]
    factors = [row[2] for row in _section_rows("## What counts against")]
    hard, soft = f"× {rules.HARD_FACTOR}", f"× {rules.SOFT_FACTOR}"
    assert factors == ["see below", hard, hard, hard, soft, soft, soft]
