"""How a backup is described to the user: local date and time, kind, size."""

from __future__ import annotations

from relapp.domain.dates import number_text, numeric_day_clock_text
from relapp.domain.i18n import N_, _
from relapp.services.backups import BackupInfo

KIND_NAMES = {
    "manual": N_("made by you"),
    "daily": N_("daily"),
    "pre-import": N_("before an import"),
    "pre-restore": N_("before a restore"),
}


def kind_name(kind: str) -> str:
    if kind.startswith("pre-migration"):
        return _("before an upgrade")
    return _(KIND_NAMES[kind]) if kind in KIND_NAMES else kind


def size_text(size: int) -> str:
    if size < 1024 * 1024:
        return _("{n} KB").format(n=number_text(round(max(size, 1) / 1024)))
    return _("{n} MB").format(n=number_text(round(size / 1024 / 1024, 1)))


def when_text(backup: BackupInfo) -> str:
    return numeric_day_clock_text(backup.when.astimezone())


def describe_backup(backup: BackupInfo) -> str:
    return _("{when} ({kind}, {size})").format(
        when=when_text(backup), kind=kind_name(backup.kind), size=size_text(backup.size)
    )
