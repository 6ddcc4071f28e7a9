"""Which backups to keep: the newest of each of the last few days, weeks and months.

A pure rule over time stamps (grandfather-father-son): with the default policy at most
7 daily, 4 weekly and 12 monthly backups survive, and the newest backup always does.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class RetentionPolicy:
    daily: int = 7
    weekly: int = 4
    monthly: int = 12


DEFAULT_POLICY = RetentionPolicy()


def _day(when: datetime) -> Hashable:
    return when.date()


def _week(when: datetime) -> Hashable:
    iso = when.isocalendar()
    return (iso.year, iso.week)


def _month(when: datetime) -> Hashable:
    return (when.year, when.month)


def _newest_per_period(
    stamps: list[datetime], period: Callable[[datetime], Hashable], count: int
) -> set[datetime]:
    """The newest stamp of each of the ``count`` most recent periods that have one."""
    kept: set[datetime] = set()
    seen: set[Hashable] = set()
    for when in sorted(stamps, reverse=True):
        key = period(when)
        if key in seen:
            continue
        if len(seen) >= count:
            break
        seen.add(key)
        kept.add(when)
    return kept


def backups_to_keep(
    stamps: Iterable[datetime], policy: RetentionPolicy = DEFAULT_POLICY
) -> set[datetime]:
    """The stamps that the policy keeps; every other backup may be deleted."""
    all_stamps = list(stamps)
    if not all_stamps:
        return set()
    keep = {max(all_stamps)}
    keep |= _newest_per_period(all_stamps, _day, policy.daily)
    keep |= _newest_per_period(all_stamps, _week, policy.weekly)
    keep |= _newest_per_period(all_stamps, _month, policy.monthly)
    return keep


def backups_to_delete(
    stamps: Iterable[datetime], policy: RetentionPolicy = DEFAULT_POLICY
) -> set[datetime]:
    all_stamps = set(stamps)
    return all_stamps - backups_to_keep(all_stamps, policy)
