"""Per-person facts for everyone at once, from the same arrays as the score: the latest
contact, and the run of outbound contacts since the latest reply (the broker who keeps
calling). Counted up to a moment ``now`` in unix seconds."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from relapp.domain.health import codes
from relapp.domain.health.batch import HealthArrays

NEVER = np.iinfo(np.int64).min
LATEST = np.iinfo(np.int64).max


def latest_contact(arrays: HealthArrays, now: int) -> NDArray[np.int64]:
    """Each person's latest interaction at or before ``now``; ``NEVER`` without one."""
    counted = arrays.t <= now
    latest = np.full(arrays.n_people, NEVER, dtype=np.int64)
    np.maximum.at(latest, arrays.person_index[counted], arrays.t[counted])
    return latest


def unanswered_streaks(
    arrays: HealthArrays, now: int
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """``(count, latest)``: how many outbound contacts each person got after their latest
    reply (an inbound or two-way contact), at or before ``now``, and when the latest of
    those was (``NEVER`` without any). Same second as a reply counts as answered."""
    n = arrays.n_people
    counted = arrays.t <= now
    person = arrays.person_index[counted].astype(np.intp)
    t = arrays.t[counted]
    outbound = arrays.direction[counted] == codes.OUTBOUND
    last_reply = np.full(n, NEVER, dtype=np.int64)
    np.maximum.at(last_reply, person[~outbound], t[~outbound])
    waiting = outbound & (t > last_reply[person])
    count = np.bincount(person[waiting], minlength=n).astype(np.int64)
    latest = np.full(n, NEVER, dtype=np.int64)
    np.maximum.at(latest, person[waiting], t[waiting])
    return count, latest


def earliest_contact(arrays: HealthArrays) -> NDArray[np.int64]:
    """Each person's first interaction; ``LATEST`` (the largest int64) without one."""
    earliest = np.full(arrays.n_people, LATEST, dtype=np.int64)
    np.minimum.at(earliest, arrays.person_index, arrays.t)
    return earliest
