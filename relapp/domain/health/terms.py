"""Every intermediate term of one score: what ``score`` computes and ``explain`` words."""

from __future__ import annotations

from dataclasses import dataclass

from relapp.domain.health.state import HealthState
from relapp.domain.model import Channel


@dataclass(frozen=True)
class HealthTerms:
    """Every intermediate term of one score. ``factors`` are words for these."""

    cadence_days: int | None
    rhythm_days: float | None  # the usual gap between contacts, all history known
    half_life_days: float
    contacts: int  # interactions on or before the day
    contacts_within_half_life: int
    last_contact_days: int | None  # days since the newest interaction, None without any
    first_contact_days: int | None  # days since the oldest interaction, None without any
    last_contact_at: int | None  # Unix seconds of the newest interaction, None without any
    said_at: int  # Unix seconds the words are said at: "now", or the end of the day scored
    warmth: float
    base: float
    out_share: float  # memory-weighted share of contacts only from you
    in_share: float  # ... only from them
    initiative: float  # multiplier
    favours_given: int
    favours_received: int
    given_share: float  # memory-weighted share of favours that you did
    received_share: float
    favours: float  # multiplier
    unanswered: int  # outbound contacts after their last reply
    unanswered_channels: frozenset[Channel]
    unanswered_factor: float  # multiplier
    promises_kept: int
    promises_broken: int
    kept_share: float
    broken_share: float
    promises: float  # multiplier
    unlifted: float  # the score before the floor for a contact on the day
    value: float  # the score, after that floor
    state: HealthState

    def multipliers(self) -> dict[str, float]:
        return {
            "initiative": self.initiative,
            "favours": self.favours,
            "unanswered": self.unanswered_factor,
            "promises": self.promises,
        }
