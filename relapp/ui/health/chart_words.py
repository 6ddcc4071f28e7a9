"""What the person chart's hover says, in plain text: a day (zoomed in) or, when the
markers are thinned to one per week per channel, the week and how many contacts each of
its markers stands for ("12 calls, week of 3 March 2025")."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from relapp.domain.dates import weekday_day_year_text
from relapp.domain.health import PROMISE_KEPT
from relapp.domain.health import codes as health_codes
from relapp.domain.health.chart import PersonChart, on_day
from relapp.domain.health.thinning import (
    WEEK_DAYS,
    count_words,
    week_counts,
    week_start,
    week_words,
)
from relapp.domain.health.values import SECONDS_PER_DAY
from relapp.domain.i18n import _
from relapp.domain.promises import PromiseState
from relapp.ui.health import style

MAX_HOVER_LINES = 6
_EPOCH = date(1970, 1, 1)


def describe_day(chart: PersonChart, day_number: int) -> str:
    """What happened on a day (days since 1970, UTC)."""
    day = _EPOCH + timedelta(days=day_number)
    health = _("health {score}").format(score=_health(chart, day_number))
    lines = [f"{weekday_day_year_text(day)} — {health}"]
    marks = chart.interactions
    for i in on_day(marks.t, day_number).tolist():
        channel = health_codes.CHANNELS[marks.channel[i]]
        direction = style.DIRECTION_NAMES[health_codes.DIRECTIONS[marks.direction[i]]]
        summary = " ".join(marks.summaries[i].split())
        lines.append(f"{channel.label}, {direction.lower()}" + (f": {summary}" if summary else ""))
    lines += _promise_lines(chart, day_number, 1)
    return _fit(lines)


def describe_week(chart: PersonChart, day_number: int) -> str:
    """The week (Monday to Sunday) that holds a day: a line per channel, as its thinned
    marker stands for it, with the ways the contacts went."""
    monday = week_start(day_number)
    lines = [f"{week_words(monday)} — health {_health(chart, day_number)}"]
    marks = chart.interactions
    for week in week_counts(marks.t, marks.channel, marks.direction, monday):
        ways = [
            f"{n} {style.DIRECTION_NAMES[health_codes.DIRECTIONS[code]].lower()}"
            for code, n in enumerate(week.by_direction)
            if n
        ]
        lines.append(f"{count_words(week.count, week.channel)}: {', '.join(ways)}")
    lines += _promise_lines(chart, monday, WEEK_DAYS)
    return _fit(lines, MAX_HOVER_LINES + len(health_codes.CHANNELS))


def _health(chart: PersonChart, day_number: int) -> str:
    if chart.score is not None and not chart.score.state.judged:
        return "new"
    if not len(chart.line_x):
        return "0"
    at = np.searchsorted(chart.line_x, day_number * SECONDS_PER_DAY, side="right") - 1
    return f"{float(chart.line_y[max(0, min(at, len(chart.line_y) - 1))]):.0f}"


def _promise_lines(chart: PersonChart, first_day: int, days: int) -> list[str]:
    promises = chart.promises
    late = promises.kept_late()
    due_days = np.asarray(promises.t, dtype=np.int64) // SECONDS_PER_DAY
    start, stop = np.searchsorted(due_days, [first_day, first_day + days])
    lines = []
    for i in range(int(start), int(stop)):
        mine, what = bool(promises.mine[i]), promises.whats[i]
        if late[i]:
            line = _("Your promise {state}: {what}") if mine else _("Their promise {state}: {what}")
            line = line.format(state=PromiseState.KEPT_LATE.label, what=what)
        elif promises.kept[i] == PROMISE_KEPT:
            line = _("Your promise kept: {what}") if mine else _("Their promise kept: {what}")
            line = line.format(what=what)
        else:
            line = _("Your promise missed: {what}") if mine else _("Their promise missed: {what}")
            line = line.format(what=what)
        lines.append(line)
    return lines


def _fit(lines: list[str], most: int = MAX_HOVER_LINES) -> str:
    """At most ``most`` lines and one that says how many more there were."""
    if len(lines) > most + 1:
        lines = [*lines[:most], _("and {n} more").format(n=len(lines) - most)]
    return "\n".join(_shorten(line) for line in lines)


def _shorten(line: str, limit: int = 90) -> str:
    return line if len(line) <= limit else line[: limit - 1] + "…"
