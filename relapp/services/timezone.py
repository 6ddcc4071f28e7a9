"""The user's local time zone, with its daylight-saving rules where it can be named."""

from __future__ import annotations

import contextlib
import os
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def local_zone() -> tzinfo:
    """The user's time zone with its daylight-saving rules where it can be named (TZ,
    /etc/localtime, /etc/timezone); else today's fixed offset."""
    fixed = datetime.now().astimezone().tzinfo or UTC
    env = os.environ.get("TZ")
    if env is not None:
        return _zone(env.lstrip(":")) or fixed
    names: list[str] = []
    with contextlib.suppress(OSError):
        link = os.readlink("/etc/localtime")
        if "zoneinfo/" in link:
            names.append(link.split("zoneinfo/", 1)[1])
    with contextlib.suppress(OSError):
        names.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    for name in names:
        zone = _zone(name)
        if zone is not None:
            return zone
    return fixed


def _zone(name: str) -> tzinfo | None:
    if not name or name.startswith("/"):
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
