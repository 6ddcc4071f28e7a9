"""Which colour scheme is in use, and keeping every widget in step when it changes.

The scheme is the system's (``QStyleHints.colorScheme()``), or the one forced with
``RELAPP_COLOR_SCHEME=dark|light`` (tests, screenshots) or :func:`force`. When the
platform gives no palette for the scheme asked for (offscreen, a bare X server), Relapp
sets Fusion with its own dark palette (or Fusion's light one). A change of scheme or of
the application palette re-applies every style sheet set through :func:`set_style` and
emits :attr:`Watcher.changed` for what paints itself (charts, the network view)."""

from __future__ import annotations

import copy
import functools
import os
from collections.abc import Callable
from string import Template

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget

from relapp.ui.theme import colours
from relapp.ui.theme.colours import Pair

ENV = "RELAPP_COLOR_SCHEME"
_SHEET = "relappStyleTemplate"  # the dynamic property holding a widget's template
# Names a style sheet template may use ($muted, $error, ...): text and panel colours.
NAMES: dict[str, Pair] = {
    "muted": colours.MUTED,
    "error": colours.ERROR,
    "brief_background": colours.BRIEF_BACKGROUND,
    "brief_border": colours.BRIEF_BORDER,
    "duplicate_background": colours.DUPLICATE_BACKGROUND,
    "duplicate_border": colours.DUPLICATE_BORDER,
    "duplicate_text": colours.DUPLICATE_TEXT,
    "duplicate_rule": colours.DUPLICATE_RULE,
    "outreach_background": colours.OUTREACH_BACKGROUND,
    "outreach_border": colours.OUTREACH_BORDER,
    "outreach_text": colours.OUTREACH_TEXT,
    "chip_text": colours.PERSON_CHIP[0],
    "chip_background": colours.PERSON_CHIP[1],
    "chip_border": colours.PERSON_CHIP[2],
    "on_colour": colours.ON_COLOUR,
    "network_you": colours.NETWORK_YOU,
    "network_introducer": colours.NETWORK_INTRODUCER,
    "network_person": colours.NETWORK_PERSON,
}
for _kind, (_text, _background, _border) in colours.CHIPS.items():
    NAMES.update({f"{_kind}_text": _text, f"{_kind}_background": _background})
    NAMES[f"{_kind}_border"] = _border
for _band, (_text, _background) in colours.BAND_LABELS.items():
    NAMES.update({f"band_{_band}_text": _text, f"band_{_band}_background": _background})

# Qt.GlobalColor.transparent, for what is drawn before the first paint (the
# ``Qt`` namespace would be made for it: relapp/ui/qt_values.py).
TRANSPARENT = QColor(0, 0, 0, 0)

_forced: str | None = None
# From ``install`` until ``finish_start`` (the window's first paint): the palette alone
# says whether the scheme is dark (see ``is_dark``).
_palette_only = False


def forced() -> str | None:
    """ "dark" or "light" when the scheme is forced, else None (follow the system)."""
    return _forced


def is_dark() -> bool:
    """The scheme forced, else the system's (``QStyleHints.colorScheme()``), else the
    palette's. Before the window's first paint the palette alone: asking the system's
    scheme hands Python a ``Qt.ColorScheme``, and PySide makes the whole ``Qt``
    namespace for it (125 million instructions, ``relapp/ui/qt_values.py``). Where the
    system reports a dark scheme and gives no palette, Qt's own palette is its dark one
    already; where they still differ, ``finish_start`` refreshes for the scheme."""
    if _forced is not None:
        return _forced == "dark"
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication):
        return False
    if not _palette_only:
        from PySide6.QtCore import Qt  # not before the first paint (see above)

        hint = app.styleHints().colorScheme()
        if hint == Qt.ColorScheme.Dark:
            return True
        if hint == Qt.ColorScheme.Light:
            return False
    return _palette_is_dark(QGuiApplication.palette())


def _palette_is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def value(pair: Pair) -> str:
    return pair.dark if is_dark() else pair.light


def colour(pair: Pair) -> QColor:
    """The pair's colour for the scheme in use (read it when painting, not once)."""
    return QColor(value(pair))


def css(pair: Pair) -> str:
    """The colour for a style sheet: #rrggbb, or rgba(...) when it has an alpha."""
    return _css(colour(pair))


def sheet(template: str) -> str:
    """A style sheet template with $names (see NAMES) filled in for the scheme in use;
    $link is the palette's link colour."""
    link = QGuiApplication.palette().color(QPalette.ColorRole.Link).name()
    return _filled(template, is_dark(), link)


@functools.lru_cache(maxsize=1024)
def _filled(template: str, dark: bool, link: str) -> str:
    """``sheet`` once per template and scheme: opening a person fills the same dozen
    templates (two a promise row) every time, and each named every colour of NAMES."""
    return Template(template).substitute(_values(dark, link))


@functools.lru_cache(maxsize=8)
def _values(dark: bool, link: str) -> dict[str, str]:
    values = {name: _css(QColor(pair.dark if dark else pair.light)) for name, pair in NAMES.items()}
    values["link"] = link
    return values


def _css(c: QColor) -> str:
    if c.alpha() == 255:
        return c.name()
    return f"rgba({c.red()}, {c.green()}, {c.blue()}, {c.alpha()})"


def set_style(widget: QWidget, template: str) -> None:
    """Give ``widget`` the style sheet ``template`` ($muted, $error ...), now and again at
    every change of scheme."""
    widget.setProperty(_SHEET, template)
    widget.setStyleSheet(sheet(template))


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, hex_value in colours.DARK_PALETTE.items():
        palette.setColor(QPalette.ColorRole[role], QColor(hex_value))
    for role, hex_value in colours.DARK_PALETTE_DISABLED.items():
        palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole[role], QColor(hex_value))
    return palette


def light_palette(fusions: QPalette | None = None) -> QPalette:
    """Fusion's standard palette (``fusions``: the application's, when ``_fusions_own``
    says it is that one) with Relapp's light colours."""
    # copy.copy, not QPalette(fusions): choosing among QPalette's constructors asks
    # whether the argument is a Qt.GlobalColor, which makes the Qt namespace (qt_values)
    palette = copy.copy(fusions) if fusions is not None else fusion_palette()
    for role, hex_value in colours.LIGHT_PALETTE.items():
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, QPalette.ColorRole[role], QColor(hex_value))
    return palette


def fusion_palette() -> QPalette:
    """Fusion's standard palette (a style object: PySide makes QStyle's Python type and
    its 600 enum members, 50 million instructions, so not at start-up)."""
    return QStyleFactory.create("Fusion").standardPalette()


# Fusion's standard palette's Highlight (Qt 6; tests/ui/theme pins it to
# ``fusion_palette()``): read at start-up without a style object.
FUSION_HIGHLIGHT = "#308cc6"


def _fusions_own(palette: QPalette) -> bool:
    """Whether ``palette`` is Fusion's standard one (a bare X server, offscreen), not the
    desktop's: then Relapp's light palette, Fusion's with a readable selection, is used."""
    highlight = palette.color(QPalette.ColorRole.Highlight)
    return highlight == QColor(FUSION_HIGHLIGHT) != QColor(colours.LIGHT_PALETTE["Highlight"])


INDICATORS = ("QCheckBox", "QRadioButton")


def indicator_palette(palette: QPalette) -> QPalette:
    """``palette`` for check boxes and radio buttons drawn by Fusion, which outlines them
    in the Window colour made darker (radio buttons by 150, check boxes by 140 then
    lighter by 110); neither widget paints its Window. With this Window the edge is
    ``INDICATOR_EDGE``."""
    edged = copy.copy(palette)  # (as in light_palette)
    window = colour(colours.INDICATOR_EDGE).lighter(150)
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        edged.setColor(group, QPalette.ColorRole.Window, window)
    return edged


def _edge_indicators(app: QApplication) -> None:
    """Where Fusion draws (Relapp's own palettes, a bare X server), give check boxes and
    radio buttons an edge one can see; a platform style draws its own."""
    if app.style().name() != "fusion":
        return
    wanted = indicator_palette(app.palette())
    for name in INDICATORS:
        if QApplication.palette(name) != wanted:  # else each set would refresh again
            QApplication.setPalette(wanted, name)


class _PaletteSentinel(QWidget):
    """Never shown: told of each new application palette, as every widget is (an event
    filter on the application would see every event of every widget instead)."""

    def __init__(self, changed: Callable[[], None]) -> None:
        super().__init__()
        self.changed = changed

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            self.changed()
        return super().event(event)


class Watcher(QObject):
    """Follows the system's scheme and the application palette; one per application."""

    changed = Signal()

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.app = app
        self.pending = False
        self.applied: tuple[bool, QPalette] | None = None  # the scheme and palette refreshed for
        self.edges_pending = False  # the indicators' edges, left for after the first paint
        app.styleHints().colorSchemeChanged.connect(self.schedule)
        self.sentinel = _PaletteSentinel(self.schedule)

    def schedule(self, *_: object) -> None:
        if not self.pending:
            self.pending = True
            QTimer.singleShot(0, self._refresh_if_changed)

    def _refresh_if_changed(self) -> None:
        """The palettes a refresh sets are announced after it (posted events): at start
        the window's first paint waited for a second refresh over all its widgets, for
        nothing. Refreshes when the scheme or the palette differ from the last one's."""
        if self.applied is not None and self.applied == (is_dark(), self.app.palette()):
            self.pending = False
            return
        self.refresh()

    def refresh(self, *, edges: bool = True) -> None:
        """Bring the palette in line with the scheme, re-style, and tell the painters.
        ``edges=False``: the check boxes' edges later (``finish_start``)."""
        self.pending = True  # the palette set here needs no second refresh
        try:
            self.edges_pending = not edges
            self._refresh()
            self.applied = (is_dark(), self.app.palette())
        finally:
            self.pending = False

    def _refresh(self) -> None:
        dark = is_dark()
        if dark != _palette_is_dark(self.app.palette()):
            if dark:
                self.app.setStyle("Fusion")
            self.app.setPalette(dark_palette() if dark else light_palette())
        elif not dark and _fusions_own(palette := self.app.palette()):
            self.app.setPalette(light_palette(palette))  # no system palette: Relapp's light one
        if not self.edges_pending:
            _edge_indicators(self.app)
        for widget in self.app.allWidgets():
            template = widget.property(_SHEET)
            if isinstance(template, str):
                widget.setStyleSheet(sheet(template))
            elif "palette(" in (own := widget.styleSheet()):
                widget.setStyleSheet(own)  # palette(...) is read when a sheet is set
        self.changed.emit()


_watcher: Watcher | None = None


def watcher() -> Watcher:
    """The application's watcher (made on first use)."""
    global _watcher
    app = QApplication.instance()
    assert isinstance(app, QApplication), "the theme needs a QApplication"
    if _watcher is None or _watcher.app is not app:
        _watcher = Watcher(app)
    return _watcher


def on_change(method: Callable[[], None]) -> None:
    """Call ``method`` (a bound method of a QObject: Qt disconnects it when that object
    is deleted) at every change of scheme."""
    watcher().changed.connect(method)


def force(scheme: str | None) -> None:
    """Use "dark" or "light" whatever the system says (None: follow the system again),
    and apply it at once: palette, style sheets, charts."""
    global _forced
    if scheme not in (None, "dark", "light"):
        raise ValueError(f"{ENV} must be dark or light, not {scheme!r}")
    _forced = scheme
    app = QApplication.instance()
    if isinstance(app, QApplication):
        from PySide6.QtCore import Qt  # a forced scheme (tests, screenshots): may cost start-up

        hints = app.styleHints()
        wanted = {"dark": Qt.ColorScheme.Dark, "light": Qt.ColorScheme.Light}
        hints.setColorScheme(wanted.get(scheme or "", Qt.ColorScheme.Unknown))
        watcher().refresh()


def install(app: QApplication) -> None:
    """At start: honour RELAPP_COLOR_SCHEME, give a dark platform without a dark palette
    one, and follow the system's changes from now on. Until ``finish_start`` the palette
    alone says whether the scheme is dark (``is_dark``)."""
    global _palette_only
    watcher()
    wanted = os.environ.get(ENV, "").strip().lower()
    if wanted in ("dark", "light"):
        force(wanted)
    else:
        _palette_only = True
        # The edges ask which style is in use: a style object (see ``fusion_palette``),
        # and the first paint shows no check box.
        watcher().refresh(edges=False)


def finish_start() -> None:
    """After the window's first paint: what ``install`` left for then (the system's
    scheme asked, and followed if the palette said otherwise; the check boxes' edges)."""
    global _palette_only
    _palette_only = False
    app = QApplication.instance()
    if not isinstance(app, QApplication) or _watcher is None:
        return
    if _watcher.applied is not None and _watcher.applied[0] != is_dark():
        _watcher.refresh()  # the edges too
    elif _watcher.edges_pending:
        _watcher.edges_pending = False
        _edge_indicators(app)
