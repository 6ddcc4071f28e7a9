"""The one style module: every colour of the UI, for the light and the dark scheme.

``colours`` holds the values (light/dark pairs, the dark palette); ``scheme`` says which
scheme is in use, forces one (RELAPP_COLOR_SCHEME=dark|light) and keeps widgets in step
when it changes; ``contrast`` measures WCAG contrast. Everything else in relapp/ui takes
its colours from palette roles or from here (tests/test_code_rules.py checks it)."""

from relapp.ui.theme import colours
from relapp.ui.theme.colours import Pair
from relapp.ui.theme.scheme import (
    TRANSPARENT,
    colour,
    css,
    finish_start,
    force,
    install,
    is_dark,
    on_change,
    set_style,
    sheet,
    value,
    watcher,
)

__all__ = [
    "TRANSPARENT",
    "Pair",
    "colour",
    "colours",
    "css",
    "finish_start",
    "force",
    "install",
    "is_dark",
    "on_change",
    "set_style",
    "sheet",
    "value",
    "watcher",
]
