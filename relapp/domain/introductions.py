"""Introductions: who introduced whom to whom, when, and where.

"Me" (you, the user) can be any one of the three people and is written ``None``:
``IntroductionDraft(introducer_id=carol, person_a_id=None, person_b_id=dan)`` reads
"Carol introduced you to Dan". The rules: at most one of the three is you, and nobody
appears twice. A stored draft is canonical: when you are one of the two introduced,
you are ``person_a``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from datetime import date, datetime

from relapp.domain.errors import InvalidInput
from relapp.domain.i18n import N_, _

Who = int | None  # a person id, or None for you


class Shape(enum.StrEnum):
    """The three kinds of introduction, by where you are in it."""

    TO_ME = "to_me"  # "Carol introduced you to Dan"
    BY_ME = "by_me"  # "You introduced Carol to Ed"
    AMONG_OTHERS = "among_others"  # "Carol introduced Dan to Ed"


@dataclass(frozen=True)
class IntroductionDraft:
    introducer_id: Who
    person_a_id: Who
    person_b_id: Who
    occurred_on: date | None = None
    context: str = ""  # "at the SmallBiz conference", "by email"

    @property
    def shape(self) -> Shape:
        if self.introducer_id is None:
            return Shape.BY_ME
        if self.person_a_id is None or self.person_b_id is None:
            return Shape.TO_ME
        return Shape.AMONG_OTHERS

    def people(self) -> tuple[int, ...]:
        """Everyone involved but you: introducer first, then the two introduced."""
        return tuple(
            p for p in (self.introducer_id, self.person_a_id, self.person_b_id) if p is not None
        )

    def introduced(self) -> tuple[Who, Who]:
        return self.person_a_id, self.person_b_id

    def newly_met(self) -> int | None:
        """The person this introduction brought into your life (only for ``TO_ME``)."""
        if self.shape is not Shape.TO_ME:
            return None
        return self.person_b_id if self.person_a_id is None else self.person_a_id

    def other_of(self, person_id: Who) -> Who:
        """The one ``person_id`` was introduced to (they must be person a or b)."""
        if person_id == self.person_a_id:
            return self.person_b_id
        if person_id == self.person_b_id:
            return self.person_a_id
        raise ValueError(f"{person_id!r} was not introduced in this introduction")


@dataclass(frozen=True)
class Introduction(IntroductionDraft):
    """A stored introduction; ``interaction_id`` is the history entry that logged it."""

    id: int = 0
    interaction_id: int | None = None
    created_at: datetime | None = None

    def draft(self) -> IntroductionDraft:
        return IntroductionDraft(
            self.introducer_id, self.person_a_id, self.person_b_id, self.occurred_on, self.context
        )


def validated(draft: IntroductionDraft, *, today: date | None = None) -> IntroductionDraft:
    """The draft, canonical and tidy, or ``InvalidInput`` saying what is wrong."""
    three = (draft.introducer_id, draft.person_a_id, draft.person_b_id)
    if sum(1 for p in three if p is None) > 1:
        raise InvalidInput(
            N_("People"),
            _("you can be only one of the three: choose a person for the other places."),
        )
    people = [p for p in three if p is not None]
    if len(set(people)) != len(people):
        raise InvalidInput(N_("People"), _("the same person cannot be in two places."))
    if today is not None and draft.occurred_on is not None and draft.occurred_on > today:
        raise InvalidInput(N_("When"), _("an introduction cannot be in the future."))
    a, b = draft.person_a_id, draft.person_b_id
    if b is None:
        a, b = b, a
    return replace(draft, person_a_id=a, person_b_id=b, context=" ".join(draft.context.split()))


# --- words ---------------------------------------------------------------------------------


def _name(who: Who, names: Mapping[int, str], *, you: str) -> str:
    if who is None:
        return you
    return names.get(who) or "someone"


def describe(draft: IntroductionDraft, names: Mapping[int, str]) -> str:
    """ "Carol Roth introduced you to Dan Whitaker", "You introduced Carol Roth to Ed Navarro",
    "Carol Roth introduced Dan Whitaker to Ed Navarro"."""
    x = _name(draft.introducer_id, names, you="You")
    a = _name(draft.person_a_id, names, you="you")
    b = _name(draft.person_b_id, names, you="you")
    if draft.shape is Shape.TO_ME and draft.person_a_id is not None:
        a, b = b, a  # "introduced you to Dan", never "introduced Dan to you"
    return f"{x} introduced {a} to {b}"


def with_context(text: str, context: str) -> str:
    """``text`` followed by where it happened: "... at the SmallBiz conference".

    A context that reads on ("at the fair", "by email") follows with a space; one that
    stands alone ("Conference lunch") follows a dash."""
    context = context.strip()
    if not context:
        return text
    if context[0].islower():
        return f"{text} {context}"
    return f"{text} — {context}"


def met_how_text(draft: IntroductionDraft, names: Mapping[int, str]) -> str | None:
    """How you met the person this introduction brought you ("Introduced by Carol Roth at
    the SmallBiz conference"), or None when it did not introduce anyone to you."""
    if draft.newly_met() is None:
        return None
    return with_context(
        f"Introduced by {_name(draft.introducer_id, names, you='you')}", draft.context
    )


# --- one person's introductions ----------------------------------------------------------


@dataclass(frozen=True)
class Related:
    """One introduction as a person's page shows it: ``people`` are the names to show
    (each opens that person), in reading order."""

    introduction: Introduction
    people: tuple[int, ...]


@dataclass(frozen=True)
class PersonIntroductions:
    """Everything a person's page says about introductions, in five groups."""

    introduced_to_you_by: tuple[Related, ...] = ()  # who introduced them to you
    introduced_you_to: tuple[Related, ...] = ()  # whom they introduced you to
    you_introduced_them_to: tuple[Related, ...] = ()  # whom you introduced them to
    they_introduced: tuple[Related, ...] = ()  # introductions they made among your contacts
    introduced_to_others: tuple[Related, ...] = ()  # others introduced them: (to, by)

    def __bool__(self) -> bool:
        return any(
            (
                self.introduced_to_you_by,
                self.introduced_you_to,
                self.you_introduced_them_to,
                self.they_introduced,
                self.introduced_to_others,
            )
        )

    def person_ids(self) -> set[int]:
        groups = (
            self.introduced_to_you_by,
            self.introduced_you_to,
            self.you_introduced_them_to,
            self.they_introduced,
            self.introduced_to_others,
        )
        return {pid for group in groups for related in group for pid in related.people}


def _newest_first(intro: Introduction) -> tuple[date, int]:
    return (intro.occurred_on or date.min, intro.id)


def relations_of(person_id: int, introductions: Iterable[Introduction]) -> PersonIntroductions:
    """Sort the introductions ``person_id`` took part in into the five groups."""
    groups: dict[str, list[Related]] = {f.name: [] for f in fields(PersonIntroductions)}
    for intro in sorted(introductions, key=_newest_first, reverse=True):
        x, a, b = intro.introducer_id, intro.person_a_id, intro.person_b_id
        if person_id == x:
            if intro.shape is Shape.TO_ME:
                other = intro.other_of(None)
                assert other is not None
                groups["introduced_you_to"].append(Related(intro, (other,)))
            else:
                assert a is not None and b is not None
                groups["they_introduced"].append(Related(intro, (a, b)))
        elif person_id in (a, b):
            other = intro.other_of(person_id)
            if other is None:
                assert x is not None
                groups["introduced_to_you_by"].append(Related(intro, (x,)))
            elif x is None:
                groups["you_introduced_them_to"].append(Related(intro, (other,)))
            else:
                groups["introduced_to_others"].append(Related(intro, (other, x)))
    return PersonIntroductions(**{name: tuple(items) for name, items in groups.items()})
