"""Times are stored as integer Unix seconds (UTC) and handed out as aware datetimes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import overload


def to_db(moment: datetime) -> int:
    if moment.tzinfo is None:
        raise ValueError("naive datetime given to storage; use an aware (UTC) datetime")
    return int(moment.timestamp())


@overload
def from_db(value: int) -> datetime: ...
@overload
def from_db(value: None) -> None: ...
@overload
def from_db(value: int | None) -> datetime | None: ...
def from_db(value: int | None) -> datetime | None:
    if value is None:
        return None
    return datetime.fromtimestamp(value, UTC)


def now_db() -> int:
    return int(datetime.now(UTC).timestamp())
