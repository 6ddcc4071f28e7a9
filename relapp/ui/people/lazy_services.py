"""What the people list reads through, imported on first use rather than with the list.

The people and search services bring the people's model, storage and search with them
(dataclasses whose methods are compiled at import: 124 million instructions, a fifth of a
bare PySide6 window's start). The window's first search runs after its first paint, on the
worker, and imports them there (``MainWindow.start_list``)."""

from __future__ import annotations

from types import ModuleType


def people() -> ModuleType:
    from relapp.services import people as service

    return service


def search() -> ModuleType:
    from relapp.services import search as service

    return service


def named_first(names: list[str], query: str) -> int:
    from relapp.domain.search import named_first as rule

    return rule(names, query)
