"""The Due view's rows in words, prepared on the worker.

Wording 800 promises (four groups of up to ``GROUP_LIMIT``: the reminder line, when it
is due, the repeat rule, late or not) took 47-67 ms on the GUI thread of a full-size
database each time the view was refreshed — after every import, on its own longer than
the 50 ms a frame may take. The task that reads the board words it as well, and the
view only makes the items. No Qt here: this runs on the task runner's thread.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime, tzinfo

from relapp.domain.i18n import N_, _
from relapp.domain.model import Channel
from relapp.domain.promise_wording import due_phrase, next_change, repeat_text
from relapp.domain.promises import promise_state
from relapp.services.promises import DueBoard, PromiseEntry

GROUP_LIMIT = 200
GROUPS = (
    ("overdue", N_("Overdue")),
    ("today", N_("Today")),
    ("upcoming", N_("Upcoming")),
    ("owed_to_me", N_("Others owe you")),
)


@dataclass(frozen=True)
class DueLine:
    title: str  # "Call Dan: send the quotes"
    due: str  # "was due yesterday at 15:00 · every Sunday"
    tooltip: str  # rich text, the user's words escaped
    late: bool
    channel: Channel | None
    promise_id: int
    person_id: int


@dataclass(frozen=True)
class DueGroup:
    key: str  # "overdue", ...
    heading: str  # "Overdue · 3"
    lines: tuple[DueLine, ...]
    more: int  # how many past GROUP_LIMIT are not shown


@dataclass(frozen=True)
class DueWords:
    board: DueBoard
    now: datetime
    groups: tuple[DueGroup, ...]
    changes: tuple[datetime, ...]  # when rows change state (late, due today)


def due_words(board: DueBoard, now: datetime, zone: tzinfo) -> DueWords:
    groups = []
    for key, title in GROUPS:
        entries: tuple[PromiseEntry, ...] = tuple(getattr(board, key))
        if entries:
            lines = tuple(_line(entry, now, zone) for entry in entries[:GROUP_LIMIT])
            heading = f"{_(title)} · {len(entries)}"
            groups.append(DueGroup(key, heading, lines, max(0, len(entries) - GROUP_LIMIT)))
    every = (*board.overdue, *board.today, *board.upcoming, *board.owed_to_me)
    changes = tuple(m for e in every if (m := next_change(e.promise, now)) is not None)
    return DueWords(board, now, tuple(groups), changes)


def _line(entry: PromiseEntry, now: datetime, zone: tzinfo) -> DueLine:
    title, _body = entry.reminder()
    due = due_phrase(entry.promise, now, zone)
    if repeats := repeat_text(entry.promise, zone):
        due += f" · {repeats}"
    return DueLine(
        title=title,
        due=due,
        tooltip=f"<qt>{html.escape(title)}<br>{html.escape(due)}</qt>",
        late=promise_state(entry.promise, now).is_late,
        channel=entry.promise.channel or entry.person.preferred,
        promise_id=entry.id,
        person_id=entry.person_id,
    )
