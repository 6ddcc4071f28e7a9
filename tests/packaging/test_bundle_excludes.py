"""The bundle leaves out modules Relapp never imports (packaging/relapp.spec, its
``excludes``): phonenumbers' geocoder, numpy's f2py, pkg_resources, doctest, pdb, Qt's
web engine... If Relapp ever starts to import one, the bundle breaks on a user's desktop
in whatever path imports it, and the bundle's self-check only walks a few paths. These
tests fail first instead: no module of Relapp names an excluded module, and importing
every module of Relapp (with all the libraries they load) brings none of them in."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
SPEC = ROOT / "packaging" / "relapp.spec"


def _excluded() -> list[str]:
    """The names in the spec's ``qt_excludes`` and ``other_excludes`` lists."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id in ("qt_excludes", "other_excludes")
            for t in node.targets
        ):
            names += [ast.literal_eval(item) for item in node.value.elts]  # type: ignore[attr-defined]
    return names


def _covers(excluded: str, module: str) -> bool:
    return module == excluded or module.startswith(excluded + ".")


def test_the_spec_lists_what_it_leaves_out() -> None:
    names = _excluded()
    assert "phonenumbers.geocoder" in names and "PySide6.QtWebEngineCore" in names
    assert len(names) > 40


def test_no_module_of_relapp_imports_an_excluded_module() -> None:
    excluded = _excluded()
    found = []
    for path in sorted((ROOT / "relapp").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            else:
                continue
            for module in modules:
                for name in excluded:
                    if _covers(name, module):
                        found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {module}")
    assert not found, "Relapp imports what the bundle leaves out:\n" + "\n".join(found)


# The bundle's condition: every excluded module is absent (a library may try one and
# fall back, as pyqtgraph does with QtOpenGLWidgets and QtTest); then every module of
# Relapp must still import.
_WALK = """
import importlib, importlib.abc, json, pkgutil, sys
EXCLUDED = json.loads(sys.argv[1])

class LeftOut(importlib.abc.MetaPathFinder):
    tried = set()
    def find_spec(self, name, path=None, target=None):
        if any(name == x or name.startswith(x + ".") for x in EXCLUDED):
            self.tried.add(name)
            raise ModuleNotFoundError(f"No module named {name!r} (left out)", name=name)
        return None

sys.meta_path.insert(0, LeftOut())
import relapp
failed = []
for info in pkgutil.walk_packages(relapp.__path__, "relapp."):
    if info.name.endswith("__main__"):
        continue
    try:
        importlib.import_module(info.name)
    except Exception as error:
        failed.append(f"{info.name}: {error!r}")
walked = {"modules": sorted(sys.modules), "failed": failed, "tried": sorted(LeftOut.tried)}
print(json.dumps(walked))
"""


def test_all_of_relapp_imports_without_what_the_bundle_leaves_out() -> None:
    excluded = _excluded()
    result = subprocess.run(
        [sys.executable, "-c", _WALK, json.dumps(excluded)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    walked = json.loads(result.stdout.splitlines()[-1])
    assert walked["failed"] == [], "\n".join(walked["failed"])
    assert len([m for m in walked["modules"] if m.startswith("relapp.")]) > 200
    brought = [m for m in walked["modules"] for name in excluded if _covers(name, m)]
    assert brought == []
    # The finder was in the way (pyqtgraph tries QtOpenGLWidgets and QtTest), so the walk
    # did meet the bundle's condition and not an environment without those modules.
    assert "PySide6.QtTest" in walked["tried"]
