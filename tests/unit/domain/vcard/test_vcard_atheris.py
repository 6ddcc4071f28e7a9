"""A bounded coverage-guided fuzz run of the vCard reader with atheris (optional: skipped
where atheris is not installed). It runs in a subprocess because atheris ends its
process when the run is over."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.skipif(
        importlib.util.find_spec("atheris") is None, reason="atheris is not installed"
    ),
    pytest.mark.slow,
]

ROOT = Path(__file__).resolve().parents[4]
RUNS = 3000

TARGET = textwrap.dedent(
    """
    import sys
    import atheris
    with atheris.instrument_imports():
        from relapp.domain.errors import VCardError
        from relapp.domain.vcard import read_vcards

    def one(data: bytes) -> None:
        result = read_vcards(data, "fuzz.vcf")
        for error in result.errors:
            assert isinstance(error, VCardError) and error.message

    atheris.Setup(sys.argv, one)
    atheris.Fuzz()
    """
)


def test_atheris_finds_no_crash_in_the_vcard_reader(tmp_path: Path, corpus_dir: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for i, path in enumerate(sorted(corpus_dir.rglob("*.vcf"))):
        if path.stat().st_size < 20_000:
            (seeds / f"{i}.vcf").write_bytes(path.read_bytes())
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            TARGET,
            f"-runs={RUNS}",
            "-max_total_time=10",
            "-rss_limit_mb=1024",
            "-timeout=5",
            str(seeds),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Done" in done.stderr
    print("\natheris:", done.stderr.strip().splitlines()[-1])  # "Done N runs in S second(s)"
