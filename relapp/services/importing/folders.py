"""The vCard files inside a folder given to import: a phone's or another program's
export (one card a file, in folders of their own), a synced address book's folder."""

from __future__ import annotations

import os
from pathlib import Path

VCARD_SUFFIXES = (".vcf", ".vcard")  # the case of the name does not count


def is_vcard_name(name: str) -> bool:
    return name.lower().endswith(VCARD_SUFFIXES)


def vcard_files_in(folder: Path) -> list[Path]:
    """The vCard files in ``folder`` and the folders inside it, in name order. Hidden
    files and folders are left out (macOS writes a binary ``._name.vcf`` beside each
    file it copies; sync programs keep their state there), and so are links and
    anything that is not a regular file."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):  # links to folders are not followed
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        here = Path(root)
        for name in sorted(files):
            path = here / name
            if name.startswith(".") or not is_vcard_name(name) or path.is_symlink():
                continue
            if path.is_file():
                found.append(path)
    return found
