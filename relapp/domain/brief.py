"""The brief: one glance before you reach out. "Do I already know this person, and what
do I owe them?"

A pure value assembled from what storage read: how and when you met and through whom,
the last few interactions, open promises both ways, favours given and received, how they
want to be reached, and their interests. ``Brief.lines()`` gives the short lines the UI
shows, each with a caption.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from relapp.domain.i18n import N_, _, ngettext
from relapp.domain.model import Channel, Interaction, InteractionKind
from relapp.domain.outreach import preference_text
from relapp.domain.promises import Promiser, PromiseState, next_state_change, state_at
from relapp.domain.timefmt import day_text, next_phrase_change, relative, relative_day

RECENT = 3  # interactions the brief shows (fewer when introductions need the room)
INTRODUCTIONS_SHOWN = 3  # the rest are counted
LEFT_ROWS = 3  # introductions and recent contacts share these rows (at least one contact)


class IntroRole(enum.StrEnum):
    """How an introduction ties the brief's person to someone else (and to you)."""

    INTRODUCED_BY = "introduced_by"  # someone introduced them to you
    INTRODUCED_YOU_TO = "introduced_you_to"  # they introduced you to someone
    YOU_INTRODUCED_THEM_TO = "you_introduced_them_to"  # you introduced them to someone


_ROLE_WORDS = {
    IntroRole.INTRODUCED_BY: N_("Introduced by {name}"),
    IntroRole.INTRODUCED_YOU_TO: N_("Introduced you to {name}"),
    IntroRole.YOU_INTRODUCED_THEM_TO: N_("You introduced them to {name}"),
}


@dataclass(frozen=True)
class BriefIntroduction:
    """One introduction as the brief says it: "Introduced by Carol Roth", with whom
    (``other_id`` opens them), the day and the context."""

    role: IntroRole
    other_id: int
    other_name: str
    occurred_on: date | None = None
    context: str = ""


PROMISES_SHOWN = 2  # per side; the rest are counted


@dataclass(frozen=True)
class OpenPromise:
    what: str
    promiser: Promiser
    due_at: datetime
    channel: Channel | None = None
    snoozed_until: datetime | None = None

    def state(self, now: datetime) -> PromiseState:
        """The one state rule (``relapp.domain.promises``) for this open promise."""
        return state_at(now, self.due_at, snoozed_until=self.snoozed_until)


@dataclass(frozen=True)
class FavourTally:
    """How many favours went one way, and the latest of them."""

    count: int = 0
    last_at: datetime | None = None
    last_summary: str = ""


@dataclass(frozen=True)
class BriefLine:
    """One line of the brief. ``link_id``/``link_text`` name a person the text mentions
    whom the UI lets you open (the introducer); ``warn`` marks what needs attention (an
    overdue promise)."""

    key: str
    caption: str
    text: str
    link_id: int | None = None
    link_text: str = ""
    warn: bool = False


def contact_words(i: Interaction, now: datetime) -> str:
    """One contact in a line, as the brief and ``relapp show`` word it: "3 weeks ago · call
    → · coffee" (the direction as ``Direction.arrow``; a favour says which way it went)."""
    what = i.summary or i.kind.label
    if i.kind in (InteractionKind.FAVOUR_GIVEN, InteractionKind.FAVOUR_RECEIVED):
        what = f"{i.kind.label}: {i.summary}" if i.summary else i.kind.label
    when = relative(i.occurred_at, now)
    return f"{when} · {i.channel.word} {i.direction.arrow} · {what}"


@dataclass(frozen=True)
class Brief:
    person_id: int
    name: str
    now: datetime
    met_on: date | None = None
    met_how: str = ""
    introducer_id: int | None = None  # who introduced them to you
    introducer_name: str = ""
    recent: tuple[Interaction, ...] = ()
    promises: tuple[OpenPromise, ...] = ()
    favours_given: FavourTally = field(default_factory=FavourTally)
    favours_received: FavourTally = field(default_factory=FavourTally)
    preferred: Channel | None = None
    avoid: frozenset[Channel] = frozenset()
    interests: tuple[str, ...] = ()
    introductions: tuple[BriefIntroduction, ...] = ()  # every one, whatever happened since

    def mine(self) -> tuple[OpenPromise, ...]:
        return tuple(p for p in self.promises if p.promiser is Promiser.ME)

    def theirs(self) -> tuple[OpenPromise, ...]:
        return tuple(p for p in self.promises if p.promiser is Promiser.THEM)

    def lines(self) -> tuple[BriefLine, ...]:
        """Met, introductions, recent contacts, promises each way, favours, reach,
        interests."""
        introductions = self._introduction_lines()
        return (
            self._met_line(),
            *introductions,
            *self._recent_lines(max(1, LEFT_ROWS - len(introductions))),
            self._promise_line("you_owe", _("You owe"), self.mine()),
            self._promise_line("they_owe", _("They owe"), self.theirs()),
            self._favour_line(),
            BriefLine(
                "reach",
                _("Reach"),
                _capital(preference_text(self.preferred, self.avoid))
                or _("No preferred channel noted"),
            ),
            BriefLine(
                "interests", _("Interests"), ", ".join(self.interests) or _("None noted yet")
            ),
        )

    def _met_line(self) -> BriefLine:
        parts = []
        if self.met_on is not None:
            ago = relative_day(self.met_on, self.now.date())
            when = day_text(self.met_on)
            parts.append(f"{when} ({ago})" if self.met_on != self.now.date() else when)
        if self.met_how:
            parts.append(self.met_how)
        text = " — ".join(parts)
        said = any(i.role is IntroRole.INTRODUCED_BY for i in self.introductions)
        if self.introducer_id is None or said:  # an introduction row says who, with a link
            return BriefLine("met", _("Met"), text or _("Not recorded yet — how did you meet?"))
        if self.introducer_name not in text:
            through = _("introduced by {name}").format(name=self.introducer_name)
            text = f"{text} · {through}" if text else _capital(through)
        return BriefLine("met", _("Met"), text, self.introducer_id, self.introducer_name)

    def _introduction_lines(self) -> list[BriefLine]:
        """A row per introduction, "Introduced by …" first; never pushed out by newer
        contacts (they give up their rows instead)."""
        order = list(IntroRole)
        ordered = sorted(self.introductions, key=lambda i: order.index(i.role))
        lines = [
            BriefLine(
                "introduction",
                _("Introduced") if index == 0 else "",
                self._introduction_text(intro),
                intro.other_id,
                intro.other_name,
            )
            for index, intro in enumerate(ordered[:INTRODUCTIONS_SHOWN])
        ]
        more = len(ordered) - INTRODUCTIONS_SHOWN
        if more > 0:
            text = ngettext("and {n} more introduction", "and {n} more introductions", more)
            lines.append(BriefLine("introduction_more", "", text.format(n=more)))
        return lines

    def _introduction_text(self, intro: BriefIntroduction) -> str:
        parts = [_(_ROLE_WORDS[intro.role]).format(name=intro.other_name)]
        if intro.occurred_on is not None:
            when = day_text(intro.occurred_on)
            parts.append(f"{when}, {relative_day(intro.occurred_on, self.now.date())}")
        if intro.context.strip():
            parts.append(" ".join(intro.context.split()))
        return " · ".join(parts)

    def _recent_lines(self, rows: int = RECENT) -> list[BriefLine]:
        if not self.recent:
            return [BriefLine("recent", _("Last contact"), _("Never — this would be the first"))]
        lines = []
        for index, interaction in enumerate(self.recent[: min(rows, RECENT)]):
            caption = _("Last contact") if index == 0 else ""
            lines.append(BriefLine("recent", caption, self._interaction_text(interaction)))
        return lines

    def _interaction_text(self, i: Interaction) -> str:
        return contact_words(i, self.now)

    def _promise_line(self, key: str, caption: str, promises: Sequence[OpenPromise]) -> BriefLine:
        if not promises:
            return BriefLine(key, caption, _("nothing open"))
        ordered = sorted(promises, key=lambda p: p.due_at)
        shown = [self._promise_text(p) for p in ordered[:PROMISES_SHOWN]]
        more = len(ordered) - PROMISES_SHOWN
        if more > 0:
            shown.append(_("and {n} more").format(n=more))
        late = any(p.state(self.now).is_late for p in ordered)
        return BriefLine(key, caption, "; ".join(shown), warn=late)

    def _promise_text(self, p: OpenPromise) -> str:
        state = p.state(self.now)
        if state is PromiseState.SNOOZED:
            assert p.snoozed_until is not None
            due = _("snoozed, reminds you {when}").format(when=relative(p.snoozed_until, self.now))
        elif state.is_late:
            due = _("{state}, was due {when}").format(
                state=state.label, when=relative(p.due_at, self.now)
            )
        else:
            due = _("due {when}").format(when=relative(p.due_at, self.now))
        return f"{p.what} ({due})"

    def next_change(self) -> datetime | None:
        """The next moment a promise line reads differently ("due in …" turning overdue,
        a snooze ending, "due in 5 hours" turning "due in 4 hours"): when a view showing
        this brief should read it again."""
        moments = [next_state_change(self.now, p.due_at, p.snoozed_until) for p in self.promises]
        for p in self.promises:  # the words: each line says when of one moment
            said = p.snoozed_until if p.state(self.now) is PromiseState.SNOOZED else p.due_at
            moments.append(next_phrase_change(said or p.due_at, self.now))
        return min((m for m in moments if m is not None), default=None)

    def _favour_line(self) -> BriefLine:
        given, received = self.favours_given, self.favours_received
        if not given.count and not received.count:
            return BriefLine("favours", _("Favours"), _("none recorded either way"))
        return BriefLine(
            "favours",
            _("Favours"),
            _("you did them {given} · they did you {received}").format(
                given=self._tally(given), received=self._tally(received)
            ),
        )

    def _tally(self, tally: FavourTally) -> str:
        if not tally.count:
            return _("none")
        text = str(tally.count)
        if tally.last_at is not None:
            last = relative(tally.last_at, self.now)
            text += (
                _(" (last {when}: {what})").format(when=last, what=tally.last_summary)
                if tally.last_summary
                else _(" (last {when})").format(when=last)
            )
        return text


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
