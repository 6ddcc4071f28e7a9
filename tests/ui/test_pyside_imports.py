"""The cheaper PySide6 import hook (``relapp.ui.pyside_imports``) answers as PySide6's
own: whether a module's source mentions PySide6."""

from __future__ import annotations

import sys
import types

import pytest

import relapp.domain.model
import relapp.ui.main_window
from relapp.ui import pyside_imports


@pytest.mark.parametrize(
    "module",
    [relapp.ui.main_window, relapp.domain.model, pyside_imports, types, sys, pytest],
    ids=lambda m: m.__name__,
)
def test_the_check_answers_as_pysides_own(module: types.ModuleType) -> None:
    assert pyside_imports.pysides_own is not None  # installed with relapp.ui
    mine = sys.modules["shibokensupport.feature"]._mod_uses_pyside(module)
    assert mine == pyside_imports.pysides_own(module)


def test_it_reads_the_source_file_and_leaves_the_rest_to_pyside() -> None:
    asked: list[str] = []

    def fallback(module: types.ModuleType) -> bool:
        asked.append(module.__name__)
        return False

    assert pyside_imports.uses_pyside(relapp.ui.main_window, fallback) is True
    assert pyside_imports.uses_pyside(relapp.domain.model, fallback) is False
    assert pyside_imports.uses_pyside(sys, fallback) is False  # built in: no file
    assert asked == ["sys"]
    assert pyside_imports.install()  # again: nothing changes
