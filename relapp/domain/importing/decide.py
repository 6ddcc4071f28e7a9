"""Deciding each card of an import (``plan_cards``): the ``Decision`` and the default
``Choice`` that ``plan.py`` describes, from the card keys, the people each card may be,
and what earlier imports took.

Default choices, and why:

- new -> create;
- a match -> merge when it is strong (see ``match_rules``: a personal email or phone in
  common, a name that does not contradict, and no contradiction such as another
  birthday) and points at one person; otherwise create. A name alone, however exact,
  is a "possible match", and a personal phone with another name is "shares a phone
  with ...": a wrong merge mixes two people's details and is hard to notice, while a
  second card is plain to see in the preview (where it is flagged) and easy to undo;
- the same as an earlier card -> merge into it (only strong matches link two cards);
- already imported -> skip.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from relapp.domain.importing.plan import (
    CardInput,
    Choice,
    Decision,
    PlannedCard,
    PreviousImport,
)
from relapp.domain.matching import Match, PersonKeys, matches_within

# --- planning --------------------------------------------------------------------------


def _merge_by_default(best: Match, others: Sequence[Match]) -> bool:
    """Strong (identity evidence, nothing against it), and pointing at one person."""
    return best.strong and not any(other.strong for other in others)


def _within_links(
    keys: Sequence[PersonKeys | None], eligible: Sequence[int], known: Sequence[list[Match]]
) -> dict[int, tuple[int, Match]]:
    """For each card that is the same as an earlier one, (earlier row, match).

    Only a strong match (identity evidence, nothing against it) links two cards of one
    import: a name alone or a shared landline does not make "the same as card N". A
    link joins the earlier card's group; a card only ever points at a group's first
    card. Two cards that strongly match two different people you know are not joined.
    """
    batch = [keys[i] for i in eligible]
    present = [k for k in batch if k is not None]
    pairs = matches_within(present, strong_only=True) if None not in batch else []
    by_later: dict[int, list[tuple[int, Match]]] = {}
    for i, j, match in pairs:
        by_later.setdefault(eligible[j], []).append((eligible[i], match))
    links: dict[int, tuple[int, Match]] = {}
    anchor: dict[int, int] = {}
    for row in sorted(by_later):
        options = sorted(by_later[row], key=lambda pair: (-pair[1].score, pair[0]))
        own = known[row][0] if known[row] and known[row][0].strong else None
        for earlier, match in options:
            target = anchor.get(earlier, earlier)
            theirs = known[target][0] if known[target] and known[target][0].strong else None
            if own is not None and theirs is not None and own.person_id != theirs.person_id:
                continue
            links[row] = (target, match)
            anchor[row] = target
            break
    return links


def _lifted_match(
    root: int, members: Sequence[int], known: Sequence[list[Match]]
) -> tuple[Match, int] | None:
    """A group's first card with no match of its own takes its members' best strong one."""
    best: tuple[Match, int] | None = None
    for row in members:
        if known[row] and known[row][0].strong:
            match = known[row][0]
            if best is None or match.score > best[0].score:
                best = (match, row)
    return best


def plan_cards(
    inputs: Sequence[CardInput],
    keys: Sequence[PersonKeys | None],
    card_keys: Sequence[str],
    known: Sequence[list[Match]],
    previous: Mapping[str, PreviousImport],
) -> tuple[PlannedCard, ...]:
    """Decide every card: ``keys``/``card_keys``/``known`` are per input card (the
    matching keys, the card key, the known people it may be, best first), ``previous``
    maps card keys an earlier import took to where they went."""
    cards: list[PlannedCard] = []
    eligible: list[int] = []
    for row, item in enumerate(inputs):
        if item.draft is None:
            cards.append(_error_card(row, item))
            continue
        key = card_keys[row]
        base = PlannedCard(
            row=row,
            file=item.file,
            card_index=item.card_index,
            line=item.line,
            decision=Decision.NEW,
            default=Choice.CREATE,
            draft=item.draft,
            card_key=key,
            warnings=item.warnings,
            photo_url=item.photo_url,
            uid=item.uid,
        )
        if key in previous:
            earlier = previous[key]
            base = replace(
                base, decision=Decision.ALREADY_IMPORTED, default=Choice.SKIP, previous=earlier
            )
        else:
            eligible.append(row)
        cards.append(base)
    links = _within_links(keys, eligible, known)
    members: dict[int, list[int]] = {}
    for row, (target, match) in links.items():
        if match.strong:
            members.setdefault(target, []).append(row)
    for row in eligible:
        cards[row] = _decide(cards[row], known[row], links.get(row), members.get(row, ()), known)
    return tuple(cards)


def _decide(
    card: PlannedCard,
    matches: list[Match],
    link: tuple[int, Match] | None,
    members: Sequence[int],
    known: Sequence[list[Match]],
) -> PlannedCard:
    if link is not None:
        target, match = link
        return replace(
            card,
            decision=Decision.DUPLICATE_IN_FILE,
            default=Choice.MERGE if match.strong else Choice.CREATE,
            same_as=target,
            same_as_match=match,
            match=matches[0] if matches else None,
            other_matches=tuple(matches[1:]),
        )
    if matches:
        best, others = matches[0], matches[1:]
        default = Choice.MERGE if _merge_by_default(best, others) else Choice.CREATE
        return replace(
            card,
            decision=Decision.MATCH,
            default=default,
            match=best,
            other_matches=tuple(others),
        )
    lifted = _lifted_match(card.row, members, known)
    if lifted is not None:
        match, via = lifted
        return replace(
            card,
            decision=Decision.MATCH,
            default=Choice.MERGE if match.strong else Choice.CREATE,
            match=match,
            match_via=via,
        )
    return card


def _error_card(row: int, item: CardInput) -> PlannedCard:
    return PlannedCard(
        row=row,
        file=item.file,
        card_index=item.card_index,
        line=item.line,
        decision=Decision.ERROR,
        default=None,
        error=item.error,
        warnings=item.warnings,
    )
