"""Qt's date-time editors show their dates in the app's words: the CLDR pattern of
``relapp.domain.dates`` (a message of the catalogue, so "Do., 5. März 2026, 09:05" in
German) written in Qt's pattern letters."""

from __future__ import annotations

import re

from relapp.domain.dates import weekday_day_clock_pattern

# CLDR letters that Qt spells differently; the others (d, MMM, MMMM, HH, mm) are the same.
_QT_LETTERS = {"EEE": "ddd", "EEEE": "dddd", "y": "yyyy", "yyyy": "yyyy", "yy": "yy"}
_TOKEN = re.compile(r"'[^']*'|([A-Za-z])\1*|[^'A-Za-z]+")


def qt_format(cldr: str) -> str:
    """A CLDR date pattern as a ``QDateTimeEdit.setDisplayFormat`` pattern (quoted text
    stays quoted in both)."""
    return "".join(_QT_LETTERS.get(t.group(), t.group()) for t in _TOKEN.finditer(cldr))


def weekday_day_clock_format() -> str:
    """ "ddd d MMM yyyy, HH:mm" ("ddd, d. MMM yyyy, HH:mm" in German)."""
    return qt_format(weekday_day_clock_pattern())
