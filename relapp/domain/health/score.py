"""The health of one person at one day, with the terms that made it.

This is the reference implementation, written to be read next to ``docs/health.md``:
plain loops over the person's interactions and promises. The chart (``series``) and
everyone at once (``batch``) compute the same numbers with numpy and are tested
against this.
"""

from __future__ import annotations

from datetime import date, datetime

from relapp.domain.health import formula
from relapp.domain.health.explain import explain
from relapp.domain.health.state import health_state
from relapp.domain.health.terms import HealthTerms
from relapp.domain.health.values import (
    SECONDS_PER_DAY,
    HealthInput,
    HealthScore,
    day_number,
    unix_seconds,
)
from relapp.domain.health.weights import (
    CHANNEL_WEIGHTS,
    DIRECTION_WEIGHTS,
    MEMORY_HALF_LIFE_DAYS,
    half_life_days,
    rhythm_days,
)
from relapp.domain.model import Channel, Direction, InteractionKind


def health_at(inp: HealthInput, day: date, now: datetime | None = None) -> HealthScore:
    """The health of one person at the end of ``day`` (only what happened by then counts).
    ``now`` is when the factors are read (the one time formatter says "last contact"
    relative to it); without it, the end of ``day``."""
    terms = health_terms(inp, day, now)
    return HealthScore(value=terms.value, band=terms.state.value, factors=explain(terms))


def health_terms(inp: HealthInput, day: date, now: datetime | None = None) -> HealthTerms:
    today = day_number(day)
    said_at = unix_seconds(now) if now is not None else (today + 1) * SECONDS_PER_DAY - 1
    # The rhythm reads every contact known (like promise outcomes, as known now), so the
    # chart replays history with one half-life per person.
    all_days = [unix_seconds(e.occurred_at) // SECONDS_PER_DAY for e in inp.events]
    rhythm = rhythm_days(min(all_days, default=0), max(all_days, default=0), len(all_days))
    half_life = half_life_days(inp.cadence_days, rhythm)

    events = []
    for event in inp.events:
        seconds = unix_seconds(event.occurred_at)
        age = today - seconds // SECONDS_PER_DAY
        if age >= 0:
            events.append((seconds, age, event))

    warmth = 0.0
    memory = {"total": 0.0, "out": 0.0, "in": 0.0, "given": 0.0, "received": 0.0}
    given = received = within_half_life = 0
    last_reply: int | None = None
    for seconds, age, event in events:
        weight = CHANNEL_WEIGHTS[event.channel] * DIRECTION_WEIGHTS[event.direction]
        warmth += weight * 0.5 ** (age / half_life)
        within_half_life += age < half_life
        remembered = 0.5 ** (age / MEMORY_HALF_LIFE_DAYS)
        memory["total"] += remembered
        if event.direction == Direction.OUTBOUND:
            memory["out"] += remembered
        elif event.direction == Direction.INBOUND:
            memory["in"] += remembered
        if event.direction != Direction.OUTBOUND:
            last_reply = seconds if last_reply is None else max(last_reply, seconds)
        if event.kind == InteractionKind.FAVOUR_GIVEN:
            given += 1
            memory["given"] += remembered
        elif event.kind == InteractionKind.FAVOUR_RECEIVED:
            received += 1
            memory["received"] += remembered

    unanswered = [
        event
        for seconds, _, event in events
        if event.direction == Direction.OUTBOUND and (last_reply is None or seconds > last_reply)
    ]

    kept = broken = 0
    kept_memory = broken_memory = 0.0
    for promise in inp.promises:
        age = today - unix_seconds(promise.due_at) // SECONDS_PER_DAY
        if promise.kept is None or age < 0:
            continue
        remembered = 0.5 ** (age / MEMORY_HALF_LIFE_DAYS)
        if promise.kept:
            kept += 1
            kept_memory += remembered
        else:
            broken += 1
            broken_memory += remembered

    def share(part: float, total: float) -> float:
        return float(formula.share(part, total))

    out_share = share(memory["out"], memory["total"])
    in_share = share(memory["in"], memory["total"])
    favour_total = memory["given"] + memory["received"]
    given_share = share(memory["given"], favour_total)
    received_share = share(memory["received"], favour_total)
    kept_share = share(kept_memory, kept_memory + broken_memory)
    broken_share = share(broken_memory, kept_memory + broken_memory)

    base = float(formula.base_score(warmth))
    initiative = float(formula.initiative_multiplier(out_share, in_share, len(events)))
    favours = float(formula.favour_multiplier(given_share, received_share, given + received))
    unanswered_factor = float(formula.unanswered_multiplier(len(unanswered)))
    promises = float(formula.promise_multiplier(kept_share, broken_share, kept + broken))
    combined = formula.combine(base, initiative, favours, unanswered_factor, promises)
    contact_today = any(age == 0 for _, age, _ in events)
    value = float(formula.today_floor(combined, contact_today, len(unanswered)))
    first_contact_days = max((age for _, age, _ in events), default=None)

    return HealthTerms(
        cadence_days=inp.cadence_days if inp.cadence_days and inp.cadence_days > 0 else None,
        rhythm_days=rhythm,
        half_life_days=half_life,
        contacts=len(events),
        contacts_within_half_life=within_half_life,
        last_contact_days=min((age for _, age, _ in events), default=None),
        first_contact_days=first_contact_days,
        last_contact_at=max((seconds for seconds, _, _ in events), default=None),
        said_at=said_at,
        warmth=warmth,
        base=base,
        out_share=out_share,
        in_share=in_share,
        initiative=initiative,
        favours_given=given,
        favours_received=received,
        given_share=given_share,
        received_share=received_share,
        favours=favours,
        unanswered=len(unanswered),
        unanswered_channels=frozenset(Channel(event.channel) for event in unanswered),
        unanswered_factor=unanswered_factor,
        promises_kept=kept,
        promises_broken=broken,
        kept_share=kept_share,
        broken_share=broken_share,
        promises=promises,
        unlifted=float(combined),
        value=value,
        state=health_state(value, len(events), first_contact_days),
    )
