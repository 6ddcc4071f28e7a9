"""How ``relapp show``, ``today`` and ``due`` put what the services found into words and
JSON. Every phrase comes from the rule the window uses, each through one function here:

- when, relatively ("3 weeks ago"): :func:`when` (the brief's formatter, ``domain.timefmt``);
- a promise's due time and state ("snoozed until tomorrow at 09:00"): :func:`due_words`
  and :func:`promise_state` (the Due view's wording, ``domain.promise_wording``);
- health ("Health 72 · cooling — …"): :func:`health_words` (the score's band and factors).

So when those rules change, the terminal follows by changing one line here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from relapp.domain.attention import AttentionList
from relapp.domain.brief import Brief, contact_words
from relapp.domain.dates import day_text, today_heading
from relapp.domain.health import HealthScore
from relapp.domain.i18n import N_, _, ngettext
from relapp.domain.introductions import Related, with_context
from relapp.domain.model import HistoryEntry, Person, PersonRow
from relapp.domain.outreach import preference_text
from relapp.domain.promise_wording import due_phrase
from relapp.domain.promises import Promise, is_overdue, is_snoozed
from relapp.domain.search import name_has, name_is  # noqa: F401 (the CLI's names)
from relapp.domain.timefmt import relative
from relapp.services.introductions import IntroductionsView
from relapp.services.promises import DueBoard, PromiseEntry, local_zone

# (group, heading), as the person page's Introductions section names them.
INTRODUCTION_GROUPS = (
    ("introduced_to_you_by", N_("Introduced to you by")),
    ("introduced_you_to", N_("Introduced you to")),
    ("you_introduced_them_to", N_("You introduced them to")),
    ("they_introduced", N_("Introductions they made")),
    ("introduced_to_others", N_("Others introduced them to")),
)
# (DueBoard attribute, heading), as the Due view names its groups.
DUE_GROUPS = (
    ("overdue", N_("Overdue")),
    ("today", N_("Today")),
    ("upcoming", N_("Upcoming")),
    ("owed_to_me", N_("Owed to you")),
)


# --- the one place each phrase comes from ----------------------------------------------


def when(moment: datetime | None, now: datetime) -> str:
    """ "3 weeks ago", "in 2 days", "never": the brief's relative time."""
    return relative(moment, now)


def due_words(p: Promise, now_local: datetime) -> str:
    """ "due tomorrow at 09:00", "was due yesterday at 15:00", "snoozed until …"."""
    zone = now_local.tzinfo
    assert zone is not None
    return due_phrase(p, now_local, zone)


def promise_state(p: Promise, now: datetime) -> str:
    """ "snoozed", "overdue" or "open": the state the Due view and Today read."""
    if is_snoozed(p, now):
        return "snoozed"
    return "overdue" if is_overdue(p, now) else "open"


def health_words(score: HealthScore) -> str:
    """The line under a person's name in the window: score, band, first two reasons."""
    # the band's words are the health states' (domain/health/state.py)
    head = _("Health {score} · {state}").format(score=f"{score.value:.0f}", state=_(score.band))
    return f"{head} — {'; '.join(score.factors[:2])}" if score.factors else head


def person_label(row: PersonRow) -> str:
    """ "Priya Nair (Acme) #12", for lists of matches."""
    org = f" ({row.organisation})" if row.organisation else ""
    archived = _(" [archived]") if row.archived else ""
    return f"{row.display_name}{org} #{row.id}{archived}"


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _day(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _date_text(iso_day: str) -> str:
    """ "6 Dec 2024", as the brief writes a date."""
    return day_text(date.fromisoformat(iso_day))


# --- relapp show ------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonView:
    """Everything ``relapp show`` prints about one person, as the services gave it."""

    person: Person
    now: datetime
    brief: Brief
    score: HealthScore
    introductions: IntroductionsView
    promises: tuple[PromiseEntry, ...]
    contacts: tuple[HistoryEntry, ...]


def _introductions(view: IntroductionsView) -> list[dict[str, Any]]:
    out = []
    for group, heading in INTRODUCTION_GROUPS:
        related: tuple[Related, ...] = getattr(view.relations, group)
        for item in related:
            intro = item.introduction
            out.append(
                {
                    "group": group,
                    "heading": heading,
                    "text": with_context(view.describe(intro), intro.context),
                    "date": _day(intro.occurred_on),
                    "context": intro.context,
                    "people": [{"id": pid, "name": view.names.get(pid, "")} for pid in item.people],
                }
            )
    return out


def _promise(entry: PromiseEntry, now_local: datetime) -> dict[str, Any]:
    p = entry.promise
    title, _body = entry.reminder()
    return {
        "id": p.id,
        "person_id": p.person_id,
        "name": entry.person.name,
        "promiser": p.promiser.value,
        "what": p.what,
        "channel": p.channel.value if p.channel is not None else None,
        "due_at": _iso(p.due_at),
        "snoozed_until": _iso(p.snoozed_until),
        "state": promise_state(p, now_local),
        "title": title,
        "due": due_words(p, now_local),
    }


def _contact(entry: HistoryEntry, now: datetime) -> dict[str, Any]:
    i = entry.interaction
    return {
        "id": i.id,
        "occurred_at": _iso(i.occurred_at),
        "when": when(i.occurred_at, now),
        "channel": i.channel.value,
        "direction": i.direction.value,
        "kind": i.kind.value,
        "summary": i.summary,
        "others": [{"id": o.id, "name": o.display_name} for o in entry.others],
    }


def person_json(view: PersonView) -> dict[str, Any]:
    person, now = view.person, view.now
    now_local = now.astimezone(local_zone())  # the zone the Due view uses
    return {
        "person": {
            "id": person.id,
            "name": person.display_name,
            "organisation": person.organisation,
            "archived": person.archived,
            "preferred_channel": (
                person.preferred_channel.value if person.preferred_channel else None
            ),
            "avoid_channels": sorted(c.value for c in person.avoid_channels),
            "reach": preference_text(person.preferred_channel, person.avoid_channels),
            "last_contact_at": _iso(person.last_contact_at),
        },
        "health": {
            "score": round(view.score.value),
            "band": view.score.band,
            "factors": list(view.score.factors),
            "summary": health_words(view.score),
        },
        "brief": [
            {"key": line.key, "caption": line.caption, "text": line.text, "warn": line.warn}
            for line in view.brief.lines()
        ],
        "introductions": _introductions(view.introductions),
        "promises": [_promise(e, now_local) for e in view.promises],
        "last_contacts": [_contact(e, now) for e in view.contacts],
    }


def _section(title: str, lines: Sequence[str], empty: str) -> list[str]:
    return ["", title, *([f"  {line}" for line in lines] or [f"  {empty}"])]


def person_text(view: PersonView) -> str:
    data = person_json(view)
    person = data["person"]
    head = person["name"] + (f" ({person['organisation']})" if person["organisation"] else "")
    out = [f"{head} #{person['id']}" + (_(" [archived]") if person["archived"] else "")]
    out.append(data["health"]["summary"])
    out += [f"  · {factor}" for factor in data["health"]["factors"][2:]]
    width = max((len(line["caption"]) for line in data["brief"]), default=0)
    brief = [
        f"{line['caption']:<{width}}  {line['text']}" + ("  (!)" if line["warn"] else "")
        for line in data["brief"]
    ]
    out += _section(_("Brief"), brief, _("nothing yet"))
    intros = [
        f"{_(i['heading'])}: {i['text']}" + (f" ({_date_text(i['date'])})" if i["date"] else "")
        for i in data["introductions"]
    ]
    out += _section(_("Introductions"), intros, _("none recorded"))
    promises = [f"{p['title']} — {p['due']}" for p in data["promises"]]
    out += _section(_("Open promises"), promises, _("nothing open"))
    contacts = [_contact_line(e, view.now) for e in view.contacts]
    out += _section(_("Last contacts"), contacts, _("none yet"))
    return "\n".join(out)


def _contact_line(entry: HistoryEntry, now: datetime) -> str:
    return contact_words(entry.interaction, now)  # the brief's words


# --- relapp today -----------------------------------------------------------------------


def today_json(found: AttentionList, now: datetime) -> dict[str, Any]:
    return {
        "date": now.astimezone().date().isoformat(),
        "rows": [
            {
                "person_id": row.person_id,
                "name": row.name,
                "reason": row.reason.value,
                "label": row.reason.label,
                "why": row.why,
                "weight": row.weight,
                "reasons": [
                    {"reason": c.reason.value, "label": c.reason.label, "text": c.text}
                    for c in row.concerns
                ],
            }
            for row in found.rows
        ],
        "left_off": found.left_off,
    }


def today_text(found: AttentionList, now: datetime) -> str:
    out = [_("Today — {day}").format(day=today_heading(now.astimezone().date()))]
    if not found.rows:
        out.append("  " + _("Nobody needs you today."))
    width = max((len(row.name) for row in found.rows), default=0)
    for row in found.rows:
        out.append(f"  {row.name:<{width}}  [{row.reason.label}] {row.why}")
    if found.left_off:
        more = ngettext(
            "…and {n} more person with a reason",
            "…and {n} more people with a reason",
            found.left_off,
        )
        out.append("  " + more.format(n=found.left_off))
    return "\n".join(out)


# --- relapp due -------------------------------------------------------------------------


def due_json(board: DueBoard, now_local: datetime) -> dict[str, Any]:
    return {
        group: [_promise(e, now_local) for e in getattr(board, group)]
        for group, _heading in DUE_GROUPS
    }


def due_text(board: DueBoard, now_local: datetime) -> str:
    if len(board) == 0:
        return _("Nothing due: no open promises.")
    blocks: list[str] = []
    for group, heading in DUE_GROUPS:
        entries: tuple[PromiseEntry, ...] = getattr(board, group)
        if entries:
            lines = [f"  {e.reminder()[0]} — {due_words(e.promise, now_local)}" for e in entries]
            blocks.append("\n".join([f"{_(heading)} · {len(entries)}", *lines]))
    return "\n\n".join(blocks)
