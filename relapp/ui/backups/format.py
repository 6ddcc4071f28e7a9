"""How a backup is described to the user: local date and time, kind, size."""

from __future__ import annotations

from relapp.services.backups import BackupInfo

KIND_NAMES = {
    "manual": "made by you",
    "daily": "daily",
    "pre-import": "before an import",
    "pre-restore": "before a restore",
}


def kind_name(kind: str) -> str:
    if kind.startswith("pre-migration"):
        return "before an upgrade"
    return KIND_NAMES.get(kind, kind)


def size_text(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(size, 1) / 1024:,.0f} KB"
    return f"{size / 1024 / 1024:,.1f} MB"


def when_text(backup: BackupInfo) -> str:
    return backup.when.astimezone().strftime("%Y-%m-%d %H:%M")


def describe_backup(backup: BackupInfo) -> str:
    return f"{when_text(backup)} ({kind_name(backup.kind)}, {size_text(backup.size)})"
