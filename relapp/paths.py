"""Where Relapp keeps its files: data, backups and logs (appdirs), and its resources.

The data folder is ``appdirs.user_data_dir("Relapp")`` unless ``--data-dir DIR`` or the
environment variable ``RELAPP_DATA_DIR`` points elsewhere (tests always do).
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import NamedTuple

import appdirs

from relapp.domain.errors import DataFolderMistaken, DataFolderUnusable

APP_NAME = "Relapp"
DATA_DIR_ENV = "RELAPP_DATA_DIR"
DB_FILENAME = "relapp.sqlite3"


class AppPaths(NamedTuple):
    """Where Relapp keeps its files. (A named tuple, not a frozen dataclass: making
    one costs every start 4 million instructions, issue 18.)"""

    data_dir: Path

    @property
    def database(self) -> Path:
        return self.data_dir / DB_FILENAME

    @property
    def backups(self) -> Path:
        return self.data_dir / "backups"

    @property
    def logs(self) -> Path:
        return self.data_dir / "logs"

    def demo(self) -> AppPaths:
        """The separate demo database lives in its own folder beside the real one."""
        return AppPaths(self.data_dir / "demo")

    def ensure(self) -> None:
        """Create the data folder, private to the user (0700 on POSIX); see
        ``private_folder``."""
        private_folder(self.data_dir)


PARENT_MODE = 0o755  # folders made on the way: never group- or world-writable


def private_folder(folder: Path) -> Path:
    """Create ``folder`` private to the user (0700 on POSIX) and any missing parents
    0755 at most (masked by the umask, so never wider than 0755, even under umask 000).

    An existing folder of ours that others may read is made 0700; one that belongs to
    someone else is left as it is (what we may do there is checked when the database
    opens). ``DataFolderMistaken`` when it, or a parent, is a file;
    ``DataFolderUnusable`` when it cannot be made."""
    folder = Path(folder)
    missing = []
    current = folder
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    if current.exists() and not current.is_dir():
        what = "is a file, not a folder" if current == folder else f"is inside a file ({current})"
        raise DataFolderMistaken(folder, f"this {what}.")
    try:
        for made in reversed(missing):
            made.mkdir(mode=0o700 if made == folder else PARENT_MODE, exist_ok=True)
    except OSError as exc:
        raise DataFolderUnusable(
            folder,
            f"Relapp cannot make this folder ({exc.strerror or exc}). Check that you may "
            "write in its parent folder and that the disk is not read-only.",
        ) from exc
    if os.name == "posix" and folder.stat().st_mode & 0o077:
        # mkdir's mode is masked by the umask, and an older folder may be wider. Not
        # ours, or a read-only disk: opening the database says what is wrong.
        with contextlib.suppress(OSError):
            os.chmod(folder, 0o700)
    return folder


def check_folder(folder: Path) -> None:
    """``DataFolderMistaken`` when ``folder`` exists but is not a folder."""
    if folder.exists() and not folder.is_dir():
        raise DataFolderMistaken(folder, "this is a file, not a folder.")


def resolve(data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
    """--data-dir wins over RELAPP_DATA_DIR, which wins over the user data folder."""
    if data_dir:
        return AppPaths(Path(data_dir).expanduser().resolve())
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return AppPaths(Path(env).expanduser().resolve())
    return AppPaths(default_data_dir())


def default_data_dir() -> Path:
    """The user data folder (when neither --data-dir nor RELAPP_DATA_DIR chose one)."""
    return Path(appdirs.user_data_dir(APP_NAME, False))


def resources_dir() -> Path:
    """The ``resources/`` folder: beside the package in a checkout, inside a bundle."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"
