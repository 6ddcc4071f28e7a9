"""Health over time for everyone: how many relationships were new, healthy, cooling or
fading at the end of each month (the states of ``state.py``), and each person's usual
score (their median at the last twelve month ends) for "health falling below their
usual". The samples are month ends, the same days for everyone whatever the day, so a
person's usual can be kept between two of their contacts (``summary.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from numpy.typing import NDArray

from relapp.domain.health.batch import HealthArrays
from relapp.domain.health.streaks import earliest_contact
from relapp.domain.health.timeline import health_timeline, iter_health_and_contacts
from relapp.domain.health.values import SECONDS_PER_DAY, day_number
from relapp.domain.health.weights import (
    COOLING_FROM,
    HEALTHY_FROM,
    NEW_MAX_CONTACTS,
    NEW_WITHIN_DAYS,
)

USUAL_SAMPLES = 12  # the end of each of the twelve months before this one


@dataclass(frozen=True)
class BandCounts:
    """How many people were in each state at the end of each day of ``days``: new (too
    little history to judge), else the band of their score."""

    days: tuple[date, ...]
    healthy: NDArray[np.int64]
    cooling: NDArray[np.int64]
    fading: NDArray[np.int64]
    new: NDArray[np.int64] | None = None  # None: nobody was new

    @property
    def new_counts(self) -> NDArray[np.int64]:
        return self.new if self.new is not None else np.zeros(len(self.days), dtype=np.int64)

    @property
    def total(self) -> NDArray[np.int64]:
        return self.healthy + self.cooling + self.fading + self.new_counts

    def __add__(self, other: BandCounts) -> BandCounts:
        """The counts of two groups of people (slices of everyone) on the same days."""
        if self.days != other.days:
            raise ValueError("band counts of different days do not add up")
        new = None if self.new is None and other.new is None else self.new_counts + other.new_counts
        return BandCounts(
            self.days,
            self.healthy + other.healthy,
            self.cooling + other.cooling,
            self.fading + other.fading,
            new,
        )


def month_ends(today: date, years: int) -> list[date]:
    """The last day of each month for ``years`` years before ``today``, then ``today``."""
    days = []
    year, month = today.year - years, today.month
    while (year, month) < (today.year, today.month):
        following = date(year + month // 12, month % 12 + 1, 1)
        days.append(following - timedelta(days=1))
        year, month = following.year, following.month
    days.append(today)
    return days


def band_counts(
    arrays: HealthArrays, days: list[date], known_from: NDArray[np.int64] | None = None
) -> BandCounts:
    """Counts per band at each of ``days`` (ascending). ``known_from`` (day numbers, one
    per person) leaves people out of the days before you knew them."""
    samples = [day_number(d) for d in days]
    first_day = earliest_contact(arrays) // SECONDS_PER_DAY  # huge without any contact
    healthy, cooling, fading, new = [], [], [], []
    for sample, (scores, contacts) in zip(
        samples, iter_health_and_contacts(arrays, days), strict=True
    ):
        is_new = (contacts == 0) | (
            (contacts <= NEW_MAX_CONTACTS) & (sample - first_day < NEW_WITHIN_DAYS)
        )
        if known_from is not None:
            known = known_from <= sample
            scores, is_new = scores[known], is_new[known]
        judged = scores[~is_new]
        is_healthy = judged >= HEALTHY_FROM
        is_cooling = (judged >= COOLING_FROM) & ~is_healthy
        healthy.append(int(is_healthy.sum()))
        cooling.append(int(is_cooling.sum()))
        fading.append(len(judged) - healthy[-1] - cooling[-1])
        new.append(int(is_new.sum()))
    return BandCounts(
        tuple(days),
        np.array(healthy, dtype=np.int64),
        np.array(cooling, dtype=np.int64),
        np.array(fading, dtype=np.int64),
        np.array(new, dtype=np.int64),
    )


def usual_days(today: date) -> list[date]:
    """The days a person's usual score is taken from: the last day of each of the
    ``USUAL_SAMPLES`` months before the month of ``today``."""
    return month_ends(today, 1)[:-1]


def today_and_usual(
    arrays: HealthArrays, today: date
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Everyone's score today and their usual score: the median of their scores at the
    ends of the twelve months before this one (``usual_days``)."""
    scores = health_timeline(arrays, [*usual_days(today), today])
    return scores[-1], np.median(scores[:-1], axis=0)
