"""The evidence against a match in words: each contradiction a whole phrase of its own,
in one order that does not depend on the language (the name's parts, then contact
points, then dates, then the organisation).

"same name, but different email and birthday" is one sentence with two fields: the
reason, and the list of contradictions in the form they take after "but different"
(German inflects each: "aber andere E-Mail-Adresse und anderer Geburtstag"), each a
message with the context ``after "but different"``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from relapp.domain.i18n import _, pgettext
from relapp.domain.word_lists import words_list


class Against(enum.IntEnum):
    """What says two cards are two people; the value is the order they are shown in."""

    MIDDLE = 1  # a different middle initial
    SUFFIX = 2  # a different generational suffix (Jr., Sr., III)
    EMAIL = 3  # both have emails, none in common
    PHONE = 4  # both have phones, none in common
    BIRTHDAY = 5
    ORGANISATION = 6


@dataclass(frozen=True)
class Contradiction:
    kind: Against
    suffixes: str = ""  # for SUFFIX: "Jr. / Sr."


def in_order(items: list[Contradiction]) -> list[Contradiction]:
    return sorted(items, key=lambda item: item.kind)


def against_text(item: Contradiction) -> str:
    """The contradiction on its own: "different birthday"."""
    kind = item.kind
    if kind is Against.MIDDLE:
        return _("different middle initial")
    if kind is Against.SUFFIX:
        return _("different suffix ({suffixes})").format(suffixes=item.suffixes)
    if kind is Against.EMAIL:
        return _("different email")
    if kind is Against.PHONE:
        return _("different phone")
    if kind is Against.BIRTHDAY:
        return _("different birthday")
    return _("different organisation")


def _after_but(item: Contradiction) -> str:
    """The contradiction after "but different": "birthday" ("anderer Geburtstag")."""
    kind = item.kind
    if kind is Against.MIDDLE:
        return pgettext('after "but different"', "middle initial")
    if kind is Against.SUFFIX:
        text = pgettext('after "but different"', "suffix ({suffixes})")
        return text.format(suffixes=item.suffixes)
    if kind is Against.EMAIL:
        return pgettext('after "but different"', "email")
    if kind is Against.PHONE:
        return pgettext('after "but different"', "phone")
    if kind is Against.BIRTHDAY:
        return pgettext('after "but different"', "birthday")
    return pgettext('after "but different"', "organisation")


def with_contradictions(reason: str, items: list[Contradiction]) -> str:
    """ "same name, but different email and birthday" (``items`` in order, not empty)."""
    things = words_list([_after_but(item) for item in items])
    return _("{reason}, but different {contradictions}").format(
        reason=reason, contradictions=things
    )
