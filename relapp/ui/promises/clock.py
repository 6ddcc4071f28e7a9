"""The clock the promises feature reads: replaceable, so tests can control time."""

from __future__ import annotations

from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import QTimeZone

from relapp.services import promises

system_now = promises.system_now


def local_zone() -> tzinfo:
    """The system time zone with its DST rules: Qt's IANA id where it maps, else the
    service's best guess (TZ, /etc/localtime), else today's fixed offset."""
    name = bytes(QTimeZone.systemTimeZoneId().data()).decode("ascii", "ignore")
    if name and not name.startswith("UTC+") and not name.startswith("UTC-"):
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return promises.local_zone()


def local(moment: datetime, zone: tzinfo | None = None) -> datetime:
    return moment.astimezone(zone or local_zone())
