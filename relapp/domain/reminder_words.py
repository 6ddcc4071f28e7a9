"""A reminder's words in the user's language: the notification's title and body, and the
catch-up after Relapp was closed (services/promises.py shows them).

``promises.reminder_text`` stays English on purpose: sync writes it as a task's SUMMARY
and reads it back (domain/sync/todo_codec.py), a data format and not a sentence for the
screen. In English both read the same (tests/unit/test_translations_words.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from relapp.domain.i18n import _, ngettext, pgettext
from relapp.domain.model import Channel
from relapp.domain.outreach import preference_text
from relapp.domain.promise_model import Promise, Promiser


def _yours(channel: Channel | None, name: str, what: str) -> str:
    """ "Email Jeff: send the pricing", the verb from the channel; the whole phrase is one
    message so a language can put the name where it belongs ("Jeff anrufen: …")."""
    if channel is Channel.EMAIL:
        text = pgettext("reminder", "Email {name}: {what}")
    elif channel is Channel.CALL:
        text = pgettext("reminder", "Call {name}: {what}")
    elif channel is Channel.MEETING:
        text = pgettext("reminder", "Meet {name}: {what}")
    elif channel is Channel.MESSAGE:
        text = pgettext("reminder", "Message {name}: {what}")
    elif channel is Channel.VIDEO:
        text = pgettext("reminder", "Video-call {name}: {what}")
    elif channel is Channel.LETTER:
        text = pgettext("reminder", "Write to {name}: {what}")
    else:
        text = pgettext("reminder", "Contact {name}: {what}")
    return text.format(name=name, what=what)


def _title(name: str, p: Promise, channel: Channel | None) -> str:
    what = p.what.strip()
    if p.promiser is Promiser.THEM:
        return _("{name} owes you: {what}").format(name=name or _("Someone"), what=what)
    return _yours(channel, name or _("them"), what)


def _short(name: str, p: Promise) -> str:
    """ "call Carol", "nudge Dan": a promise within a sentence."""
    name = name or _("someone")
    channel = p.channel
    if p.promiser is Promiser.THEM:
        text = pgettext("reminder, short", "nudge {name}")
    elif channel is Channel.EMAIL:
        text = pgettext("reminder, short", "email {name}")
    elif channel is Channel.CALL:
        text = pgettext("reminder, short", "call {name}")
    elif channel is Channel.MEETING:
        text = pgettext("reminder, short", "meet {name}")
    elif channel is Channel.MESSAGE:
        text = pgettext("reminder, short", "message {name}")
    elif channel is Channel.VIDEO:
        text = pgettext("reminder, short", "video-call {name}")
    elif channel is Channel.LETTER:
        text = pgettext("reminder, short", "write to {name}")
    else:
        text = pgettext("reminder, short", "contact {name}")
    return text.format(name=name)


def reminder_words(
    person_name: str, p: Promise, preferred: Channel | None, avoid: frozenset[Channel]
) -> tuple[str, str]:
    """(title, body) of a reminder: ("Email Jeff: send the pricing", "prefers email, not
    phone"); theirs: ("Dan owes you: send the quotes", "Nudge Dan? (prefers email)")."""
    name = person_name.strip()
    wishes = preference_text(preferred, avoid)
    if p.promiser is Promiser.THEM:
        nudge = _("Nudge {name}?").format(name=name) if name else _("A gentle nudge?")
        body = _("{nudge} ({wishes})").format(nudge=nudge, wishes=wishes) if wishes else nudge
        return _title(name, p, p.channel), body
    channel = p.channel
    if channel is None and preferred is not None and preferred not in avoid:
        channel = preferred
    return _title(name, p, channel), wishes or _("You said you would.")


def caught_up_words(items: Sequence[Promise], names: Mapping[int, str]) -> str:
    """What fell due while Relapp was closed: a line each for up to three, else one line:
    "5 promises fell due while Relapp was closed: call Carol, nudge Dan, and 3 more"."""
    count = len(items)
    if count == 0:
        return ""
    heading = ngettext(
        "A promise fell due while Relapp was closed:",
        "{n} promises fell due while Relapp was closed:",
        count,
    ).format(n=count)
    if count <= 3:
        lines = [_title(names.get(p.person_id, ""), p, p.channel) for p in items]
        return "\n".join([heading, *lines])
    named = ", ".join(_short(names.get(p.person_id, ""), p) for p in items[:2])
    return _("{heading} {named}, and {n} more").format(heading=heading, named=named, n=count - 2)
