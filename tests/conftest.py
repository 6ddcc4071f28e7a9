"""Fixtures shared by every test: a fresh data folder and database per test."""

from __future__ import annotations

import gc
import os
import shutil
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The tests read English: a developer's German desktop must not translate them (and the
# subprocesses they start inherit this). The `german` fixture switches one test over.
os.environ["LANGUAGE"] = "en"
# A process the tests start that crashes (a segmentation fault in Qt) prints the Python
# stack of each thread on stderr, which the failing test shows: seen twice under load
# (the network view's app, the benchmark runner's search step), never reproduced.
os.environ.setdefault("PYTHONFAULTHANDLER", "1")


def _hypothesis_profiles() -> None:
    """The property tests draw the same examples at every run ("suite", the default): a
    run that meets a new counterexample by chance made a commit's suite fail on code it
    did not touch (the calendar's quick reading, 1 run in ~10; fixed). New examples are
    drawn on purpose, a few runs at a time: ``pytest --hypothesis-profile=explore``
    (random draws, each test's own number of them)."""
    from hypothesis import settings

    settings.register_profile("suite", derandomize=True)
    settings.register_profile("explore", derandomize=False)
    settings.load_profile("suite")


_hypothesis_profiles()


def _byte_compile() -> None:
    """The project's modules byte-compiled once, before anything imports them. The tests
    start ``python -m relapp ...`` again and again; with PYTHONDONTWRITEBYTECODE set (as
    on the shared test machine) no process ever writes a cache, so each one compiled
    every module it imported from source again: 0.16 s of CPU of a 0.5-0.6 s
    ``relapp import`` of one card. Up-to-date caches are left alone (a stat each), so the
    xdist workers find the controller's; __pycache__ is gitignored."""
    import compileall

    root = Path(__file__).resolve().parent.parent
    for package in ("relapp", "bench", "tests"):
        compileall.compile_dir(root / package, quiet=2)


_byte_compile()


SHM = Path("/dev/shm")
SHM_ROOM = 4 << 30  # the suite's folders take a few hundred MB at most (pytest keeps 3 runs)


def _temporary_folders_in_memory() -> None:
    """pytest's temporary folders (``tmp_path``, and under them every test's data folder
    and database) on tmpfs where the machine has one with room, instead of under /tmp.
    Files there are files like any (SQLite, flock, permissions, sockets, SIGKILL), but an
    fsync returns at once: on this machine's ext4 (mounted ``discard``) each took ~8 ms,
    and SQLite's checkpoints, the backups and the atomic writes made 1,488 of them for
    tests/unit/storage alone (121 tests, 9.7 s of waiting on the disk against 29 s of
    CPU). No test is about the disk itself (the full-disk ones mount a tmpfs of their own).
    ``--basetemp`` or PYTEST_DEBUG_TEMPROOT, when given, win; RELAPP_TEST_TMP=disk keeps
    /tmp. Workers started by pytest-xdist inherit the setting."""
    if os.environ.get("PYTEST_DEBUG_TEMPROOT") or os.environ.get("RELAPP_TEST_TMP") == "disk":
        return
    try:
        room = os.statvfs(SHM)
    except OSError:
        return
    writable = os.access(SHM, os.W_OK | os.X_OK) and not room.f_flag & os.ST_NOEXEC
    if writable and room.f_bavail * room.f_frsize >= SHM_ROOM:
        os.environ["PYTEST_DEBUG_TEMPROOT"] = str(SHM)


_temporary_folders_in_memory()


def pytest_configure(config: pytest.Config) -> None:
    """Under pytest-xdist, the controller rewrites the test modules' asserts once, into
    pytest's own cache beside them (``__pycache__/*-pytest-*.pyc``, checked by a hash of
    the source), before it starts the workers, which then read that cache. With
    PYTHONDONTWRITEBYTECODE set (it is, on the shared test machine) pytest writes no such
    cache, so each worker rewrote all 365 modules: 8 s of CPU each of the 13 s that
    collecting takes (cached, it takes 5). pytest itself reads the cache and keeps it
    honest (a changed file does not match its hash and is rewritten as before)."""
    if os.environ.get("RELAPP_TEST_CPU_LOG"):
        config.pluginmanager.register(_CpuLog(), "relapp-cpu-log")
    if os.environ.get("PYTEST_XDIST_WORKER") or not getattr(config.option, "numprocesses", None):
        return
    try:
        from _pytest.assertion import rewrite
    except ImportError:  # pytest's inner workings changed: the workers rewrite, as before
        return
    state = config.stash.get(rewrite.assertstate_key, None)
    if state is None or getattr(state, "mode", "") != "rewrite":
        return
    patterns = config.getini("python_files")
    for path in _files_to_collect(config):
        if path.name != "conftest.py" and not any(path.match(p) for p in patterns):
            continue
        cache = rewrite.get_cache_dir(path)
        pyc = cache / (path.name[:-3] + rewrite.PYC_TAIL)
        if rewrite._read_pyc(path, pyc) is not None or not rewrite.try_makedirs(cache):
            continue
        source_hash, code = rewrite._rewrite_test(path, config)
        rewrite._write_pyc(state, code, source_hash, pyc)


class _CpuLog:
    @pytest.hookimpl(hookwrapper=True, tryfirst=True)
    def pytest_runtest_protocol(self, item: pytest.Item) -> Iterator[None]:
        """With RELAPP_TEST_CPU_LOG set to a folder, each test's wall and CPU time (of the test
        process and of the child processes it waited for), set-up to teardown, one JSON line
        a test in a file per xdist worker: to see where the suite's time goes."""
        folder = os.environ["RELAPP_TEST_CPU_LOG"]
        import json
        import resource
        import time

        def cpu(who: int) -> float:
            usage = resource.getrusage(who)
            return usage.ru_utime + usage.ru_stime

        start = time.time(), cpu(resource.RUSAGE_SELF), cpu(resource.RUSAGE_CHILDREN)
        load = os.getloadavg()[0]
        queued = _waited_for_a_core()
        yield
        queued = _waited_for_a_core() - queued
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        record = {
            "test": item.nodeid,
            "worker": worker,
            "start": start[0],
            "wall": time.time() - start[0],
            "cpu": cpu(resource.RUSAGE_SELF) - start[1],
            "children": cpu(resource.RUSAGE_CHILDREN) - start[2],
            "load": load,
            "queued": queued,
        }
        with open(Path(folder) / f"{worker}.jsonl", "a", encoding="utf-8") as log:
            log.write(json.dumps(record) + "\n")

    def pytest_sessionfinish(self) -> None:
        """The whole process's CPU, its collection and start-up included."""
        import json
        import resource

        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        own, children = (
            resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
        )
        record = {
            "session": worker,
            "cpu": own.ru_utime + own.ru_stime,
            "children": children.ru_utime + children.ru_stime,
        }
        with open(Path(os.environ["RELAPP_TEST_CPU_LOG"]) / f"{worker}.jsonl", "a") as log:
            log.write(json.dumps(record) + "\n")


def _waited_for_a_core() -> float:
    """Seconds the threads of this process have so far waited for a core, ready to run
    (the kernel's schedstat; threads that ended are not counted): what, of a test's wall
    time beyond its CPU, was the machine being busy rather than the test waiting."""
    import contextlib

    total = 0
    for task in Path("/proc/self/task").glob("*/schedstat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            total += int(task.read_text().split()[1])
    return total / 1e9


def _files_to_collect(config: pytest.Config) -> list[Path]:
    """The Python files under the paths given on the command line (the test folder when
    none is), and every conftest.py of the suite."""
    tests = Path(__file__).resolve().parent
    found = set(tests.rglob("conftest.py"))
    for arg in config.args or [str(tests)]:
        name = arg.split("::")[0]
        given = Path(config.invocation_params.dir, name).resolve()
        if not given.exists():  # testpaths are relative to the root folder
            given = Path(config.rootpath, name).resolve()
        if given.is_dir():
            found.update(given.rglob("*.py"))
        elif given.suffix == ".py":
            found.add(given)
    return sorted(found)


from relapp.paths import AppPaths  # noqa: E402
from relapp.storage import Database, open_database  # noqa: E402
from relapp.storage.wal_check import new_application_id  # noqa: E402
from relapp.ui.app import GIL_SWITCH_INTERVAL  # noqa: E402

# As in the app (relapp.ui.gc_collector): cyclic garbage is collected on the main (GUI)
# thread only. Collected by a task worker, a cycle holding Qt wrappers (a finished test's
# window) made Shiboken delete dead C++ objects later on the GUI thread: SIGSEGV.
gc.disable()
# And hand the GIL over as the app does (relapp.ui.app.tune_interpreter): whether a test
# ran after one that started the app's QApplication must not decide how long the GUI
# thread waits for a worker (a capture's stall test took 0.25 s after one, 3-4 s alone).
sys.setswitchinterval(GIL_SWITCH_INTERVAL)


# A full collection walks every object alive, and a test process holds millions (Qt,
# numpy, hypothesis, the modules of every layer): collecting after each test cost about
# 200 ms of CPU a test, most of the suite's time. So what survives a test's collection
# is frozen (gc.freeze: left out of later collections, as the app does after start-up),
# and each test's collection walks only what was made since; every FULL_WALK_EVERY
# tests everything is walked once, for cycles among objects that outlived a test.
FULL_WALK_EVERY = 200
_tests_run = 0


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    yield
    # After the teardown and after pytest let go of the test's fixture values.
    global _tests_run
    _tests_run += 1
    if _tests_run % FULL_WALK_EVERY == 0:
        gc.unfreeze()
    gc.collect()
    gc.freeze()


@pytest.hookimpl(trylast=True)  # after pytest's own grouping by fixtures
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The bundle's first test (its build: a minute and a half) first, then the tests
    marked ``slow`` (10 s or more), then the rest, then the bundle's other tests
    (they use that build; tests/packaging/test_bundle.py). pytest-xdist hands tests to its
    workers one at a time in this order (``--maxschedchunk 1`` in pyproject), so the long
    ones overlap each other and the many short ones, instead of one worker ending the
    run alone on a long test while the others wait. Each one's place is otherwise kept
    (a stable sort), so a module's tests stay together, and its module fixtures."""
    first_bundle = next((i for i in items if i.get_closest_marker("bundle")), None)

    def rank(item: pytest.Item) -> int:
        if item is first_bundle:
            return 0
        if item.get_closest_marker("bundle") is not None:
            return 3
        return 1 if item.get_closest_marker("slow") is not None else 2

    items.sort(key=rank)


CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


@pytest.fixture
def paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppPaths:
    data = tmp_path / "data"
    monkeypatch.setenv("RELAPP_DATA_DIR", str(data))
    app_paths = AppPaths(data)
    app_paths.ensure()
    return app_paths


@pytest.fixture
def db(paths: AppPaths, empty_database: Path) -> Iterator[Database]:
    """A new database of its own: a copy of the one ``open_database`` made for this test
    process (``empty_database``), given its own ``application_id`` as every database
    made by Relapp has, then opened the way the app opens one."""
    shutil.copy(empty_database, paths.database)  # its 0600 mode too
    conn = sqlite3.connect(paths.database)
    try:
        conn.execute("PRAGMA synchronous = OFF")  # a file of this test's alone
        conn.execute(f"PRAGMA application_id = {new_application_id()}")
    finally:
        conn.close()
    database = open_database(paths.database, backups_dir=paths.backups)
    yield database
    database.close()


@pytest.fixture(scope="session")
def empty_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new database, made and migrated by ``open_database`` once per test process and
    closed (its WAL folded in). Creating and migrating one for each of the 660 tests that
    ask for ``db`` cost 22 ms of CPU and a wait on the disk each; a copy opens in 4 ms.
    Making and migrating databases is tested in tests/unit/storage, on their own files."""
    folder = tmp_path_factory.mktemp("empty-database")
    open_database(folder / "relapp.sqlite3", backups_dir=folder / "backups").close()
    return folder / "relapp.sqlite3"


@pytest.fixture
def german(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """German for this test and the processes it starts: the catalogue compiled from
    resources/locale/de (never a stale .mo), English again afterwards."""
    from relapp import i18n

    monkeypatch.setenv("LANGUAGE", "de")
    language = i18n.install()
    yield language
    i18n.install({"LANGUAGE": "en"})


@pytest.fixture
def corpus_dir() -> Path:
    folder = CORPUS / "vcard"
    if not folder.is_dir():
        pytest.skip(
            f"test corpus not found at {folder} (it lives in ../shared beside the checkout)"
        )
    return folder
