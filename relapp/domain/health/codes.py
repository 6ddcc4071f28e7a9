"""Small integer codes for channels, directions, kinds and promise outcomes.

The batch and the chart work on numpy arrays, and SQL can hand these codes over
directly. A code is the position of the member in its enum's declaration order, so it
is stable as long as members are only ever appended.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import MappingProxyType
from typing import Final

import numpy as np

from relapp.domain.health.weights import CHANNEL_WEIGHTS, DIRECTION_WEIGHTS
from relapp.domain.model import Channel, Direction, InteractionKind

CHANNELS: Final = tuple(Channel)
DIRECTIONS: Final = tuple(Direction)
KINDS: Final = tuple(InteractionKind)

_CHANNEL_CODE = {member: code for code, member in enumerate(CHANNELS)}
_DIRECTION_CODE = {member: code for code, member in enumerate(DIRECTIONS)}
_KIND_CODE = {member: code for code, member in enumerate(KINDS)}

# Read-only name -> code tables (a stored name such as "email" finds its code too).
CHANNEL_CODE: Final = MappingProxyType(_CHANNEL_CODE)
DIRECTION_CODE: Final = MappingProxyType(_DIRECTION_CODE)
KIND_CODE: Final = MappingProxyType(_KIND_CODE)

OUTBOUND: Final = _DIRECTION_CODE[Direction.OUTBOUND]
INBOUND: Final = _DIRECTION_CODE[Direction.INBOUND]
BOTH: Final = _DIRECTION_CODE[Direction.BOTH]
FAVOUR_GIVEN: Final = _KIND_CODE[InteractionKind.FAVOUR_GIVEN]
FAVOUR_RECEIVED: Final = _KIND_CODE[InteractionKind.FAVOUR_RECEIVED]

PROMISE_OPEN: Final = -1
PROMISE_BROKEN: Final = 0
PROMISE_KEPT: Final = 1

# Weight of each code, for ``CHANNEL_WEIGHT_BY_CODE[channel_codes]``.
CHANNEL_WEIGHT_BY_CODE: Final = np.array([CHANNEL_WEIGHTS[c] for c in CHANNELS], dtype=np.float64)
DIRECTION_WEIGHT_BY_CODE: Final = np.array(
    [DIRECTION_WEIGHTS[d] for d in DIRECTIONS], dtype=np.float64
)
CHANNEL_WEIGHT_BY_CODE.flags.writeable = False
DIRECTION_WEIGHT_BY_CODE.flags.writeable = False


def _lookup(table: dict, member: str) -> int:
    # Enum members are str, so a stored name finds its member's code directly.
    try:
        return table[member]
    except KeyError:
        raise ValueError(f"unknown value {member!r}; expected one of {list(table)}") from None


def channel_code(channel: Channel | str) -> int:
    return _lookup(_CHANNEL_CODE, channel)


def direction_code(direction: Direction | str) -> int:
    return _lookup(_DIRECTION_CODE, direction)


def kind_code(kind: InteractionKind | str) -> int:
    return _lookup(_KIND_CODE, kind)


def promise_code(kept: bool | None) -> int:
    """``PROMISE_KEPT``, ``PROMISE_BROKEN`` (broken or overdue) or ``PROMISE_OPEN``."""
    if kept is None:
        return PROMISE_OPEN
    return PROMISE_KEPT if kept else PROMISE_BROKEN


def channel_codes(values: Sequence[str]) -> np.ndarray:
    """Stored channel names (as SQL returns them) to an int8 code array."""
    return np.fromiter(
        (_lookup(_CHANNEL_CODE, v) for v in values), dtype=np.int8, count=len(values)
    )


def direction_codes(values: Sequence[str]) -> np.ndarray:
    return np.fromiter(
        (_lookup(_DIRECTION_CODE, v) for v in values), dtype=np.int8, count=len(values)
    )


def kind_codes(values: Sequence[str]) -> np.ndarray:
    return np.fromiter((_lookup(_KIND_CODE, v) for v in values), dtype=np.int8, count=len(values))
