"""What the capture preview's table shows of the people a capture names, worked out on
the worker with the plan (no Qt here): the first ``SHOW_PEOPLE``, most entries first,
as text, and the counts. On the GUI thread, opening the preview of 20,000 mails sorted
some 1,700 people, summed their entries and formatted a hundred days and more with
babel: 33-80 ms of its CPU (issues 15 and 18, ``bench.capture_stall``)."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from relapp.domain.capture.plan import PersonSummary
from relapp.domain.dates import day_text, number_text
from relapp.domain.i18n import _

SHOW_PEOPLE = 100  # rows of the table (300 took 40-70 ms to show); the rest are counted


@dataclass(frozen=True)
class PreviewPeople:
    rows: tuple[tuple[str, str, str, str], ...]  # person, entries, dates, how matched
    people: int  # everyone known the capture names
    entries: int  # their history entries


@functools.lru_cache(maxsize=4096)
def _day(day: date) -> str:
    """A day as the preview shows it; cached: many people share their first and last
    days, and formatting one costs more than a frame's share (measured, 300 rows)."""
    return day_text(day)


def preview_people(
    summary: Mapping[int, PersonSummary], names: Mapping[int, str], shown: int = SHOW_PEOPLE
) -> PreviewPeople:
    """``summary`` is ``plan.per_person()``; ``names`` the known people's shown names."""
    everyone = sorted(
        ((pid, s) for pid, s in summary.items() if pid > 0), key=lambda item: -item[1].count
    )
    rows = []
    for pid, s in everyone[:shown]:
        first, last = _day(s.first.date()), _day(s.last.date())
        rows.append(
            (
                names.get(pid, _("person {id}").format(id=pid)),
                number_text(s.count),
                first if first == last else f"{first} – {last}",
                _("by name") if s.by_name else _("by address"),
            )
        )
    return PreviewPeople(tuple(rows), len(everyone), sum(s.count for _pid, s in everyone))
