"""A colour scheme put back after each test; the demo's people from tests/ui/demo_people.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtWidgets import QApplication

from relapp.ui import theme
from tests.ui.demo_people import NOW, demo_db, open_named  # noqa: F401 (fixtures and helpers)


@pytest.fixture
def scheme(qtbot) -> Iterator[Callable[[str], None]]:
    """``scheme("dark")``: force a scheme and let every widget follow; light again after."""

    def use(name: str) -> None:
        theme.force(name)
        QApplication.processEvents()
        qtbot.wait(50)

    yield use
    theme.force("light")
    theme.force(None)
