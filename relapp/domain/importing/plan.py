"""Planning an import: what each card of the dropped files is, and what to do with it.

Nothing is written while planning. Each card gets a ``Decision``:

- ``NEW``: nobody you know;
- ``MATCH``: someone you know, or may know (the ``Match`` says why in words: "same email
  carol@x.com", "same name, but different birthday", "shares a phone with Bob Jones"),
  or an earlier card of this import is the same person and matches someone;
- ``DUPLICATE_IN_FILE``: the same person as an earlier card of this import (one person
  exported by two apps); merging adds it to whatever that card becomes;
- ``ALREADY_IMPORTED``: an earlier import (not undone) took exactly this card, and the
  person it went to is still there;
- ``ERROR``: the card could not be read (file, card and line say where).

How each card gets its decision and default choice: ``decide.plan_cards``.

The user may then choose merge, skip or create for each card (``choices``), or for a
whole kind of card at once (``choose_all``).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

from relapp.domain.errors import VCardError
from relapp.domain.i18n import N_, _
from relapp.domain.importing.records import ImportBatch
from relapp.domain.matching import Match
from relapp.domain.model import PersonDraft, PersonRow


class Decision(enum.StrEnum):
    NEW = "new"
    MATCH = "match"
    DUPLICATE_IN_FILE = "duplicate_in_file"
    ALREADY_IMPORTED = "already_imported"
    ERROR = "error"


class Choice(enum.StrEnum):
    MERGE = "merge"
    SKIP = "skip"
    CREATE = "create"

    @property
    def label(self) -> str:
        return _(_CHOICE_LABELS[self])


_CHOICE_LABELS = {
    Choice.MERGE: N_("Merge"),
    Choice.SKIP: N_("Skip"),
    Choice.CREATE: N_("Create new"),
}

_ALLOWED: dict[Decision, tuple[Choice, ...]] = {
    Decision.NEW: (Choice.CREATE, Choice.SKIP),
    Decision.MATCH: (Choice.MERGE, Choice.CREATE, Choice.SKIP),
    Decision.DUPLICATE_IN_FILE: (Choice.MERGE, Choice.CREATE, Choice.SKIP),
    Decision.ALREADY_IMPORTED: (Choice.SKIP, Choice.MERGE, Choice.CREATE),
    Decision.ERROR: (),
}


@dataclass(frozen=True)
class CardInput:
    """One card as read from a file: a draft, or the error that stopped it."""

    file: str
    card_index: int | None
    line: int | None
    draft: PersonDraft | None = None
    error: VCardError | None = None
    warnings: tuple[str, ...] = ()
    photo_url: str = ""
    uid: str = ""  # the card's UID


@dataclass(frozen=True)
class PreviousImport:
    """Where an earlier import put a card: the person, and which import."""

    person_id: int
    batch_id: int
    imported_at: datetime
    file_name: str


@dataclass(frozen=True)
class PlannedCard:
    row: int  # position in the plan, 0-based
    file: str
    card_index: int | None  # 1-based position in its file
    line: int | None
    decision: Decision
    default: Choice | None
    draft: PersonDraft | None = None
    card_key: str = ""
    match: Match | None = None  # MATCH: the known person it most likely is
    other_matches: tuple[Match, ...] = ()  # other people it may be
    match_via: int | None = None  # row of the card whose evidence ``match`` is
    previous: PreviousImport | None = None  # ALREADY_IMPORTED
    same_as: int | None = None  # DUPLICATE_IN_FILE: row of the earlier card
    same_as_match: Match | None = None  # how it matches that card
    error: VCardError | None = None
    warnings: tuple[str, ...] = ()
    photo_url: str = ""
    uid: str = ""  # the card's UID: a person created from it keeps it

    @property
    def choices(self) -> tuple[Choice, ...]:
        return _ALLOWED[self.decision]

    @property
    def name(self) -> str:
        return self.draft.display_name if self.draft is not None else ""

    @property
    def target_id(self) -> int | None:
        """The known person a MERGE goes to: for a match, the person matched; for an
        already imported card, the person it went to. None for other cards (a duplicate
        merges into its earlier card, whatever that becomes)."""
        if self.decision is Decision.MATCH and self.match is not None:
            return self.match.person_id
        if self.decision is Decision.ALREADY_IMPORTED and self.previous is not None:
            return self.previous.person_id
        return None


@dataclass(frozen=True)
class PlannedFile:
    """One file of the import, with what was found about it as a whole."""

    name: str
    path: str
    checksum: str
    size: int
    cards: int  # cards read or failed (errors included), non-person cards excluded
    skipped: tuple[str, ...] = ()  # non-person cards ("a contact group, not a person")
    error: VCardError | None = None  # the whole file could not be read
    imported_before: tuple[ImportBatch, ...] = ()  # earlier imports of the same bytes


@dataclass(frozen=True)
class ImportPlan:
    files: tuple[PlannedFile, ...]
    cards: tuple[PlannedCard, ...]
    people: Mapping[int, PersonRow] = field(default_factory=dict)  # known people named
    state: str = ""  # the people as they were when planned (an import re-checks it)

    def defaults(self) -> dict[int, Choice]:
        return {c.row: c.default for c in self.cards if c.default is not None}

    def where(self, card: PlannedCard) -> str:
        """Where a card is, for messages: "card 3" in a one-file import, else with the file."""
        number = f"card {card.card_index}" if card.card_index is not None else "the file"
        return number if len(self.files) <= 1 else f"{card.file}, {number}"

    @property
    def errors(self) -> tuple[VCardError, ...]:
        return tuple(c.error for c in self.cards if c.error is not None)

    @property
    def readable(self) -> int:
        return sum(1 for c in self.cards if c.decision is not Decision.ERROR)


@dataclass(frozen=True)
class PlanCounts:
    """What applying the plan with some choices would do, card by card."""

    create: int = 0  # cards that become a new person
    merge: int = 0  # cards merged into someone you know
    combine: int = 0  # cards merged into another card of this import
    skip: int = 0
    errors: int = 0


def count(plan: ImportPlan, choices: Mapping[int, Choice]) -> PlanCounts:
    create = merge = combine = skip = errors = 0
    for card in plan.cards:
        choice = choices.get(card.row, card.default)
        if card.decision is Decision.ERROR or choice is None:
            errors += 1
        elif choice is Choice.SKIP:
            skip += 1
        elif choice is Choice.CREATE:
            create += 1
        elif card.decision is Decision.DUPLICATE_IN_FILE:
            combine += 1
        else:
            merge += 1
    return PlanCounts(create, merge, combine, skip, errors)


# --- choosing --------------------------------------------------------------------------


def choose(
    plan: ImportPlan, choices: Mapping[int, Choice], row: int, choice: Choice
) -> dict[int, Choice]:
    """``choices`` with one card changed; a choice the card does not allow is refused."""
    card = plan.cards[row]
    if choice not in card.choices:
        raise ValueError(f"card {row} ({card.decision}) cannot be set to {choice}")
    return {**choices, row: choice}


def choose_all(
    plan: ImportPlan,
    choices: Mapping[int, Choice],
    choice: Choice,
    decisions: Iterable[Decision] | None = None,
    where: Callable[[PlannedCard], bool] | None = None,
) -> dict[int, Choice]:
    """ "Apply to all": every card of the given decisions (all, if None) that allows
    ``choice`` and passes ``where`` gets it; the others keep theirs."""
    wanted = set(decisions) if decisions is not None else set(Decision)
    out = dict(choices)
    for card in plan.cards:
        if card.decision in wanted and choice in card.choices and (where is None or where(card)):
            out[card.row] = choice
    return out


def retarget(
    plan: ImportPlan, person_id: int, reason: str = "dropped on this person"
) -> ImportPlan:
    """The plan for cards dropped on one person: every readable card merges into them."""
    match = Match(person_id, 1.0, (reason,), True)
    cards = tuple(
        card
        if card.decision is Decision.ERROR
        else replace(
            card,
            decision=Decision.MATCH,
            default=Choice.MERGE,
            match=match,
            other_matches=(),
            match_via=None,
            previous=None,
            same_as=None,
            same_as_match=None,
        )
        for card in plan.cards
    )
    return replace(plan, cards=cards)
