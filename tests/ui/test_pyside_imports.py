"""The cheaper PySide6 import hook (``relapp.ui.pyside_imports``) answers as PySide6's
own: whether a module's source mentions PySide6."""

from __future__ import annotations

import inspect
import os
import sys
import types
import typing
from pathlib import Path

import pytest

import relapp.domain.model
import relapp.ui.main_window
from relapp.ui import pyside_imports


@pytest.mark.parametrize(
    "module",
    [relapp.ui.main_window, relapp.domain.model, pyside_imports, types, sys, pytest, inspect],
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


def test_no_module_of_the_standard_library_mentions_pyside6_so_none_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    library = Path(pyside_imports.STANDARD_LIBRARY)
    sources = [
        path
        for path in library.rglob("*.py")
        if not path.relative_to(library).parts[0].endswith(("site-packages", "dist-packages"))
    ]
    assert len(sources) > 500  # the whole standard library was searched
    assert [p for p in sources if pyside_imports.NEEDLE in p.read_bytes()] == []
    read: list[str] = []
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda path, *a: read.append(path) or real_open(path, *a))
    assert pyside_imports.uses_pyside(typing, lambda m: True) is False
    assert pyside_imports.uses_pyside(relapp.ui.main_window, lambda m: False) is True
    assert read == [relapp.ui.main_window.__file__]


def test_a_package_installed_in_the_standard_librarys_folder_is_read() -> None:
    there = pyside_imports.STANDARD_LIBRARY + os.path.join("site-packages", "x.py")
    assert not pyside_imports.in_the_standard_library(there)
    assert pyside_imports.in_the_standard_library(typing.__file__)
    assert not pyside_imports.in_the_standard_library(relapp.ui.main_window.__file__)
