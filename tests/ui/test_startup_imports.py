"""Start-up imports only what the first paint needs (issue 18: start-up within 1.5x a
bare PySide6 window). The real ``relapp`` runs in its own process on a database with
people; when the window has painted and its list has come in (the first page read, the
count shown), the modules loaded are checked: the features, the person page (not shown
yet), peewee (reads need no transaction), Babel (English needs no locale data), the
commands, the migrations of a current database and the desktop notifications' D-Bus
code all come later; at the first paint itself the people's model, storage and search
are not loaded yet either (the list's first search, on the worker, starts after it).
A new import on the start-up path that pulls one of them in fails here."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from relapp.domain.model import PersonDraft
from relapp.paths import AppPaths
from relapp.services import people
from relapp.storage import open_database

ROOT = Path(__file__).resolve().parents[2]

# Loaded by the time the first paint is done: none of these.
NOT_BEFORE_THE_FIRST_PAINT = (
    "relapp.ui.desktop_actions",
    "PySide6.QtNetwork",  # the single-instance socket opens after the first paint
    "hashlib",  # the single-instance socket's name: made when the socket opens
    "logging.handlers",  # the log file's rotation: made at the first record written
    "socket",  # the display check reaches the X server through _socket
    # The people, their history and the search (dataclasses whose methods are compiled
    # at import: 124 million instructions): the list's first search, on the worker,
    # starts after the first paint and imports them there.
    "relapp.domain.model",
    "relapp.domain.text_search",
    "relapp.domain.promise_model",
    "relapp.services.people",
    "relapp.services.search",
    "relapp.storage.people_repo",
    "relapp.domain.changes",  # what a write changed: after the first write
    "html",  # tooltips' escaping: with the first tooltip
    "pkgutil",  # the migrations' names: their folder listed (15 million instructions)
    "dataclasses",  # each class made compiles its methods (4 million instructions)
)

# Qt widget types PySide6 has not made by the time the first paint is done (each costs
# its enums: QMessageBox's 46 members, dialogs only; the tray's, --minimized only;
# QStyle's 600 in 12 enums, 50 million instructions: the theme's start needs no style
# object, the check boxes' edges are set after the first paint).
NOT_MADE_BEFORE_THE_FIRST_PAINT = ("QMessageBox", "QSystemTrayIcon", "QStyle")
# Nor the ``Qt`` namespace (PySide6.QtCore): its 93 enums are made all at once on its
# first use (``Qt.Key`` alone has 471 members), 125 million instructions, a fifth of a
# bare window's start; the first paint asks Qt for nothing that needs them.
NOT_MADE_IN_QTCORE_BEFORE_THE_FIRST_PAINT = ("Qt",)

# Loaded by the time the first paint is done and the list has come in: none of these.
NOT_BEFORE_THE_LIST = (
    "peewee",
    "babel",
    "relapp.cli.commands",
    "relapp.cli.framework",
    "relapp.storage.migrations.m0001_core",
    "relapp.storage.peewee_db",
    "relapp.ui.person_page",  # the first paint shows the welcome or "nobody selected"
    "relapp.ui.history_delegate",
    "relapp.ui.people.text_hits",  # "In your notes": hidden until a search finds text
    "relapp.ui.notifications.bus",
    "relapp.ui.notifications.transport",
    "relapp.ui.sync",
    "relapp.ui.capture",
    "relapp.ui.importing",
    "relapp.ui.health",
    "relapp.ui.backups.feature",
    "relapp.services.start_check",  # the database check's note: after the features install
    "relapp.storage.backup",
    "relapp.services.sync",
    "relapp.services.capture",
    "relapp.services.importing",
    "jeepney",
    "requests",
    "pyqtgraph",
    "numpy",
    "vobject",
    "icalendar",
)

# Runs relapp's own main(); the window's after_first_paint (called right after its first
# paint; it makes the Qt namespace, then installs the features) is replaced by the check,
# so nothing of that happens before it looks.
PROBE = (
    f"QT_TYPES_LATER = {NOT_MADE_BEFORE_THE_FIRST_PAINT!r}\n"
    f"QTCORE_LATER = {NOT_MADE_IN_QTCORE_BEFORE_THE_FIRST_PAINT!r}\n"
    + """
import sys
from relapp.ui.main_window import MainWindow
from PySide6.QtCore import QCoreApplication

def check(window):
    app = QCoreApplication.instance()
    print("painted with:", " ".join(sorted(sys.modules)))
    widgets = vars(sys.modules["PySide6.QtWidgets"])  # PySide6 makes its types on first use
    core = vars(sys.modules["PySide6.QtCore"])
    made = [name for name in QT_TYPES_LATER if name in widgets]
    print("qt types:", " ".join(made + [name for name in QTCORE_LATER if name in core]))
    from PySide6.QtCore import Qt  # (made now, for the checks below)

    header = window.view.horizontalHeader()
    names = [header.model().headerData(i, Qt.Orientation.Horizontal) for i in range(3)]
    print("painted header:", "|".join(names), header.isVisible())
    print("window icon:", "none" if window.windowIcon().isNull() else "set")
    print("clear button:", window.search.isClearButtonEnabled())
    window.start_list()  # as install_features does first, then
    window.people_list.after_first_paint()
    while not window.list_loaded:
        app.processEvents()
    print("count:", window.status_count.text())
    ascending = header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    order = "ascending" if ascending else "descending"
    print("sorted by:", header.sortIndicatorSection(), order, window.view.isSortingEnabled())
    print("the people's model:", window.view.model() is window.model)
    print("listed with:", " ".join(sorted(sys.modules)))
    sys.stdout.flush()
    app.exit(0)

MainWindow.after_first_paint = check
from relapp.__main__ import main
sys.exit(main(sys.argv[1:]))
"""
)


def loaded_at_first_paint(data_dir: Path) -> tuple[dict[str, str], set[str], set[str]]:
    """What the probe said, the modules loaded at the first paint, and once the list
    had come in."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    env.pop("LANGUAGE", None)
    env.update(LANG="C.UTF-8", LC_ALL="", LC_MESSAGES="")
    result = subprocess.run(
        [sys.executable, "-c", PROBE, "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(": ", 1) for line in result.stdout.splitlines() if ": " in line)
    painted, listed = lines.pop("painted with"), lines.pop("listed with")
    return lines, set(painted.split()), set(listed.split())


def test_the_first_paint_loads_no_feature_nor_peewee_babel_or_the_commands(
    tmp_path: Path,
) -> None:
    paths = AppPaths(tmp_path / "data")
    paths.ensure()
    db = open_database(paths.database)
    for name in ("Ada Lovelace", "Grace Hopper", "Alan Turing"):
        people.add_person(db, PersonDraft(name))
    db.close()

    said, painted, loaded = loaded_at_first_paint(paths.data_dir)

    assert said["count"] == "3 people"  # the list and its count came in before the check
    # The header as painted first (from the column names alone), then the people's model
    # sorted by name, as the list is.
    assert said["painted header"] == "Name|Organisation|Last contact True"
    assert (said["sorted by"], said["the people's model"]) == ("0 ascending True", "True")
    # Set after the first paint: the window's icon (X11 is sent every size of it) and the
    # search box's clear button (Qt looks its icon up in the icon themes).
    assert (said["window icon"], said["clear button"]) == ("none", "False")
    assert "relapp.ui.main_window" in loaded and "PySide6.QtWidgets" in loaded
    early = _among(NOT_BEFORE_THE_LIST, loaded) + _among(NOT_BEFORE_THE_FIRST_PAINT, painted)
    early += [f"the type {name}" for name in said.get("qt types", "").split()]
    assert early == [], f"imported or made before the first paint: {early}"


def test_the_display_check_needs_no_socket_module() -> None:
    """Before Qt starts, ``relapp`` asks whether anyone answers on the X display (a
    unix socket); the ``socket`` module (16 million instructions: its enums, selectors)
    is not needed for that."""
    probe = (
        "import os, sys\n"
        "os.environ.pop('QT_QPA_PLATFORM', None); os.environ.pop('WAYLAND_DISPLAY', None)\n"
        "os.environ['DISPLAY'] = ':65000'\n"  # nobody answers there
        "from relapp.__main__ import unreachable_display\n"
        "said = unreachable_display()\n"
        "print('socket' in sys.modules, ':65000' in (said or ''))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]


def _among(names: tuple[str, ...], loaded: set[str]) -> list[str]:
    return sorted(
        name for name in names if name in loaded or any(m.startswith(f"{name}.") for m in loaded)
    )
