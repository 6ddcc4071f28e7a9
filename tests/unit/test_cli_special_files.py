"""``relapp import`` on special files, as a real process (issue 12 item 6).

``relapp import /dev/zero`` read without bound to a MemoryError and a FIFO hung forever;
both are refused with a message naming the file, the process ends quickly, and the next
import into the same folder works. The child runs with its address space capped, so a
regression fails the test instead of eating the machine's memory.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CARD = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEMAIL:ann@lee.example\r\nEND:VCARD\r\n"


def _cap_memory() -> None:
    limit = 1536 * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def relapp(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("RELAPP_DATA_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "relapp", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_cap_memory,
    )


@pytest.mark.parametrize("kind", ["fifo", "zero", "zero-json", "fifo-json"])
def test_import_of_a_special_file_is_refused_and_the_next_import_works(
    tmp_path: Path, kind: str
) -> None:
    name = "contacts.json" if kind.endswith("json") else "contacts.vcf"
    special = tmp_path / name
    if kind.startswith("fifo"):
        os.mkfifo(special)
    else:
        special.symlink_to("/dev/zero")
    data = tmp_path / "data"

    refused = relapp("--data-dir", str(data), "import", str(special))

    output = refused.stdout + refused.stderr
    assert refused.returncode == 1, output
    assert "Traceback" not in output and "MemoryError" not in output
    assert name in output
    assert ("pipe" if kind.startswith("fifo") else "device") in output

    good = tmp_path / "good.vcf"
    good.write_bytes(CARD)
    imported = relapp("--data-dir", str(data), "import", str(good))
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert "Imported 1 " in imported.stdout
