"""The benchmark runner: every performance budget of DESIGN.md in one run.

    python -m bench [--size small|full|xl|tiny] [--seed 7] [--runs 5] [--out bench/out]
        [--db PATH] [--only startup,search,person,health,vcard,stall,capture,disk]
        [--settle S]

Generates the database through ``bench.generate`` (cached in the out folder by size,
seed and schema version; ``--db`` uses one you have; ``xl``, a million people, is the
full size tiled ten times by ``bench.tile``) and a vCard file through
``bench.vcard_import`` (10,000 cards at the full size, 500 small, 100 tiny), measures,
prints a table (what, median, min, max, budget, ratio/verdict) and writes
``results-<size>.json`` with every sample, the machine and the date.

Each row is the median of ``--runs`` runs. The GUI rows run the real main window
offscreen in this process; start-up and memory run the app as its own process under a
private Xvfb (skipped, with the reason, when Xvfb or xdotool is missing). Only the full
size is what the budgets are about; small and tiny check that the benchmark works.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # this process; the app under Xvfb gets X11

from bench import (
    capture_import,
    capture_stall,
    generate,
    import_stall,
    person_page,
    search,
    startup,
    tile,
    vcard_import,
)
from bench import health as health_bench
from bench.stats import Results, Row, machine, percentile
from relapp.paths import DB_FILENAME
from relapp.services import health, people
from relapp.storage import Database, migrations, open_database

OUT = Path(__file__).resolve().parent / "out"
CARDS = {"xl": 10_000, "full": 10_000, "small": 500, "tiny": 100}
SETTLE = {"xl": 3.0, "full": 3.0, "small": 3.0, "tiny": 1.0}
# Queries typed per kind of search (names, emails, ...: bench.search): tiny, which only
# checks that the runner works (tests/unit/test_bench_runs.py), types half as many,
# still every kind.
QUERIES_PER_KIND = {"xl": 4, "full": 4, "small": 4, "tiny": 2}
XL_TIMES = 10  # xl: 1,000,000 people, 10,000,000 interactions from the full size
STEPS = ("startup", "search", "person", "health", "vcard", "stall", "capture", "disk")

# Every row the runner writes (the test checks them all): key -> step.
ROWS = {
    "bare_window_start": "startup",
    "cold_start": "startup",
    "memory_rss": "startup",
    "search_keystroke_median": "search",
    "search_keystroke_p99": "search",
    "search_history_median": "search",
    "search_history_p99": "search",
    "search_window_median": "search",
    "search_window_p99": "search",
    "open_person_service": "person",
    "open_person_window": "person",
    "open_person_chart": "person",
    "health_everyone": "health",
    "health_needs_attention": "health",
    "chart_data": "health",
    "chart_draw_last_year": "health",
    "chart_draw_10_years": "health",
    "chart_zoom_in": "health",
    "vobject_parse": "vcard",
    "vcard_import": "vcard",
    "vobject_process": "vcard",
    "import_process": "vcard",
    "import_stall": "stall",
    "import_in_window": "stall",
    "mailbox_process": "capture",
    "capture_mbox_process": "capture",
    "capture_mbox_memory": "capture",
    "icalendar_process": "capture",
    "capture_ics_process": "capture",
    "capture_ics_memory": "capture",
    "capture_stall": "capture",
    "database_size": "disk",
}
# Rows that may be skipped (with the reason) when the machine lacks a tool.
MAY_SKIP = {"bare_window_start", "cold_start"}


@dataclass
class Context:
    size: str
    seed: int
    runs: int
    out: Path
    db_path: Path
    vcf: Path
    settle: float
    db: Database
    details: dict[str, Any] = field(default_factory=dict)
    person: tuple[int, int] | None = None  # (id, interactions) of the busiest person

    @property
    def data_dir(self) -> Path:
        return self.db_path.parent

    def busiest(self) -> tuple[int, int]:
        if self.person is None:
            self.person = person_page.heaviest_person(self.db)
        return self.person


# --- preparing ---------------------------------------------------------------------------


def cached_database(out: Path, size: str, seed: int) -> tuple[Path, bool]:
    """The generated database for (size, seed, schema), made once; (path, was cached)."""
    folder = out / f"db-{size}-seed{seed}-schema{migrations.LATEST_VERSION}"
    path = folder / DB_FILENAME
    if path.exists() and (folder / "complete").exists():
        return path, True
    partial = out / f".{folder.name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    started = time.perf_counter()
    print(f"generating the {size} database (seed {seed}) in {folder} …", flush=True)
    if size == "xl":  # the full size tiled ten times in SQL (bench.tile: why, what differs)
        full, _cached = cached_database(out, "full", seed)
        tile.tile(full, partial, XL_TIMES)
    else:
        generate.generate(partial, generate.SIZES[size], seed)
    (partial / "complete").write_text(f"generated in {time.perf_counter() - started:.1f} s\n")
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)
    return path, False


def cached_vcards(out: Path, size: str, seed: int) -> Path:
    path = out / f"cards-{size}-seed{seed}.vcf"
    if not path.exists():
        partial = path.with_suffix(".partial")
        partial.write_bytes(vcard_import.generate(CARDS[size], seed))
        partial.rename(path)
    return path


def given_database(path: Path) -> Path:
    """``--db``: a database file, or the data folder that holds one."""
    path = path.expanduser().resolve()
    if path.is_dir():
        path = path / DB_FILENAME
    if not path.is_file():
        raise SystemExit(f"--db: no database at {path}")
    if path.name != DB_FILENAME:
        raise SystemExit(
            f"--db: the app opens DATA_DIR/{DB_FILENAME}; name the file {DB_FILENAME} "
            f"(or pass its folder) so the start-up benchmark runs on it"
        )
    return path


# --- the steps ---------------------------------------------------------------------------


def _ms(seconds: list[float]) -> list[float]:
    return [s * 1000 for s in seconds]


def step_startup(ctx: Context, results: Results) -> None:
    if not startup.have_x_tools():
        reason = "skipped: Xvfb or xdotool not found"
        results.skip(
            [
                ("bare_window_start", "bare PySide6 window shown", "ms"),
                ("cold_start", "cold start to the main window shown", "ms"),
            ],
            reason,
        )
        print(f"start-up: {reason}; memory measured offscreen instead", flush=True)
        pycache = ctx.out / "pycache"
        rss = [
            startup.offscreen_rss_mb(ctx.data_dir, ctx.settle + 2, pycache) for _ in range(ctx.runs)
        ]
        results.add(
            Row(
                "memory_rss",
                "memory with the database open (RSS)",
                "MB",
                rss,
                budget=250,
                note=f"offscreen app, {ctx.settle + 2:g} s after start (no X server)",
            )
        )
        return
    measured = startup.measure(
        ctx.data_dir,
        ctx.runs,
        ctx.settle,
        script_dir=ctx.out,
        pycache=ctx.out / "pycache",
        warmup=1,
    )
    results.add(
        Row("bare_window_start", "bare PySide6 window shown", "ms", _ms(measured["bare_start_s"]))
    )
    results.add(
        Row(
            "cold_start",
            "cold start to the main window shown",
            "ms",
            _ms(measured["relapp_start_s"]),
            budget=1.5,
            baseline="bare_window_start",
            note="spawn to window mapped and visible (xdotool), under Xvfb; bytecode cached "
            "(one warm-up start of each, not counted)",
        )
    )
    results.add(
        Row(
            "memory_rss",
            "memory with the database open (RSS)",
            "MB",
            measured["rss_mb"],
            budget=250,
            note=f"{ctx.settle:g} s after the window appeared",
        )
    )


def step_search(ctx: Context, results: Results, window: Any) -> None:
    queries = search.sample_queries(ctx.db, ctx.seed, QUERIES_PER_KIND[ctx.size])
    keystrokes = sum(len(q.text) for q in queries)
    measured = search.measure_service(ctx.db, queries, ctx.runs)
    runs = [[ms for _c, _k, ms in run] for run in measured["runs"]]
    every = [x for run in measured["runs"] for x in run]
    note = f"{len(queries)} queries, {keystrokes} keystrokes per run"
    results.add(
        Row(
            "search_keystroke_median",
            "search per keystroke, median (service)",
            "ms",
            [search.summary(r)["median"] for r in runs],
            budget=16,
            note=note + "; search.people_list: count found, first page of rows, text hits",
        )
    )
    results.add(
        Row(
            "search_keystroke_p99",
            "search per keystroke, p99 (service)",
            "ms",
            [percentile(r, 99) for r in runs],
            budget=50,
            note=note,
        )
    )
    history = [[ms for c, _k, ms in run if c == "history"] for run in measured["runs"]]
    typed = [q for q in queries if q.category == "history"]
    history_note = (
        f"{len(typed)} queries, {sum(len(q.text) for q in typed)} keystrokes per run: words "
        "of interaction notes, found only in the text (the whole service keystroke)"
    )
    results.add(
        Row(
            "search_history_median",
            "search in your notes per keystroke, median (service)",
            "ms",
            [search.summary(r)["median"] for r in history],
            budget=16,
            note=history_note,
        )
    )
    results.add(
        Row(
            "search_history_p99",
            "search in your notes per keystroke, p99 (service)",
            "ms",
            [percentile(r, 99) for r in history],
            budget=50,
            note=history_note,
        )
    )
    window_runs = search.measure_window(window, queries, ctx.runs)
    results.add(
        Row(
            "search_window_median",
            "search per keystroke, median (window)",
            "ms",
            [search.summary(r)["median"] for r in window_runs],
            budget=16,
            note=note + "; key press to the list painted, in the real window",
        )
    )
    results.add(
        Row(
            "search_window_p99",
            "search per keystroke, p99 (window)",
            "ms",
            [percentile(r, 99) for r in window_runs],
            budget=50,
            note=note,
        )
    )
    window_every = [
        (typed.category, keys, ms)
        for run in window_runs
        for (typed, keys), ms in zip(
            [(q, k) for q in queries for k in q.keystrokes()], run, strict=True
        )
    ]
    ctx.details["search"] = {
        "queries": [{"category": q.category, "typed": q.text} for q in queries],
        "keystrokes_per_run": keystrokes,
        "not_found_by_whole_text": measured["missed"],
        "service_by_category": search.by_category(every),
        "service_slowest": search.slowest(measured["runs"]),
        "window_by_category": search.by_category(window_every),
        "window_slowest": search.slowest(
            [window_every[i * keystrokes : (i + 1) * keystrokes] for i in range(ctx.runs)]
        ),
    }


def step_person(ctx: Context, results: Results, window: Any) -> None:
    person_id, count = ctx.busiest()
    who = f"{count:,} interactions"
    service = person_page.measure_service(ctx.db, person_id, ctx.runs)
    results.add(
        Row(
            "open_person_service",
            f"open the busiest person ({who}), service",
            "ms",
            service["samples"],
            budget=50,
            note="get_person + history_count + first history page (warm; first run in details)",
        )
    )
    measured = person_page.measure_window(window, person_id, ctx.runs)
    results.add(
        Row(
            "open_person_window",
            f"open the busiest person ({who}), window",
            "ms",
            measured["shown"],
            budget=50,
            note="open_person until the window is painted, header and first history page",
        )
    )
    results.add(
        Row(
            "open_person_chart",
            "  … until their health chart is drawn",
            "ms",
            measured["chart"],
            note="background computation and drawing; the first run imports pyqtgraph",
        )
    )
    ctx.details["person"] = {
        "person_id": person_id,
        "interactions": count,
        "service_first_ms": service["first_ms"],
    }


def step_health(ctx: Context, results: Results) -> None:
    now = datetime.now(UTC)
    wall, _cpu = health_bench.timed(lambda: health.health_of_everyone(ctx.db, now), ctx.runs)
    results.add(
        Row(
            "health_everyone",
            "health of every person (scores)",
            "ms",
            wall,
            note="health_of_everyone: read + numpy",
        )
    )
    wall, _cpu = health_bench.timed(lambda: health.needs_attention(ctx.db, now), ctx.runs)
    results.add(
        Row(
            "health_needs_attention",
            "health of every person (needs attention)",
            "ms",
            wall,
            budget=1000,
            note="needs_attention: the whole Today list, run off the GUI thread",
        )
    )
    person_id, count = ctx.busiest()
    wall, _cpu = health_bench.timed(lambda: health.person_chart(ctx.db, person_id, now), ctx.runs)
    results.add(
        Row(
            "chart_data",
            f"one person's chart data ({count:,} interactions)",
            "ms",
            wall,
            note="person_chart, in the background",
        )
    )
    data = health.person_chart(ctx.db, person_id, now)
    from bench.qtkit import application

    application()
    drawn = health_bench.draw_samples(data, ctx.runs)
    results.add(
        Row(
            "chart_draw_last_year",
            "one person's chart draw, last year shown",
            "ms",
            drawn["last_year"][0],
        )
    )
    results.add(
        Row(
            "chart_draw_10_years",
            "one person's chart draw, all 10 years",
            "ms",
            drawn["all_years"][0],
            budget=30,
            note="set_chart + paint, zoomed out to the whole history",
        )
    )
    results.add(
        Row(
            "chart_zoom_in",
            "one person's chart, all history zoomed to a month",
            "ms",
            drawn["zoom_in"][0],
            note="range change + markers again (weekly to each contact) + paint",
        )
    )


def step_vcard(ctx: Context, results: Results) -> None:
    parse, imports, parse_process, import_process = [], [], [], []
    for _ in range(ctx.runs):  # interleaved, so both see the same machine state
        parse.append(vcard_import.time_vobject(ctx.vcf))
        imports.append(vcard_import.time_import(ctx.vcf))
        parse_process.append(vcard_import.time_vobject_process(ctx.vcf))
        import_process.append(vcard_import.time_import_process(ctx.vcf))
    cards = CARDS.get(ctx.size, 0)
    results.add(Row("vobject_parse", f"vobject parsing {cards:,} cards", "ms", _ms(parse)))
    results.add(
        Row(
            "vcard_import",
            f"vCard import of {cards:,} cards",
            "ms",
            _ms(imports),
            budget=1.3,
            baseline="vobject_parse",
            note="plan_import + apply_import into a new, empty database",
        )
    )
    results.add(
        Row(
            "vobject_process",
            "a process parsing them with vobject",
            "ms",
            _ms(parse_process),
        )
    )
    results.add(
        Row(
            "import_process",
            "relapp import of them, whole process",
            "ms",
            _ms(import_process),
            budget=1.15,
            baseline="vobject_process",
            note="python -m relapp --data-dir NEW import FILE (issue 18's margin: 1.15x)",
        )
    )


def step_stall(ctx: Context, results: Results) -> None:
    runs = import_stall.measure(ctx.db_path, ctx.vcf, ctx.runs)
    results.add(
        Row(
            "import_stall",
            "longest GUI stall during an import",
            "ms",
            [r["max_gap_ms"] for r in runs],
            budget=50,
            note="5 ms heartbeat on the GUI thread; import in the window on a copy of the db",
        )
    )
    results.add(
        Row(
            "import_in_window",
            "  … the import itself, into the database",
            "ms",
            [r["import_ms"] for r in runs],
            note="import_files until applied, preview answered at once",
        )
    )
    ctx.details["import_stall"] = runs


def step_capture(ctx: Context, results: Results) -> None:
    """History capture (issue 15): ``relapp import`` of an mbox and an .ics as whole
    processes against Python parsing them alone, the import's peak memory, and the
    longest GUI stall while a capture plans and applies in the window."""
    messages, events = capture_import.SIZES[ctx.size]
    with tempfile.TemporaryDirectory(prefix="relapp-bench-archives-") as folder:
        mbox, ics = capture_import.archives(Path(folder), ctx.db_path, messages, events)
        found = capture_import.measure(ctx.db_path, mbox, ics, ctx.runs)
        stalls = capture_stall.measure(ctx.db_path, mbox, ctx.runs)
    results.add(
        Row("mailbox_process", f"mailbox + headers of {messages:,} mails", "s", found["mailbox"])
    )
    results.add(
        Row(
            "capture_mbox_process",
            "relapp import of that mbox, whole process",
            "s",
            found["mbox"],
            budget=1.5,
            baseline="mailbox_process",
            note="--me given; a backup first; threads, lists, attachments (bench.capture_archives)",
        )
    )
    results.add(
        Row(
            "capture_mbox_memory",
            "  … its peak resident memory",
            "MB",
            found["mbox_mb"],
            budget=250,
        )
    )
    results.add(
        Row(
            "icalendar_process",
            f"icalendar + recurrences of {events:,} events",
            "s",
            found["icalendar"],
        )
    )
    results.add(
        Row(
            "capture_ics_process",
            "relapp import of that .ics, whole process",
            "s",
            found["ics"],
            budget=1.5,
            baseline="icalendar_process",
            note="a tenth of the events weekly for a year",
        )
    )
    results.add(
        Row("capture_ics_memory", "  … its peak resident memory", "MB", found["ics_mb"], budget=250)
    )
    results.add(
        Row(
            "capture_stall",
            "longest GUI stall during a capture",
            "ms",
            [r["max_gap_ms"] for r in stalls],
            budget=50,
            note="the mbox planned and applied in the window; 5 ms heartbeat",
        )
    )
    ctx.details["capture"] = {"processes": found, "stall": stalls}


def step_disk(ctx: Context, results: Results) -> None:
    size = sum(
        Path(f"{ctx.db_path}{suffix}").stat().st_size
        for suffix in ("", "-wal")
        if Path(f"{ctx.db_path}{suffix}").exists()
    )
    results.add(Row("database_size", "database size on disk", "MB", [size / 1e6]))


# --- running -----------------------------------------------------------------------------


def _rows_of(step: str) -> list[str]:
    return [key for key, of in ROWS.items() if of == step]


def run_step(
    name: str, fn: Callable[[], None], results: Results, ctx: Context, failed: list[str]
) -> None:
    started = time.perf_counter()
    print(f"{name} …", flush=True)
    try:
        fn()
    except Exception as exc:  # one broken step must not lose the others
        traceback.print_exc()
        failed.append(name)
        for key in _rows_of(name):
            if key not in results.rows:
                results.add(Row(key, key.replace("_", " "), "", skipped=f"failed: {exc}"))
    ctx.details.setdefault("step_seconds", {})[name] = round(time.perf_counter() - started, 2)


def in_window(
    ctx: Context, results: Results, step: Callable[[str, Callable[[], None]], None]
) -> None:
    """The steps that share one main window (building it at the full size takes a while);
    in a function of their own so that nothing refers to the window once it is closed."""
    from bench.qtkit import main_window

    with (
        tempfile.TemporaryDirectory(prefix="relapp-bench-") as folder,
        main_window(ctx.db, Path(folder)) as window,
    ):
        step("search", lambda: step_search(ctx, results, window))
        step("person", lambda: step_person(ctx, results, window))


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=("small", "full", "xl", "tiny"), default="small")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (default 5)")
    parser.add_argument("--out", type=Path, default=OUT, help="results and cached data")
    parser.add_argument("--db", type=Path, help="use this database instead of generating one")
    parser.add_argument(
        "--only", help=f"comma-separated steps to run (default all: {','.join(STEPS)})"
    )
    parser.add_argument(
        "--settle", type=float, help="seconds after the window appears to read memory"
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.only:
        unknown = set(args.only.split(",")) - set(STEPS)
        if unknown:
            parser.error(f"--only: unknown steps {', '.join(sorted(unknown))}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.disable(logging.CRITICAL)  # vobject logs each line it skips
    began = time.perf_counter()
    load_before = os.getloadavg()
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    if args.db is not None:
        db_path, cached = given_database(args.db), True
    else:
        db_path, cached = cached_database(out, args.size, args.seed)
    vcf = cached_vcards(out, args.size, args.seed)
    db = open_database(db_path)
    ctx = Context(
        size=args.size,
        seed=args.seed,
        runs=args.runs,
        out=out,
        db_path=db_path,
        vcf=vcf,
        settle=args.settle if args.settle is not None else SETTLE[args.size],
        db=db,
    )
    wanted = set(args.only.split(",")) if args.only else set(STEPS)
    results = Results()
    failed: list[str] = []

    def step(name: str, fn: Callable[[], None]) -> None:
        if name in wanted:
            run_step(name, fn, results, ctx, failed)

    step("startup", lambda: step_startup(ctx, results))
    if wanted & {"search", "person"}:
        in_window(ctx, results, step)
    step("health", lambda: step_health(ctx, results))
    step("vcard", lambda: step_vcard(ctx, results))
    step("stall", lambda: step_stall(ctx, results))
    step("capture", lambda: step_capture(ctx, results))
    step("disk", lambda: step_disk(ctx, results))

    person_id, count = ctx.busiest()
    report = {
        "size": args.size,
        "seed": args.seed,
        "runs": args.runs,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "date_local": datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine(),
        "load_average": {"before": load_before[0], "after": os.getloadavg()[0]},
        "database": {
            "path": str(db_path),
            "cached": cached,
            "bytes": db_path.stat().st_size,
            "people": people.count_people(db),
            "busiest_person": {"id": person_id, "interactions": count},
        },
        "vcard": {"path": str(vcf), "cards": CARDS[args.size], "bytes": vcf.stat().st_size},
        "rows": results.as_json(),
        "details": ctx.details,
        "failed_steps": failed,
        "elapsed_s": round(time.perf_counter() - began, 1),
    }
    db.close()
    if "bench.qtkit" in sys.modules:  # Qt was used: end it while Python is whole
        from bench.qtkit import shutdown

        shutdown()
    partial = f"-only-{'-'.join(s for s in STEPS if s in wanted)}" if args.only else ""
    target = out / f"results-{args.size}{partial}.json"
    target.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    info = report["machine"]
    print()
    print(
        f"Relapp benchmark, {args.size} size ({report['database']['people']:,} people), "
        f"{args.runs} runs, {report['date_local']}"
    )
    print(
        f"{info['cpu']}, {info['cores']} cores, {info['ram_mb'] or 0:,.0f} MB RAM, "
        f"Python {info['python']}, Qt {info['qt']}; load {load_before[0]:.2f}"
    )
    print()
    print(results.table())
    print()
    print(f"written {target} in {report['elapsed_s']:.0f} s")
    if failed:
        print(f"failed steps: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    if "bench.qtkit" in sys.modules:
        # Everything is written. PySide can crash in the interpreter's own clean-up
        # (a slot disconnected after Python's GC state is gone); skip that clean-up.
        os._exit(code)
    sys.exit(code)
