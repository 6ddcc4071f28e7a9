"""The sync benchmarks (``python -m bench.sync``, ``python -m bench.sync_history``) run
end to end at a tiny size against their Radicale (bench/radicale_fast.py), and that
Radicale still answers as Radicale does where its speed-ups are: a second item with
the same UID is refused (409), also after a delete, and a deleted UID may come back.
How fast anything was is never checked here."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.radicale_fast import FastRadicale  # noqa: E402

CARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{uid}\r\nFN:{name}\r\nN:{name};;;;\r\nEND:VCARD\r\n"
MKCOL = (
    '<?xml version="1.0"?><d:mkcol xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav">'
    "<d:set><d:prop><d:resourcetype><d:collection/><c:addressbook/></d:resourcetype>"
    "</d:prop></d:set></d:mkcol>"
)


def run_bench(module: str, *args: str, out: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "RELAPP_DATA_DIR"}
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run(
        [sys.executable, "-m", module, *args, "--out", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "load averages" in result.stdout
    (report,) = out.glob("*.json")
    return json.loads(report.read_text(encoding="utf-8"))


def test_the_people_benchmark_writes_its_rows_and_counts_requests(tmp_path: Path) -> None:
    report = run_bench("bench.sync", "--people", "12", out=tmp_path)

    rows = report["rows"]
    assert set(rows) == {
        "bare_put_loop",
        "first_sync",
        "first_sync_ratio",
        "bare_nothing_to_do",
        "nothing_to_do",
        "nothing_to_do_ratio",
    }
    assert all(isinstance(v, float) and math.isfinite(v) and v > 0 for v in rows.values())
    assert report["requests"]["first_sync"]["PUT"] == 12
    assert set(report["requests"]["nothing_to_do"]) == {"REPORT"}
    assert set(report["load"]) == {"start", "bare_put_loop", "first_sync", "nothing_to_do"}
    assert report["client_cpu"]["bare_put_loop"] > 0 and report["client_cpu"]["first_sync"] > 0


def test_the_history_benchmark_writes_its_rows(tmp_path: Path) -> None:
    report = run_bench("bench.sync_history", "--entries", "12", "--scan", "30", out=tmp_path)

    rows = report["rows"]
    assert rows["first_sync_ratio"] > 0 and rows["nothing_to_do_ratio"] > 0
    assert {"local_scan_30", "local_marks_30"} <= set(rows)
    assert report["requests"]["first_sync"]["PUT"] == 12


@pytest.fixture
def book(tmp_path: Path) -> Iterator[tuple[requests.Session, str]]:
    server = FastRadicale(tmp_path)
    server.start()
    try:
        account = server.new_account()
        session = requests.Session()
        session.auth = (account.user, account.password)
        url = f"{account.url}{account.user}/book/"
        session.request("PROPFIND", account.url, headers={"Depth": "0"}, timeout=30)
        session.request("MKCOL", url, data=MKCOL.encode(), timeout=30).raise_for_status()
        yield session, url
    finally:
        server.stop()


def put(session: requests.Session, url: str, uid: str, name: str) -> int:
    response = session.put(
        url,
        data=CARD.format(uid=uid, name=name).encode(),
        headers={"Content-Type": "text/vcard; charset=utf-8"},
        timeout=30,
    )
    return response.status_code


def test_the_fast_radicale_still_refuses_a_second_item_with_one_uid(
    book: tuple[requests.Session, str],
) -> None:
    session, url = book
    assert put(session, f"{url}a.vcf", "uid-a", "Ada") == 201
    assert put(session, f"{url}b.vcf", "uid-b", "Bob") == 201
    # the UID index is built by now: a new href with a known UID is a conflict
    assert put(session, f"{url}a2.vcf", "uid-a", "Ada again") == 409
    # the same href may be rewritten
    assert put(session, f"{url}a.vcf", "uid-a", "Ada Lovelace") in (201, 204)
    # after a delete the UID is free again, and the others are still known
    assert session.delete(f"{url}a.vcf", timeout=30).status_code in (200, 204)
    assert put(session, f"{url}a3.vcf", "uid-a", "Ada back") == 201
    assert put(session, f"{url}b2.vcf", "uid-b", "Bob again") == 409
