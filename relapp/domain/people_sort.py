"""The orders the people list can be in (its own module: the window names them before
its first paint, without the people's storage and model)."""

from __future__ import annotations

import enum


class PeopleSort(enum.StrEnum):
    """List orders; each is the natural one (A to Z, most recent contact first)."""

    NAME = "name"
    ORGANISATION = "organisation"
    LAST_CONTACT = "last_contact"
