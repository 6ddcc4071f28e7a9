"""The words the import shows: each card's status and evidence, and the summaries."""

from __future__ import annotations

from datetime import datetime

from relapp.domain.dates import day_text, long_day_text, number_text
from relapp.domain.i18n import _, ngettext
from relapp.domain.importing.plan import (
    Choice,
    Decision,
    ImportPlan,
    PlanCounts,
    PlannedCard,
)
from relapp.domain.model import ContactKind
from relapp.domain.timefmt import relative


def known_name(plan: ImportPlan, person_id: int) -> str:
    row = plan.people.get(person_id)
    if row is None:
        return _("person {id}").format(id=person_id)
    if row.archived:
        return _("{name} (archived)").format(name=row.display_name)
    return row.display_name


def where(plan: ImportPlan, card: PlannedCard, of: PlannedCard) -> str:
    """How ``of`` is named from ``card``: "card 3 in this file" or "card 3 in b.vcf"."""
    if of.card_index is None:
        if of.file == card.file:
            return _("a card in this file")
        return _("a card in {file}").format(file=of.file)
    if of.file == card.file:
        return _("card {n} in this file").format(n=of.card_index)
    return _("card {n} in {file}").format(n=of.card_index, file=of.file)


def status(plan: ImportPlan, card: PlannedCard) -> str:
    """ "new", "matches Carol Roth", "same as card 3 in this file", "already imported",
    or "error"."""
    if card.decision is Decision.NEW:
        return _("new")
    if card.decision is Decision.MATCH and card.match is not None:
        name = known_name(plan, card.match.person_id)
        if card.match.strong:
            return _("matches {name}").format(name=name)
        return _("may be {name}").format(name=name)
    if card.decision is Decision.DUPLICATE_IN_FILE and card.same_as is not None:
        strong = card.same_as_match is not None and card.same_as_match.strong
        other = where(plan, card, plan.cards[card.same_as])
        if strong:
            return _("same as {card}").format(card=other)
        return _("maybe same as {card}").format(card=other)
    if card.decision is Decision.ALREADY_IMPORTED:
        return _("already imported")
    return _("error")


def evidence(plan: ImportPlan, card: PlannedCard, now: datetime) -> str:
    """Why: "same email carol@x.com · last talked 3 weeks ago", or the error."""
    if card.decision is Decision.ERROR:
        return card.error.message if card.error is not None else _("could not be read")
    if card.decision is Decision.ALREADY_IMPORTED and card.previous is not None:
        earlier = card.previous
        return _("imported {day} from {file}, into {name}").format(
            day=day_text(earlier.imported_at),
            file=earlier.file_name,
            name=known_name(plan, earlier.person_id),
        )
    if card.decision is Decision.DUPLICATE_IN_FILE and card.same_as_match is not None:
        return ", ".join(card.same_as_match.reasons)
    if card.decision is Decision.MATCH and card.match is not None:
        reasons = ", ".join(card.match.reasons)
        if card.match_via is not None:
            reasons = f"{where(plan, card, plan.cards[card.match_via])}: {reasons}"
        row = plan.people.get(card.match.person_id)
        last = row.last_contact_at if row is not None else None
        if last:
            talked = _("last talked {when}").format(when=relative(last, now))
        else:
            talked = _("no contact logged yet")
        text = f"{reasons} · {talked}"
        others = [m for m in card.other_matches if m.strong]
        if others:
            text += " · " + ngettext(
                "{n} other person matches too", "{n} other people match too", len(others)
            ).format(n=number_text(len(others)))
        return text
    return ""


def location(card: PlannedCard) -> str:
    """Where the card is: "3 (line 30)"."""
    if card.card_index is None:
        return _("file")
    if card.line is None:
        return f"{card.card_index}"
    return _("{n} (line {line})").format(n=card.card_index, line=card.line)


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
        lines.append(_("Birthday: {day}").format(day=draft.birthday.display()))
    if draft.anniversary is not None:
        lines.append(_("Anniversary: {day}").format(day=draft.anniversary.display()))
    if draft.tags:
        lines.append(_("Tags: {tags}").format(tags=", ".join(draft.tags)))
    if card.photo_url:
        lines.append(_("Photo link (not fetched): {link}").format(link=card.photo_url))
    lines.extend(_("Note: {warning}").format(warning=warning) for warning in card.warnings)
    return "\n".join(lines)


def choice_words(card: PlannedCard, choice: Choice | None, plan: ImportPlan) -> str:
    """What a choice will do, for this card: "Merge into Carol Roth", "Create new"."""
    if choice is None:
        return "—"
    if choice is Choice.MERGE:
        if card.decision is Decision.DUPLICATE_IN_FILE and card.same_as is not None:
            return _("Merge into card {n}").format(n=plan.cards[card.same_as].card_index)
        if card.target_id is not None:
            return _("Merge into {name}").format(name=known_name(plan, card.target_id))
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
    broken = by.get(Decision.ERROR, 0) - unreadable_files
    for n, words in (
        (by.get(Decision.NEW, 0), lambda n: ngettext("{n} new", "{n} new", n)),
        (
            by.get(Decision.MATCH, 0),
            lambda n: ngettext("{n} matches someone you know", "{n} match someone you know", n),
        ),
        (
            by.get(Decision.DUPLICATE_IN_FILE, 0),
            lambda n: ngettext(
                "{n} is the same as another card", "{n} are the same as another card", n
            ),
        ),
        (
            by.get(Decision.ALREADY_IMPORTED, 0),
            lambda n: ngettext("{n} already imported", "{n} already imported", n),
        ),
        (broken, lambda n: ngettext("{n} could not be read", "{n} could not be read", n)),
    ):
        if n:
            parts.append(words(n).format(n=number_text(n)))
    head = ngettext("{n} card", "{n} cards", cards).format(n=number_text(cards))
    skipped = sum(len(f.skipped) for f in plan.files)
    if parts:
        text = _("{cards}: {parts}.").format(cards=head, parts=", ".join(parts))
    else:
        text = _("{cards}.").format(cards=head)
    if skipped:
        text += " " + ngettext(
            "{n} contact group left out (not people).",
            "{n} contact groups left out (not people).",
            skipped,
        ).format(n=number_text(skipped))
    if unreadable_files:
        text += " " + ngettext(
            "{n} file could not be read.", "{n} files could not be read.", unreadable_files
        ).format(n=number_text(unreadable_files))
    return text


def reimport_note(plan: ImportPlan) -> str:
    """Said when the files, or some of their cards, were imported before."""
    earlier = [c.previous for c in plan.cards if c.previous is not None]
    if not earlier:
        return ""
    latest = max(earlier, key=lambda p: p.imported_at)
    same_file = any(f.imported_before for f in plan.files)
    if same_file and len(plan.files) == 1:
        what = _("You imported this file before ({file}, {day}).")
    elif len(earlier) == plan.readable and not same_file:
        what = _("You imported every card here before ({file}, {day}).")
    else:
        what = ngettext(
            "You imported {n} card before ({file}, {day}).",
            "You imported {n} cards before ({file}, {day}).",
            len(earlier),
        )
    said = what.format(
        n=number_text(len(earlier)), file=latest.file_name, day=long_day_text(latest.imported_at)
    )
    return said + " " + _("Cards already imported are set to Skip; choose Merge to add them again.")


def counts_summary(counts: PlanCounts) -> str:
    """ "Will create 100 people, merge 15 into people you know, skip 2." """
    parts = [
        ngettext("create {n} person", "create {n} people", counts.create).format(
            n=number_text(counts.create)
        )
    ]
    if counts.merge:
        parts.append(
            ngettext(
                "merge {n} into people you know", "merge {n} into people you know", counts.merge
            ).format(n=number_text(counts.merge))
        )
    if counts.combine:
        parts.append(
            ngettext(
                "combine {n} with another card", "combine {n} with another card", counts.combine
            ).format(n=number_text(counts.combine))
        )
    if counts.skip:
        parts.append(
            ngettext("skip {n}", "skip {n}", counts.skip).format(n=number_text(counts.skip))
        )
    text = _("Will {actions}.").format(actions=", ".join(parts))
    if counts.errors:
        text += " " + ngettext(
            "{n} card cannot be read.", "{n} cards cannot be read.", counts.errors
        ).format(n=number_text(counts.errors))
    return text
