"""The state a relationship is in, in words: new, healthy, cooling or fading.

The score says how alive a relationship is; the state says how to read it. A person
with too little history to judge (no contact yet, or a contact or two in the last few
months) is *new*: the score is not shown as a verdict, and never in red. Everyone else
gets the band of their score. ``docs/health.md`` ("States") has the table.
"""

from __future__ import annotations

import enum

from relapp.domain.health.weights import (
    COOLING_FROM,
    HEALTHY_FROM,
    NEW_MAX_CONTACTS,
    NEW_WITHIN_DAYS,
)
from relapp.domain.i18n import N_, _


class HealthState(enum.StrEnum):
    NEW = "new"
    HEALTHY = "healthy"
    COOLING = "cooling"
    FADING = "fading"

    @property
    def label(self) -> str:
        """How the state reads after "Health": "new — not enough history yet"."""
        return _(_LABELS[self])

    @property
    def judged(self) -> bool:
        """False for a new relationship: its score is no verdict yet."""
        return self is not HealthState.NEW


_LABELS = {
    HealthState.NEW: N_("new — not enough history yet"),
    HealthState.HEALTHY: N_("healthy"),
    HealthState.COOLING: N_("cooling"),
    HealthState.FADING: N_("fading"),
}


def is_new(contacts: int, first_contact_days: int | None) -> bool:
    """Too little history to judge: no contact yet, or at most ``NEW_MAX_CONTACTS``
    contacts, the first less than ``NEW_WITHIN_DAYS`` days ago."""
    if contacts == 0 or first_contact_days is None:
        return True
    return contacts <= NEW_MAX_CONTACTS and first_contact_days < NEW_WITHIN_DAYS


def health_state(value: float, contacts: int, first_contact_days: int | None) -> HealthState:
    """The state of a relationship with score ``value`` and this much history (contacts
    on or before the day scored; days since the first of them)."""
    if is_new(contacts, first_contact_days):
        return HealthState.NEW
    if value >= HEALTHY_FROM:
        return HealthState.HEALTHY
    if value >= COOLING_FROM:
        return HealthState.COOLING
    return HealthState.FADING
