"""The QApplication, made before the window's modules are imported, and Qt's font
database filled meanwhile on a thread of its own (issue 18: start-up within 1.5× a bare
window).

The first text the window measures needs the font database: fontconfig parses its
configuration (``/etc/fonts``, XML) and loads its caches, about 25 million instructions
(4-5 ms), the largest single thing the window's start does that a bare window, which
draws no text, does not. ``QFontDatabase``'s functions are thread-safe and PySide6
releases the interpreter lock while Qt fills it, so it is filled on the second core
while the GUI thread imports the window's modules (about 25 ms of Python);
``fonts_loaded`` waits for that thread before Relapp uses Qt any further, so the two
never overlap in Qt itself.
"""

from __future__ import annotations

import sys
import threading

from PySide6.QtWidgets import QApplication

# How often a thread waiting for the interpreter lock makes the running one hand it over
# (``relapp.ui.app.tune_interpreter`` says why 0.2 ms); set before the font thread starts,
# so that it and the GUI thread swap quickly at its start and end.
GIL_SWITCH_INTERVAL = 0.0002

_made: QApplication | None = None
_fonts: threading.Thread | None = None


def start(argv: list[str] | None = None, *, fonts_on_a_thread: bool = True) -> QApplication:
    """The QApplication (``argv[0]`` names the X11 WM_CLASS, default ``relapp``), made
    now unless one exists; with ``fonts_on_a_thread``, the font database starts
    filling on a thread (``fonts_loaded`` waits for it)."""
    global _made, _fonts
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = _made = QApplication(argv if argv is not None else ["relapp"])
    if fonts_on_a_thread:
        from PySide6.QtGui import QFontDatabase

        sys.setswitchinterval(GIL_SWITCH_INTERVAL)
        _fonts = threading.Thread(target=QFontDatabase.families, name="relapp-fonts", daemon=True)
        _fonts.start()
    return app


def made_here(app: QApplication) -> bool:
    """Whether ``app`` is the one ``start`` made (Relapp's, still to be set up)."""
    return _made is not None and app is _made


def fonts_loaded() -> None:
    """Wait until the font database is filled (if ``start`` began filling it)."""
    global _fonts
    if _fonts is not None:
        _fonts.join()
        _fonts = None
