"""The longest the GUI thread stalls while the window syncs (issue 18: no stall over
50 ms, whatever the window does), against a local Radicale started here.

    python -m bench.sync_stall [--size small] [--runs 1] [--parts people,promises,history]

Two rows, each on the app's real path in the main window, offscreen (``SyncFeature.
sync_now``: the requests on the sync's own thread, the database steps on the runner's
worker, the status line and the window catching up on the GUI thread), with a
``QTimer`` beating every 5 ms on the GUI thread (``bench.window_stalls.Heartbeat``: a
stall is the gap between two beats, with the GUI thread's own CPU time in it):

- ``send``: a copy of the generated database (``bench.generate``, ``--size``: small is
  2,000 people, 20,000 interactions, 100 promises) makes the first sync of a new account;
- ``receive``: a new, empty database joins that account and takes everything in (new
  people, their promises and history announced to the window, which reloads).

The full size (100,000 people, a million interactions) would take hours of Radicale per
run; what the window does after a sync is what it does after an import
(``bench.import_stall``, at the full size): every view told that everything changed.
"""

from __future__ import annotations

import argparse
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

from bench import generate
from bench.radicale_fast import FastRadicale, server_parent
from bench.window_stalls import _in_window, print_runs
from relapp.storage import open_database

ROWS = ("send", "receive")


def sync_in_window(account: Any, parts: set[str]) -> Any:
    """``act`` for ``_in_window``: a sync of the window's database with ``account``."""

    def act(window: Any, _data_dir: Path) -> Any:
        from relapp.services.sync import engine
        from relapp.ui.sync.feature import SyncFeature

        feature = window.features.get(SyncFeature)
        engine.set_parts(window.db, parts)
        os.environ[engine.PASSWORD_VARIABLE] = account.password
        ended: list[str] = []
        done_before, failed_before = feature._done, feature._failed

        def done(*args: Any) -> None:
            done_before(*args)
            ended.append("done")

        def failed(error: BaseException, *args: Any) -> None:
            failed_before(error, *args)
            ended.append(f"{type(error).__name__}: {error}")

        feature._done = done  # type: ignore[method-assign]
        feature._failed = failed  # type: ignore[method-assign]
        feature.sync_now(engine.Account(account.url, account.user))

        def finished() -> bool:
            if ended and ended[0] != "done":
                raise RuntimeError(f"the sync failed: {ended[0]}")
            return bool(ended) and not feature.running

        return finished

    return act


def measure(size: str, runs: int, parts: set[str], work: Path) -> dict[str, list[dict]]:
    database = generate.generate(work / "generated", generate.SIZES[size])
    empty = work / "empty" / "relapp.sqlite3"
    empty.parent.mkdir()
    open_database(empty, backups_dir=work / "empty" / "backups").close()
    out: dict[str, list[dict]] = {row: [] for row in ROWS}
    for n in range(runs):
        with tempfile.TemporaryDirectory(prefix="relapp-bench-dav-", dir=server_parent()) as srv:
            server = FastRadicale(Path(srv))
            server.start()
            try:
                account = server.new_account()
                for row, source in (("send", database), ("receive", empty)):
                    result = _in_window(source, work / f"{row}-{n}", sync_in_window(account, parts))
                    out[row].append(result)
            finally:
                server.stop()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=("tiny", "small"), default="small")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--parts", default="people,promises,history")
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)
    from bench.qtkit import application

    application()
    with tempfile.TemporaryDirectory(prefix="relapp-bench-sync-stall-") as folder:
        rows = measure(args.size, args.runs, set(args.parts.split(",")), Path(folder))
    for row, runs in rows.items():
        print_runs(row, runs)


if __name__ == "__main__":
    main()
