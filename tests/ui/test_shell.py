"""The Shell between the window and the features: the registry of installed features,
close vetoes, dialog extensions, and the rule that no feature knows the main window."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from relapp.domain.changes import Changes
from relapp.ui.main_window import MainWindow
from relapp.ui.shell import Features
from relapp.ui.window_shell import WindowShell

UI = Path(__file__).resolve().parents[2] / "relapp" / "ui"
WINDOW_SIDE = {"relapp.ui.main_window", "relapp.ui.window_shell", "relapp.ui.app"}


class Alpha:
    pass


class Beta(Alpha):
    pass


def test_features_are_found_by_their_type_and_installed_once() -> None:
    features = Features()
    alpha = Alpha()
    features.add(alpha)
    assert features.get(Alpha) is alpha
    assert features.find(Beta) is None
    with pytest.raises(LookupError, match="Beta is not installed"):
        features.get(Beta)
    with pytest.raises(ValueError, match="Alpha is installed twice"):
        features.add(Alpha())
    assert list(features) == [alpha] and len(features) == 1


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, also inside ``if TYPE_CHECKING:`` and functions."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_no_feature_imports_the_main_window() -> None:
    feature_files = [*UI.glob("*/*.py"), UI / "features.py", UI / "shell.py"]
    assert len(feature_files) > 40
    offenders = {
        str(path.relative_to(UI)): sorted(imported_modules(path) & WINDOW_SIDE)
        for path in feature_files
        if imported_modules(path) & WINDOW_SIDE
    }
    assert offenders == {}


def test_no_feature_looks_another_up_by_object_name() -> None:
    offenders = [
        str(path.relative_to(UI))
        for path in UI.glob("*/*.py")
        if "def feature_of" in (text := path.read_text(encoding="utf-8"))
        or ".extensions.append" in text
    ]
    assert offenders == []


def test_every_feature_is_in_the_windows_features(window: MainWindow) -> None:
    from relapp.ui.features import installers

    assert len(window.features) == len(installers())
    names = {type(feature).__name__ for feature in window.features}
    assert "PromisesFeature" in names and "ImportFeature" in names


def test_a_close_veto_hides_the_window_instead(qtbot, window: MainWindow) -> None:
    shell = WindowShell(window)
    asked: list[bool] = []

    def keep_running() -> bool:
        asked.append(True)
        return True

    shell.add_close_veto(keep_running)
    assert shell.keeps_running_on_close()
    window.close()
    assert asked and not window.isVisible()
    window.close_vetoes.clear()


def test_announce_reaches_the_window_and_every_shell(qtbot, window: MainWindow) -> None:
    shell = WindowShell(window)
    heard: list[Changes] = []
    shell.changed.connect(heard.append)
    changes = Changes.of_people((1,), tags=True)
    shell.announce(changes)
    assert heard == [changes]
    window.announce(Changes.all())
    assert heard == [changes, Changes.all()]


def test_every_feature_installs_against_a_fake_shell(qtbot, db, paths, runner) -> None:
    from relapp.ui.features import install_features, installers
    from relapp.ui.promises.feature import PromisesFeature
    from tests.ui.fake_shell import FakeShell

    shell = FakeShell(db, paths, runner)
    qtbot.addWidget(shell.widget)
    features = install_features(shell)
    try:
        assert len(features) == len(installers())
        assert set(shell.left_views) >= {"Today"} and any(
            t.startswith("Due") for t in shell.left_views
        )
        assert shell.sections and shell.menus["settings"].actions()
        assert len(shell.dialog_extensions) == 2
    finally:
        features.get(PromisesFeature).scheduler.stop()
        runner.wait()
