"""Quick answers to "when is it due?": later today, tomorrow morning, Thursday at 3, in a
week. Local-time rules, re-exported by ``relapp.domain.promises``; they need an aware
``now_local`` whose tzinfo knows the zone's rules (a ``zoneinfo.ZoneInfo``), so that
"tomorrow at 9" stays 9:00 across a daylight-saving change.
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime, time, timedelta, tzinfo

MORNING = time(9, 0)
LATER_TODAY_DELAY = timedelta(hours=3)
LATER_TODAY_LATEST = time(21, 0)


def _require_aware(value: datetime, what: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} must be a timezone-aware datetime, got {value!r}")
    return value


class DueChoice(enum.StrEnum):
    """The quick answers to "when?" offered when recording a promise."""

    LATER_TODAY = "later_today"
    TOMORROW_MORNING = "tomorrow_morning"
    WEEKDAY_AT_HOUR = "weekday_at_hour"  # "Thursday at 3"
    IN_A_WEEK = "in_a_week"
    CUSTOM = "custom"  # the user picks a date and time; there is nothing to compute


def _at_local(day: date, at: time, zone: tzinfo, fold: int = 0) -> datetime:
    """``day`` at wall time ``at`` in ``zone``. A wall time skipped by a DST change moves
    forward by the gap (02:30 on a spring-forward night becomes 03:30); a repeated one is
    the first occurrence unless ``fold`` is 1."""
    naive = datetime.combine(day, at).replace(fold=fold)
    return naive.replace(tzinfo=zone).astimezone(UTC).astimezone(zone)


def _instant(moment: datetime) -> datetime:
    # Aware datetimes sharing a tzinfo compare and subtract by wall time; UTC does not.
    return moment.astimezone(UTC)


def tomorrow_morning(now_local: datetime) -> datetime:
    """9:00 on the day after ``now_local``'s date, in its zone."""
    zone = _require_aware(now_local, "now_local").tzinfo
    assert zone is not None
    return _at_local(now_local.date() + timedelta(days=1), MORNING, zone)


def quick_due(
    choice: DueChoice, now_local: datetime, *, weekday: int = 3, hour: int = 15
) -> datetime:
    """The due time a quick choice means at ``now_local``, aware, in the same zone.

    - later today: three real hours from now, rounded up to the next half hour; if that
      is past 21:00 today, tomorrow morning instead;
    - tomorrow morning: 9:00 tomorrow;
    - weekday at hour (Monday is 0; default Thursday at 15:00): the next such time, today
      if it is that weekday and the hour is still ahead;
    - in a week: the same wall time seven days on.

    ``CUSTOM`` has no quick time and raises ValueError: ask the user.
    """
    zone = _require_aware(now_local, "now_local").tzinfo
    assert zone is not None
    today = now_local.date()
    if choice is DueChoice.LATER_TODAY:
        return _later_today(now_local, zone)
    if choice is DueChoice.TOMORROW_MORNING:
        return tomorrow_morning(now_local)
    if choice is DueChoice.WEEKDAY_AT_HOUR:
        if not 0 <= weekday <= 6 or not 0 <= hour <= 23:
            raise ValueError(f"weekday must be 0..6 and hour 0..23, got {weekday}, {hour}")
        ahead = (weekday - today.weekday()) % 7
        due = _at_local(today + timedelta(days=ahead), time(hour), zone)
        if _instant(due) <= _instant(now_local):
            due = _at_local(today + timedelta(days=ahead + 7), time(hour), zone)
        return due
    if choice is DueChoice.IN_A_WEEK:
        return _at_local(today + timedelta(days=7), now_local.time(), zone)
    raise ValueError(f"{choice!r} has no quick due time; ask the user for one")


def _later_today(now_local: datetime, zone: tzinfo) -> datetime:
    later = (now_local.astimezone(UTC) + LATER_TODAY_DELAY).astimezone(zone)
    minutes = later.hour * 60 + later.minute + (1 if later.second or later.microsecond else 0)
    minutes = -(-minutes // 30) * 30  # round up to a half hour
    day = later.date() + timedelta(days=minutes // (24 * 60))
    minutes %= 24 * 60
    due = _at_local(day, time(minutes // 60, minutes % 60), zone, fold=later.fold)
    if _instant(due) > _instant(_at_local(now_local.date(), LATER_TODAY_LATEST, zone)):
        return tomorrow_morning(now_local)
    return due
