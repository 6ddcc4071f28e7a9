"""The few factors that made a score, in words, from the score's own terms.

Order: when you last had contact; the multipliers that moved the score most (at least
one point, at most two of them); the cadence where set; then, if there is room, what
went well (frequent contact, favours both ways). Never more than ``MAX_FACTORS``.
"""

from __future__ import annotations

from collections.abc import Callable

from relapp.domain.health.terms import HealthTerms
from relapp.domain.health.weights import DEFAULT_HALF_LIFE_DAYS
from relapp.domain.i18n import _, ngettext
from relapp.domain.model import Channel
from relapp.domain.timefmt import DAY, period, relative_seconds, span

MAX_FACTORS = 4
MAX_MULTIPLIER_FACTORS = 2
MIN_IMPACT_POINTS = 1.0

_UNANSWERED_BY_CHANNEL: dict[Channel | None, Callable[[int], str]] = {
    Channel.EMAIL: lambda n: ngettext("{n} email unanswered", "{n} emails unanswered", n),
    Channel.CALL: lambda n: ngettext("{n} call unanswered", "{n} calls unanswered", n),
    Channel.MEETING: lambda n: ngettext("{n} meeting unanswered", "{n} meetings unanswered", n),
    Channel.MESSAGE: lambda n: ngettext("{n} message unanswered", "{n} messages unanswered", n),
    Channel.VIDEO: lambda n: ngettext("{n} video call unanswered", "{n} video calls unanswered", n),
    Channel.SOCIAL: lambda n: ngettext(
        "{n} social post unanswered", "{n} social posts unanswered", n
    ),
    Channel.LETTER: lambda n: ngettext("{n} letter unanswered", "{n} letters unanswered", n),
    None: lambda n: ngettext("{n} contact unanswered", "{n} contacts unanswered", n),
}


def explain(terms: HealthTerms) -> tuple[str, ...]:
    if terms.last_contact_days is None:
        factors = [_("no contact yet")]
        if terms.cadence_days is not None:
            factors.append(_cadence(terms.cadence_days))
        return tuple(factors)

    when = relative_seconds(terms.last_contact_at, terms.said_at)
    factors = [_("last contact {when}").format(when=when)]

    impacts = _impacts(terms)
    ranked = sorted(impacts.items(), key=lambda item: abs(item[1]), reverse=True)
    for name, impact in ranked[:MAX_MULTIPLIER_FACTORS]:
        if abs(impact) >= MIN_IMPACT_POINTS:
            factors.append(_describe_multiplier(name, terms))

    if terms.cadence_days is not None:
        factors.append(_describe_cadence(terms.cadence_days, terms.last_contact_days))
    elif terms.rhythm_days is not None and terms.rhythm_days >= 2 * DEFAULT_HALF_LIFE_DAYS:
        # a slow rhythm explains why a long silence is not yet fading
        factors.append(_("usually every {period}").format(period=period(terms.rhythm_days * DAY)))

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
        words = _UNANSWERED_BY_CHANNEL.get(next(iter(channels)) if len(channels) == 1 else None)
        return (words or _UNANSWERED_BY_CHANNEL[None])(terms.unanswered).format(n=terms.unanswered)
    if name == "initiative":
        if terms.out_share >= terms.in_share:
            if terms.out_share >= 0.995:
                return _("all recent contacts one-way from you")
            return _("{share:.0%} of recent contacts one-way from you").format(
                share=terms.out_share
            )
        if terms.in_share >= 0.995:
            return _("all recent contacts one-way from them")
        return _("{share:.0%} of recent contacts one-way from them").format(share=terms.in_share)
    if name == "favours":
        given, received = terms.favours_given, terms.favours_received
        if terms.given_share >= terms.received_share:
            text = _("favours mostly from you ({given} given, {received} received)")
        else:
            text = _("favours mostly from them ({received} received, {given} given)")
        return text.format(given=given, received=received)
    return _describe_promises(terms.promises_kept, terms.promises_broken)


def _describe_promises(kept: int, broken: int) -> str:
    if kept and broken:
        text = ngettext(
            "{kept} promise kept, {broken} broken or late",
            "{kept} promises kept, {broken} broken or late",
            kept,
        )
    elif kept:
        text = ngettext("{kept} promise kept", "{kept} promises kept", kept)
    else:
        text = ngettext(
            "{broken} promise broken or late", "{broken} promises broken or late", broken
        )
    return text.format(kept=kept, broken=broken)


def _describe_cadence(cadence_days: int, last_contact_days: int) -> str:
    text = _cadence(cadence_days)
    overdue = last_contact_days - cadence_days
    if overdue > 0:
        text += _(", overdue by {span}").format(span=describe_span(overdue))
    return text


def _cadence(days: int) -> str:
    return ngettext("cadence {n} day", "cadence {n} days", days).format(n=days)


def _good_notes(terms: HealthTerms, impacts: dict[str, float]) -> list[str]:
    notes = []
    if terms.contacts_within_half_life >= 2:
        days = round(terms.half_life_days)
        notes.append(
            ngettext(
                "{count} contacts in the last {n} day",
                "{count} contacts in the last {n} days",
                days,
            ).format(count=terms.contacts_within_half_life, n=days)
        )
    if (
        terms.favours_given
        and terms.favours_received
        and abs(impacts["favours"]) < MIN_IMPACT_POINTS
    ):
        notes.append(
            _("favours both ways ({given} given, {received} received)").format(
                given=terms.favours_given, received=terms.favours_received
            )
        )
    return notes
