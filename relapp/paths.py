"""Where Relapp keeps its files: data, backups and logs (appdirs), and its resources.

The data folder is ``appdirs.user_data_dir("Relapp")`` unless ``--data-dir DIR`` or the
environment variable ``RELAPP_DATA_DIR`` points elsewhere (tests always do).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import appdirs

APP_NAME = "Relapp"
DATA_DIR_ENV = "RELAPP_DATA_DIR"
DB_FILENAME = "relapp.sqlite3"


@dataclass(frozen=True)
class AppPaths:
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
        """Create the data folder, private to the user (0700 on POSIX)."""
        self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        if os.name == "posix" and self.data_dir.stat().st_mode & 0o077:
            os.chmod(self.data_dir, 0o700)  # mkdir's mode is masked by umask


def resolve(data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
    """--data-dir wins over RELAPP_DATA_DIR, which wins over the user data folder."""
    if data_dir:
        return AppPaths(Path(data_dir).expanduser().resolve())
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return AppPaths(Path(env).expanduser().resolve())
    return AppPaths(Path(appdirs.user_data_dir(APP_NAME, False)))


def resources_dir() -> Path:
    """The ``resources/`` folder: beside the package in a checkout, inside a bundle."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"
