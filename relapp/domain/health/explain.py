"""The few factors that made a score, in words, from the score's own terms.

Order: when you last had contact; the multipliers that moved the score most (at least
one point, at most two of them); the cadence where set; then, if there is room, what
went well (frequent contact, favours both ways). Never more than ``MAX_FACTORS``.
"""

from __future__ import annotations

from relapp.domain.health.terms import HealthTerms
from relapp.domain.health.weights import DEFAULT_HALF_LIFE_DAYS
from relapp.domain.model import Channel
from relapp.domain.timefmt import DAY, period, relative_seconds, span

MAX_FACTORS = 4
MAX_MULTIPLIER_FACTORS = 2
MIN_IMPACT_POINTS = 1.0

_PLURAL_BY_CHANNEL = {
    Channel.EMAIL: "emails",
    Channel.CALL: "calls",
    Channel.MEETING: "meetings",
    Channel.MESSAGE: "messages",
    Channel.VIDEO: "video calls",
    Channel.SOCIAL: "social posts",
    Channel.LETTER: "letters",
    Channel.OTHER: "contacts",
}


def explain(terms: HealthTerms) -> tuple[str, ...]:
    if terms.last_contact_days is None:
        factors = ["no contact yet"]
        if terms.cadence_days is not None:
            factors.append(f"cadence {_count(terms.cadence_days, 'day')}")
        return tuple(factors)

    factors = [f"last contact {relative_seconds(terms.last_contact_at, terms.said_at)}"]

    impacts = _impacts(terms)
    ranked = sorted(impacts.items(), key=lambda item: abs(item[1]), reverse=True)
    for name, impact in ranked[:MAX_MULTIPLIER_FACTORS]:
        if abs(impact) >= MIN_IMPACT_POINTS:
            factors.append(_describe_multiplier(name, terms))

    if terms.cadence_days is not None:
        factors.append(_describe_cadence(terms.cadence_days, terms.last_contact_days))
    elif terms.rhythm_days is not None and terms.rhythm_days >= 2 * DEFAULT_HALF_LIFE_DAYS:
        # a slow rhythm explains why a long silence is not yet fading
        factors.append(f"usually every {period(terms.rhythm_days * DAY)}")

    for note in _good_notes(terms, impacts):
        if len(factors) >= MAX_FACTORS:
            break
        factors.append(note)
    return tuple(factors[:MAX_FACTORS])


def describe_span(days: int) -> str:
    """A length of whole days in the one formatter's units: "5 days", "3 weeks"."""
    return span(days * DAY)


def _impacts(terms: HealthTerms) -> dict[str, float]:
    """Points each multiplier moved the score (negative: it pulled the score down)."""
    multipliers = terms.multipliers()
    impacts = {}
    for name in multipliers:
        without = terms.base
        for other, value in multipliers.items():
            if other != name:
                without *= value
        impacts[name] = terms.unlifted - min(without, 100.0)
    return impacts


def _describe_multiplier(name: str, terms: HealthTerms) -> str:
    if name == "unanswered":
        channels = terms.unanswered_channels
        noun = _PLURAL_BY_CHANNEL[next(iter(channels))] if len(channels) == 1 else "contacts"
        return f"{terms.unanswered} {noun} unanswered"
    if name == "initiative":
        if terms.out_share >= terms.in_share:
            return f"{_portion(terms.out_share)} recent contacts one-way from you"
        return f"{_portion(terms.in_share)} recent contacts one-way from them"
    if name == "favours":
        given, received = terms.favours_given, terms.favours_received
        if terms.given_share >= terms.received_share:
            return f"favours mostly from you ({given} given, {received} received)"
        return f"favours mostly from them ({received} received, {given} given)"
    return _describe_promises(terms.promises_kept, terms.promises_broken)


def _describe_promises(kept: int, broken: int) -> str:
    if kept and broken:
        return f"{_count(kept, 'promise')} kept, {broken} broken or late"
    if kept:
        return f"{_count(kept, 'promise')} kept"
    return f"{_count(broken, 'promise')} broken or late"


def _describe_cadence(cadence_days: int, last_contact_days: int) -> str:
    text = f"cadence {_count(cadence_days, 'day')}"
    overdue = last_contact_days - cadence_days
    if overdue > 0:
        text += f", overdue by {describe_span(overdue)}"
    return text


def _good_notes(terms: HealthTerms, impacts: dict[str, float]) -> list[str]:
    notes = []
    if terms.contacts_within_half_life >= 2:
        notes.append(
            f"{terms.contacts_within_half_life} contacts in the last "
            f"{_count(round(terms.half_life_days), 'day')}"
        )
    if (
        terms.favours_given
        and terms.favours_received
        and abs(impacts["favours"]) < MIN_IMPACT_POINTS
    ):
        notes.append(
            f"favours both ways ({terms.favours_given} given, {terms.favours_received} received)"
        )
    return notes


def _portion(share: float) -> str:
    return "all" if share >= 0.995 else f"{share:.0%} of"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
