"""The words the import shows: each card's status and evidence, and the summaries."""

from __future__ import annotations

from datetime import datetime

from relapp.domain.importing.plan import (
    Choice,
    Decision,
    ImportPlan,
    PlanCounts,
    PlannedCard,
)
from relapp.domain.model import ContactKind
from relapp.domain.text import count_of
from relapp.domain.timefmt import relative

_plural = count_of  # the one plural rule (relapp.domain.text)


def known_name(plan: ImportPlan, person_id: int) -> str:
    row = plan.people.get(person_id)
    if row is None:
        return f"person {person_id}"
    return row.display_name + (" (archived)" if row.archived else "")


def where(plan: ImportPlan, card: PlannedCard, of: PlannedCard) -> str:
    """How ``of`` is named from ``card``: "card 3 in this file" or "card 3 in b.vcf"."""
    number = f"card {of.card_index}" if of.card_index is not None else "a card"
    return f"{number} in this file" if of.file == card.file else f"{number} in {of.file}"


def status(plan: ImportPlan, card: PlannedCard) -> str:
    """ "new", "matches Carol Roth", "same as card 3 in this file", "already imported",
    or "error"."""
    if card.decision is Decision.NEW:
        return "new"
    if card.decision is Decision.MATCH and card.match is not None:
        verb = "matches" if card.match.strong else "may be"
        return f"{verb} {known_name(plan, card.match.person_id)}"
    if card.decision is Decision.DUPLICATE_IN_FILE and card.same_as is not None:
        strong = card.same_as_match is not None and card.same_as_match.strong
        prefix = "same as" if strong else "maybe same as"
        return f"{prefix} {where(plan, card, plan.cards[card.same_as])}"
    if card.decision is Decision.ALREADY_IMPORTED:
        return "already imported"
    return "error"


def evidence(plan: ImportPlan, card: PlannedCard, now: datetime) -> str:
    """Why: "same email carol@x.com · last talked 3 weeks ago", or the error."""
    if card.decision is Decision.ERROR:
        return card.error.message if card.error is not None else "could not be read"
    if card.decision is Decision.ALREADY_IMPORTED and card.previous is not None:
        earlier = card.previous
        return (
            f"imported {earlier.imported_at:%-d %b %Y} from {earlier.file_name}, "
            f"into {known_name(plan, earlier.person_id)}"
        )
    if card.decision is Decision.DUPLICATE_IN_FILE and card.same_as_match is not None:
        return ", ".join(card.same_as_match.reasons)
    if card.decision is Decision.MATCH and card.match is not None:
        reasons = ", ".join(card.match.reasons)
        if card.match_via is not None:
            reasons = f"{where(plan, card, plan.cards[card.match_via])}: {reasons}"
        row = plan.people.get(card.match.person_id)
        last = row.last_contact_at if row is not None else None
        talked = f"last talked {relative(last, now)}" if last else "no contact logged yet"
        text = f"{reasons} · {talked}"
        others = [m for m in card.other_matches if m.strong]
        if others:
            text += f" · {_plural(len(others), 'other person', 'other people')} match too"
        return text
    return ""


def location(card: PlannedCard) -> str:
    """Where the card is: "3 (line 30)"."""
    if card.card_index is None:
        return "file"
    return f"{card.card_index}" + (f" (line {card.line})" if card.line is not None else "")


def card_summary(card: PlannedCard) -> str:
    """The card's own details on a few lines, for the details pane."""
    if card.draft is None:
        return ""
    draft = card.draft
    lines = [draft.display_name]
    if draft.organisation or draft.title:
        lines.append(" · ".join(p for p in (draft.title, draft.organisation) if p))
    for kind in (ContactKind.EMAIL, ContactKind.PHONE):
        values = [p.value for p in draft.contact_points if p.kind is kind]
        if values:
            lines.append(f"{kind.label}: {', '.join(values)}")
    if draft.birthday is not None:
        lines.append(f"Birthday: {draft.birthday.display()}")
    if draft.anniversary is not None:
        lines.append(f"Anniversary: {draft.anniversary.display()}")
    if draft.tags:
        lines.append(f"Tags: {', '.join(draft.tags)}")
    if card.photo_url:
        lines.append(f"Photo link (not fetched): {card.photo_url}")
    lines.extend(f"Note: {warning}" for warning in card.warnings)
    return "\n".join(lines)


def choice_words(card: PlannedCard, choice: Choice | None, plan: ImportPlan) -> str:
    """What a choice will do, for this card: "Merge into Carol Roth", "Create new"."""
    if choice is None:
        return "—"
    if choice is Choice.MERGE:
        if card.decision is Decision.DUPLICATE_IN_FILE and card.same_as is not None:
            return f"Merge into card {plan.cards[card.same_as].card_index}"
        if card.target_id is not None:
            return f"Merge into {known_name(plan, card.target_id)}"
    return choice.label


def plan_summary(plan: ImportPlan) -> str:
    """ "120 cards: 100 new, 15 match people you know, 3 are the same as another card, 2
    already imported, 1 could not be read." """
    by: dict[Decision, int] = {}
    for card in plan.cards:
        by[card.decision] = by.get(card.decision, 0) + 1
    cards = sum(1 for c in plan.cards if c.card_index is not None)
    unreadable_files = sum(1 for f in plan.files if f.error is not None)
    parts = []
    if by.get(Decision.NEW):
        parts.append(f"{by[Decision.NEW]:,} new")
    if by.get(Decision.MATCH):
        n = by[Decision.MATCH]
        parts.append(f"{n:,} {'matches' if n == 1 else 'match'} someone you know")
    if by.get(Decision.DUPLICATE_IN_FILE):
        n = by[Decision.DUPLICATE_IN_FILE]
        parts.append(f"{n:,} {'is' if n == 1 else 'are'} the same as another card")
    if by.get(Decision.ALREADY_IMPORTED):
        parts.append(f"{by[Decision.ALREADY_IMPORTED]:,} already imported")
    broken = by.get(Decision.ERROR, 0) - unreadable_files
    if broken:
        parts.append(f"{broken:,} could not be read")
    head = _plural(cards, "card")
    skipped = sum(len(f.skipped) for f in plan.files)
    text = f"{head}: " + ", ".join(parts) + "." if parts else f"{head}."
    if skipped:
        text += f" {_plural(skipped, 'contact group')} left out (not people)."
    if unreadable_files:
        text += f" {_plural(unreadable_files, 'file')} could not be read."
    return text


def reimport_note(plan: ImportPlan) -> str:
    """Said when the files, or some of their cards, were imported before."""
    earlier = [c.previous for c in plan.cards if c.previous is not None]
    if not earlier:
        return ""
    latest = max(earlier, key=lambda p: p.imported_at)
    same_file = any(f.imported_before for f in plan.files)
    what = "this file" if same_file and len(plan.files) == 1 else _plural(len(earlier), "card")
    if len(earlier) == plan.readable and not same_file:
        what = "every card here"
    return (
        f"You imported {what} before ({latest.file_name}, {latest.imported_at:%-d %B %Y}). "
        "Cards already imported are set to Skip; choose Merge to add them again."
    )


def counts_summary(counts: PlanCounts) -> str:
    """ "Will create 100 people, merge 15 into people you know, skip 2." """
    parts = [f"create {_plural(counts.create, 'person', 'people')}"]
    if counts.merge:
        parts.append(f"merge {counts.merge:,} into people you know")
    if counts.combine:
        parts.append(f"combine {counts.combine:,} with another card")
    if counts.skip:
        parts.append(f"skip {counts.skip:,}")
    text = "Will " + ", ".join(parts) + "."
    if counts.errors:
        text += f" {_plural(counts.errors, 'card')} cannot be read."
    return text
