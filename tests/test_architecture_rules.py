"""How relapp's modules fit together, as rules that fail when broken.

The layer rules (what domain, services and storage may import, lint and format) are in
``tests/test_code_rules.py``; these read the whole import graph, including imports under
``if TYPE_CHECKING:`` and imports inside functions, and the size of every module.

Each rule that the code does not keep yet has an allow-list of today's exceptions. An
allow-list may only shrink: a new exception fails, and so does an entry that is no longer
needed (remove it, so the list says exactly what is left to fix). docs/architecture.md
lists the rules and these test names.
"""

from __future__ import annotations

import ast
import fcntl
import hashlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "relapp"

# -- the import graph -------------------------------------------------------------------


@dataclass(frozen=True)
class Import:
    """One import of a relapp module by another, where it is written."""

    importer: str  # the importing module, e.g. "relapp.ui.main_window"
    target: str  # the relapp module imported, e.g. "relapp.ui.features"
    names: tuple[str, ...]  # for ``from target import a, b``: the names; else ()
    file: str  # the importer's path, e.g. "relapp/ui/main_window.py"
    line: int
    where: str  # "at module level", "under TYPE_CHECKING" or "inside a function"

    def __str__(self) -> str:
        what = ", ".join(self.names) if self.names else "the module"
        return f"{self.file}:{self.line} imports {self.target} ({what}; {self.where})"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _known(name: str, modules: dict[str, Path]) -> str | None:
    """The relapp module that importing ``name`` runs (its nearest existing parent)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(node: ast.AST, where: str) -> Iterator[tuple[ast.Import | ast.ImportFrom, str]]:
    """Every import statement under ``node`` with where it sits."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child, where
        elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            yield from _walk(child, "inside a function")
        elif isinstance(child, ast.If) and _is_type_checking(child.test):
            inner = "inside a function" if where == "inside a function" else "under TYPE_CHECKING"
            for stmt in child.body:
                yield from _walk(ast.Module(body=[stmt], type_ignores=[]), inner)
            for stmt in child.orelse:
                yield from _walk(ast.Module(body=[stmt], type_ignores=[]), where)
        else:
            yield from _walk(child, where)


def _base_of(node: ast.ImportFrom, module: str, path: Path) -> str:
    if not node.level:
        return node.module or ""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    package = package[: len(package) - (node.level - 1)]
    return ".".join([*package, *([node.module] if node.module else [])])


@cache
def _imports() -> tuple[Import, ...]:
    modules = _modules()
    found: list[Import] = []
    for module, path in modules.items():
        file = path.relative_to(ROOT).as_posix()
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=file)
        except SyntaxError as exc:
            raise AssertionError(f"{file} does not parse: {exc}") from None
        for node, where in _walk(tree, "at module level"):
            targets: dict[str, list[str]] = {}
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if (known := _known(alias.name, modules)) is not None:
                        targets.setdefault(known, [])
            else:
                base = _base_of(node, module, path)
                for alias in node.names:
                    if f"{base}.{alias.name}" in modules:  # from package import submodule
                        targets.setdefault(f"{base}.{alias.name}", [])
                    elif (known := _known(base, modules)) is not None:
                        targets.setdefault(known, []).append(alias.name)
            for target, names in targets.items():
                if target != module:
                    found.append(Import(module, target, tuple(names), file, node.lineno, where))
    return tuple(found)


def _graph() -> dict[str, dict[str, list[Import]]]:
    graph: dict[str, dict[str, list[Import]]] = {module: {} for module in _modules()}
    for imp in _imports():
        graph[imp.importer].setdefault(imp.target, []).append(imp)
    return graph


def _components(graph: dict[str, dict[str, list[Import]]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))
    return components


MAX_CYCLES = 500  # enough to show; a tangle bigger than this is reported as it is


def _cycles_through(
    graph: dict[str, dict[str, list[Import]]],
    path: list[str],
    allowed: set[str],
    found: list[tuple[str, ...]],
) -> None:
    """Every cycle that continues ``path`` through ``allowed`` back to ``path[0]``."""
    for nxt in sorted(graph[path[-1]]):
        if len(found) >= MAX_CYCLES:
            return
        if nxt == path[0]:
            found.append(tuple(path))
        elif nxt in allowed and nxt not in path:
            path.append(nxt)
            _cycles_through(graph, path, allowed, found)
            path.pop()


def _cycles(graph: dict[str, dict[str, list[Import]]]) -> list[tuple[str, ...]]:
    """Every elementary cycle, each starting at its alphabetically first module."""
    found: list[tuple[str, ...]] = []
    for component in _components(graph):
        for i, start in enumerate(component):
            _cycles_through(graph, [start], set(component[i + 1 :]), found)
    return found


def _chain(cycle: tuple[str, ...]) -> str:
    return " → ".join([*cycle, cycle[0]])


def _explain(cycle: tuple[str, ...], graph: dict[str, dict[str, list[Import]]]) -> str:
    steps = [f"  {_chain(cycle)}"]
    for a, b in zip(cycle, [*cycle[1:], cycle[0]], strict=True):
        steps.extend(f"      {imp}" for imp in graph[a][b])
    return "\n".join(steps)


def test_no_import_cycles_among_relapp_modules() -> None:
    graph = _graph()
    cycles = _cycles(graph)
    assert not cycles, (
        f"Rule: no import cycles among relapp modules (TYPE_CHECKING and in-function "
        f"imports count). {len(cycles)} cycle(s), each with the imports that close it:\n"
        + "\n".join(_explain(cycle, graph) for cycle in cycles)
    )


def test_the_cycle_finder_sees_type_checking_and_function_imports() -> None:
    """The rule would pass vacuously if the parser missed the imports that make cycles."""
    wheres = {imp.where for imp in _imports()}
    assert wheres == {"at module level", "under TYPE_CHECKING", "inside a function"}
    made_up = {
        "a": {"b": []},
        "b": {"c": [], "a": []},
        "c": {"a": []},
        "d": {"a": []},
    }
    assert sorted(_cycles(made_up)) == [("a", "b"), ("a", "b", "c")]


# -- feature packages -------------------------------------------------------------------

# The packages under relapp/ui that are features: each has a feature.py installed by
# ui/features.py and talks to the rest only through the Shell and what relapp.ui shares.
FEATURES = (
    "importing",
    "promises",
    "introductions",
    "health",
    "merging",
    "backups",
    "exporting",
    "people",
    "capture",
    "sync",
)
# Packages under relapp/ui that features may use: parts with no feature.py of their own
# (the brief is shown by the introductions feature and in the log dialog; the outreach
# warning by the promise and log dialogs; the theme holds every colour), which import no
# feature package themselves.
SHARED_UI_PACKAGES = ("widgets", "brief", "outreach", "notifications", "theme")


def _feature_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[:2] == ["relapp", "ui"] and len(parts) > 2 and parts[2] in FEATURES:
        return parts[2]
    return None


def test_feature_packages_do_not_import_each_other() -> None:
    crossings = [
        imp
        for imp in _imports()
        if (mine := _feature_of(imp.importer))
        and (theirs := _feature_of(imp.target))
        and mine != theirs
    ]
    assert not crossings, (
        "Rule: a feature package under relapp/ui imports no other feature package (move "
        "what both need into shared relapp/ui code, or reach it through the Shell):\n"
        + "\n".join(
            f"  {_feature_of(imp.importer)} → {_feature_of(imp.target)}: {imp}" for imp in crossings
        )
    )


def _shared_package_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[:2] == ["relapp", "ui"] and len(parts) > 2 and parts[2] in SHARED_UI_PACKAGES:
        return parts[2]
    return None


def test_shared_ui_packages_are_no_features_and_import_none() -> None:
    installed = [
        name for name in SHARED_UI_PACKAGES if (PACKAGE / "ui" / name / "feature.py").exists()
    ]
    reaching = [
        imp for imp in _imports() if _shared_package_of(imp.importer) and _feature_of(imp.target)
    ]
    assert not installed and not reaching, (
        "Rule: a shared package under relapp/ui (widgets, brief, outreach) is no feature "
        "(no feature.py) and imports no feature package:\n"
        + "\n".join(f"  relapp/ui/{name}/feature.py exists" for name in installed)
        + "\n".join(f"  {imp}" for imp in reaching)
    )


def test_every_ui_package_is_either_a_feature_or_shared() -> None:
    packages = sorted(
        path.parent.name
        for path in (PACKAGE / "ui").glob("*/__init__.py")
        if path.parent.name not in (*FEATURES, *SHARED_UI_PACKAGES)
    )
    assert packages == [], (
        f"relapp/ui/{packages[0]}/ is neither in FEATURES nor in SHARED_UI_PACKAGES "
        "(tests/test_architecture_rules.py): say which it is, so the feature rule covers it"
    )


# -- ui reaches storage only for the Database handle ------------------------------------

# What relapp/ui may take from relapp/storage: (module, names) per importing file ("*":
# any ui file). docs/architecture.md names these.
UI_STORAGE_ALLOWED: dict[str, dict[str, frozenset[str]]] = {
    "*": {
        "relapp.storage": frozenset({"Database"}),
        "relapp.storage.database": frozenset({"Database"}),
    },
    # The window holds the data folder's lock for its whole run (the one-writer rule).
    "relapp.ui.single_instance": {
        "relapp.storage.folder_lock": frozenset({"FolderLock", "LOCK_NAME"}),
    },
}


def _ui_storage_uses() -> dict[str, list[Import]]:
    uses: dict[str, list[Import]] = {}
    for imp in _imports():
        if not imp.importer.startswith("relapp.ui") or not (
            imp.target == "relapp.storage" or imp.target.startswith("relapp.storage.")
        ):
            continue
        allowed: set[str] = set()
        for rules in (UI_STORAGE_ALLOWED["*"], UI_STORAGE_ALLOWED.get(imp.importer, {})):
            allowed |= rules.get(imp.target, frozenset())
        for name in imp.names or ("",):
            if name not in allowed:
                key = f"{imp.importer}: {imp.target}{'.' + name if name else ''}"
                uses.setdefault(key, []).append(imp)
    return uses


def test_ui_reaches_storage_only_for_the_database_handle() -> None:
    uses = _ui_storage_uses()
    assert not uses, (
        "Rule: relapp/ui takes only the Database handle from relapp/storage (and "
        "FolderLock in ui/single_instance.py); go through a service instead:\n"
        + "\n".join(f"  {imp}" for key in sorted(uses) for imp in uses[key])
    )


# -- module size ------------------------------------------------------------------------

MAX_LINES = 400
# Modules over MAX_LINES today, with their line count then. Only shrinks: an entry fails
# when its module grew past the count, and when it is at or under MAX_LINES (remove it).
LARGE_MODULES: dict[str, int] = {}


def _line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_no_module_in_relapp_over_400_lines() -> None:
    sizes = {path.relative_to(ROOT).as_posix(): _line_count(path) for path in _modules().values()}
    problems = []
    for file, lines in sorted(sizes.items()):
        if lines > MAX_LINES and file not in LARGE_MODULES:
            problems.append(f"  {file} has {lines} lines, over {MAX_LINES}: split it")
        elif file in LARGE_MODULES and lines > LARGE_MODULES[file]:
            problems.append(
                f"  {file} grew to {lines} lines (allowed {LARGE_MODULES[file]} while it "
                f"is split, never more): split it"
            )
        elif file in LARGE_MODULES and lines <= MAX_LINES:
            problems.append(
                f"  {file} has {lines} lines now, not over {MAX_LINES}: remove it from "
                "LARGE_MODULES"
            )
    problems.extend(
        f"  {file} in LARGE_MODULES no longer exists: remove it"
        for file in sorted(LARGE_MODULES)
        if file not in sizes
    )
    assert not problems, "Rule: no module in relapp/ over 400 lines\n" + "\n".join(problems)


# -- mypy -------------------------------------------------------------------------------

MYPY_FOLDERS = (
    "relapp/domain",
    "relapp/services",
    "relapp/storage",
    "relapp/demo",
    "relapp/cli",
    "relapp/self_check.py",
)


def _mypy_cache() -> tuple[Path, Path | None]:
    """mypy's incremental cache folder and the lock to hold while using it. The cache is
    the machine's (``~/.cache/relapp-tests``), one per mypy version, Python and set of
    installed packages (their names and versions, not the environment's folder: a
    fresh clone's new .venv, as CI makes one, finds the cache its predecessor left), so
    a fresh checkout does not analyse the standard library, numpy and Qt's stubs again
    (16 s of the 17 s of CPU a first run takes; reused, 0.5-2 s). mypy keeps such a
    cache honest itself: each module is checked again when its source (by hash, also
    when its path changed) or what it imports changed, and the test reads every error
    as before. Checkouts that share the cache take turns (the lock). Where no such
    folder can be made, the checkout's own ``.mypy_cache``, as before."""
    from importlib import metadata

    from mypy.version import __version__ as version

    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "relapp-tests"
    installed = sorted(
        f"{d.metadata['Name']}=={d.version}".lower() for d in metadata.distributions()
    )
    where = hashlib.sha256("\n".join([sys.version, *installed]).encode()).hexdigest()[:12]
    folder = base / f"mypy-{version}-{sys.implementation.cache_tag}-{where}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return ROOT / ".mypy_cache", None
    return folder, folder.with_name(folder.name + ".lock")


@pytest.mark.slow
def test_mypy_finds_no_error_in_domain_services_and_storage() -> None:
    """mypy, configured in pyproject.toml ([tool.mypy]), over the layers under the UI."""
    pytest.importorskip("mypy", reason="mypy is not installed (pip install -e '.[test]')")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cache, lock = _mypy_cache()
    command = [sys.executable, "-m", "mypy", "--cache-dir", str(cache)]
    started = time.monotonic()
    with open(lock or os.devnull, "w") as held:
        if lock is not None:
            fcntl.flock(held, fcntl.LOCK_EX)
        result = subprocess.run(
            [*command, *MYPY_FOLDERS], cwd=ROOT, capture_output=True, text=True, env=env
        )
    took = time.monotonic() - started
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert result.returncode == 0 and not errors, (
        f"Rule: mypy over {', '.join(MYPY_FOLDERS)} reports no error "
        f"({len(errors)} found, in {took:.1f} s):\n" + result.stdout + result.stderr
    )
