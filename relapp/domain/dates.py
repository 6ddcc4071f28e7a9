"""Calendar days, weekdays, months and clock times in the user's language: the one place
that formats a date (CLDR data through Babel, the locale from ``relapp.domain.i18n``).

Each shape is a CLDR pattern that is itself a message of the catalogue (context "date
format"), so a translation chooses its own order and punctuation: "12 Mar 2025" is
"12. März 2025" in German. English output is what ``strftime`` gave before.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING

from relapp.domain.i18n import ENGLISH, locale_name, pgettext

if TYPE_CHECKING:
    from babel import Locale

# Babel is imported on first use, not with this module: babel.dates costs tens of
# milliseconds at import (it reads the local time zone), which the first paint need not pay.


@lru_cache(maxsize=8)
def _locale(name: str) -> Locale:
    from babel import Locale

    return Locale.parse(name)


def _day(day: date, pattern: str) -> str:
    return _day_in(day, pattern, locale_name())


@lru_cache(maxsize=4096)
def _day_in(day: date, pattern: str, locale: str) -> str:
    """Cached: a list of hundreds of rows shares a few days (Babel takes ~8 µs a day)."""
    from babel.dates import format_date

    return format_date(day, pattern, locale=_locale(locale))


def _moment(moment: datetime, pattern: str) -> str:
    """``moment`` in its own time zone (no conversion here: callers pass local time)."""
    from babel.dates import format_datetime

    return format_datetime(moment, pattern, tzinfo=None, locale=_locale(locale_name()))


def load_locale_data() -> None:
    """Load Babel's date code and this locale's data now (50-100 ms the first time:
    Babel's import looks up the local time zone among pytz's 600). The window calls it
    on its worker after the first paint, so the first dates a view writes on the GUI
    thread do not pay it (a capture preview did: 95 ms of its 50 ms budget)."""
    _moment(datetime(2000, 1, 1, 12, 0), "d MMM y, HH:mm")
    _day_in(date(2000, 1, 1), "d MMM y", locale_name())
    number_text(1.5)


def day_text(day: date) -> str:
    """A calendar day as the views write it: "12 Mar 2025" ("12. März 2025")."""
    return _day(day, pgettext("date format", "d MMM y"))


def long_day_text(day: date) -> str:
    """ "5 March 2026" ("5. März 2026")."""
    return _day(day, pgettext("date format", "d MMMM y"))


def day_month_text(day: date) -> str:
    """A day in the year without the year: "5 March" ("5. März")."""
    return _day(day, pgettext("date format", "d MMMM"))


def short_day_month_text(day: date) -> str:
    """ "5 Mar" ("5. März")."""
    return _day(day, pgettext("date format", "d MMM"))


def weekday_day_text(day: date) -> str:
    """ "Thu 5 Mar" ("Do., 5. März")."""
    return _day(day, pgettext("date format", "EEE d MMM"))


def weekday_day_year_text(day: date) -> str:
    """ "Thu 5 Mar 2026" ("Do., 5. März 2026")."""
    return _day(day, pgettext("date format", "EEE d MMM y"))


def today_heading(day: date) -> str:
    """Today's heading: "Thursday 5 March" ("Donnerstag, 5. März")."""
    return _day(day, pgettext("date format", "EEEE d MMMM"))


def weekday_name(day: date) -> str:
    """ "Thursday" ("Donnerstag")."""
    return _day(day, "EEEE")


def short_weekday_name(day: date) -> str:
    """ "Thu" ("Do.")."""
    return _day(day, "EEE")


def month_name(month: int) -> str:
    """ "March" ("März") for 3."""
    return _day(date(2000, month, 1), "MMMM")


def short_month_name(month: int) -> str:
    """ "Mar" ("März") for 3."""
    return _day(date(2000, month, 1), "MMM")


def month_year_text(day: date) -> str:
    """ "March 2026" ("März 2026")."""
    return _day(day, pgettext("date format", "MMMM y"))


def clock_text(moment: datetime) -> str:
    """ "15:00" (24 hours in both languages so far)."""
    return _moment(moment, pgettext("time format", "HH:mm"))


def day_clock_text(moment: datetime) -> str:
    """ "5 Mar 2026 15:00" ("5. März 2026, 15:00")."""
    return _moment(moment, pgettext("date format", "d MMM y HH:mm"))


def weekday_day_clock_text(moment: datetime) -> str:
    """ "Thu 5 Mar 2026, 15:00" ("Do., 5. März 2026, 15:00")."""
    return _moment(moment, weekday_day_clock_pattern())


def weekday_day_clock_pattern() -> str:
    """The CLDR pattern of :func:`weekday_day_clock_text` in the active language (the
    date-time editors show their dates with it too)."""
    return pgettext("date format", "EEE d MMM y, HH:mm")


def number_text(n: int | float) -> str:
    """A number with the locale's grouping: "2,400" ("2.400"). A whole number in English
    is written without Babel (CLDR's English pattern is Python's own "," grouping): the
    people count in the first window needs no locale data (50-100 ms to load). Another
    locale that groups by threes as Python does (German) takes the same fast way once its
    symbol is known: a view writes one per row, and Babel's formatting costs ~13 µs each."""
    name = locale_name()
    if type(n) is int:
        if name == ENGLISH:
            return f"{n:,}"
        symbol = _group_symbol(name)
        if symbol is not None:
            return f"{n:,}".replace(",", symbol)
    from babel.numbers import format_decimal

    return format_decimal(n, locale=_locale(name))


@lru_cache(maxsize=16)
def _group_symbol(name: str) -> str | None:
    """The locale's grouping symbol when its whole numbers read as Python's "{:,}" with
    that symbol (checked on sample numbers), else None: use Babel."""
    from babel.numbers import format_decimal, get_group_symbol

    symbol = get_group_symbol(_locale(name))
    samples = (0, 7, 999, 1000, 12345, 1234567, -4321)
    same = all(
        format_decimal(n, locale=_locale(name)) == f"{n:,}".replace(",", symbol) for n in samples
    )
    return symbol if same else None


def long_weekday_day_clock_text(moment: datetime) -> str:
    """ "Thursday 5 March 2026, 15:00" ("Donnerstag, 5. März 2026, 15:00")."""
    return _moment(moment, pgettext("date format", "EEEE d MMMM y, HH:mm"))


def day_ordinal(n: int) -> str:
    """The day of a month as an ordinal: "5th", "22nd" in English; a translation writes
    its own form and may leave the English suffix out ("5." in German)."""
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return pgettext("day of a month as an ordinal", "{n}{suffix}").format(n=n, suffix=suffix)


def ordinal_text(n: int) -> str:
    """A count as an ordinal: "1st", "10th", "23rd" in English ("10." in German): how
    many times a yearly day has come ("10th anniversary")."""
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return pgettext("ordinal number", "{n}{suffix}").format(n=number_text(n), suffix=suffix)


def numeric_day_clock_text(moment: datetime) -> str:
    """ "2026-03-05 15:00" ("05.03.2026 15:00"): a day in a column of days."""
    return _moment(moment, pgettext("date format", "y-MM-dd HH:mm"))
