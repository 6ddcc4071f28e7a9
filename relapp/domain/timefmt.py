"""Human words for times: "3 weeks ago", "yesterday", "in 2 days"."""

from __future__ import annotations

from datetime import datetime


def _plural(n: int, unit: str) -> str:
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"


def relative(moment: datetime | None, now: datetime) -> str:
    """How long ago (or ahead) ``moment`` is, in the words people use."""
    if moment is None:
        return "never"
    seconds = (now - moment).total_seconds()
    future = seconds < 0
    seconds = abs(seconds)
    minutes, hours, days = seconds / 60, seconds / 3600, seconds / 86400
    if minutes < 1:
        return "just now"
    if minutes < 60:
        text = _plural(int(minutes), "minute")
    elif hours < 24:
        text = _plural(int(hours), "hour")
    elif days < 2:
        return "tomorrow" if future else "yesterday"
    elif days < 14:
        text = _plural(int(days), "day")
    elif days < 60:
        text = _plural(int(days // 7), "week")
    elif days < 365:
        text = _plural(int(days // 30.44), "month")
    else:
        text = _plural(int(days // 365.25), "year")
    return f"in {text}" if future else f"{text} ago"
