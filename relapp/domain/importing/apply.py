"""What applying a plan with the user's choices writes: pure, so it can be tested and
shown before anything is written.

Cards are taken in order. ``create`` starts a new person; ``merge`` adds the card to
the person it matched (or went to before), or, for a card that is the same as an earlier
one, to whatever that earlier card became (nothing, if it was skipped); ``skip`` leaves
it out. Several cards may end in one person; each is merged in turn by the rules of
``importing.merge.merge_draft``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from relapp.domain.importing.merge import merge_draft
from relapp.domain.importing.plan import Choice, Decision, ImportPlan
from relapp.domain.model import PersonDraft


@dataclass
class NewPerson:
    draft: PersonDraft
    rows: list[int] = field(default_factory=list)  # the cards it is made of, first first


@dataclass
class MergedPerson:
    person_id: int
    before: PersonDraft
    after: PersonDraft
    rows: list[int] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass(frozen=True)
class Resolution:
    new: tuple[NewPerson, ...]
    merged: tuple[MergedPerson, ...]
    skipped: tuple[int, ...]  # rows
    combined: tuple[int, ...]  # rows merged into the person of another card of the import
    errors: tuple[int, ...]  # rows


class StalePlan(Exception):
    """A person the plan merges into is not there any more."""

    def __init__(self, person_id: int) -> None:
        super().__init__(f"person {person_id} is gone")
        self.person_id = person_id


def targets(plan: ImportPlan, choices: Mapping[int, Choice]) -> set[int]:
    """The known people the choices merge into (whose current details ``resolve`` needs)."""
    out: set[int] = set()
    for card in plan.cards:
        if choices.get(card.row, card.default) is Choice.MERGE and card.target_id is not None:
            out.add(card.target_id)
    return out


def resolve(
    plan: ImportPlan, choices: Mapping[int, Choice], existing: Mapping[int, PersonDraft]
) -> Resolution:
    """The people to create and the merges to make; ``existing`` holds the current
    details of every id in ``targets`` (raises StalePlan for one that is missing)."""
    new: list[NewPerson] = []
    merged: dict[int, MergedPerson] = {}
    outcome: dict[int, NewPerson | MergedPerson | None] = {}
    skipped: list[int] = []
    combined: list[int] = []
    errors: list[int] = []
    for card in plan.cards:
        choice = choices.get(card.row, card.default)
        if card.decision is Decision.ERROR or card.draft is None or choice is None:
            errors.append(card.row)
            continue
        if choice not in card.choices:
            raise ValueError(f"card {card.row} ({card.decision}) cannot be {choice}")
        if choice is Choice.SKIP:
            outcome[card.row] = None
            skipped.append(card.row)
            continue
        if choice is Choice.CREATE:
            person = NewPerson(card.draft, [card.row])
            new.append(person)
            outcome[card.row] = person
            continue
        if card.decision is Decision.DUPLICATE_IN_FILE:
            into = outcome.get(card.same_as) if card.same_as is not None else None
            if into is None:  # the earlier card was skipped: so is this one
                outcome[card.row] = None
                skipped.append(card.row)
                continue
            combined.append(card.row)
        else:
            person_id = card.target_id
            if person_id is None:
                raise ValueError(f"card {card.row} has nobody to merge into")
            into = merged.get(person_id)
            if into is None:
                if person_id not in existing:
                    raise StalePlan(person_id)
                before = existing[person_id]
                into = merged[person_id] = MergedPerson(person_id, before, before)
        _add(into, card.draft, card.row)
        outcome[card.row] = into
    return Resolution(
        tuple(new), tuple(merged.values()), tuple(skipped), tuple(combined), tuple(errors)
    )


def _add(into: NewPerson | MergedPerson, draft: PersonDraft, row: int) -> None:
    if isinstance(into, NewPerson):
        into.draft = merge_draft(into.draft, draft)
    else:
        into.after = merge_draft(into.after, draft)
    into.rows.append(row)
