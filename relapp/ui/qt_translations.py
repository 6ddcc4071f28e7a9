"""Qt's own words (standard dialogs' buttons, the line edit's context menu) in the
language of Relapp's catalogue: ``qtbase_<lang>.qm`` from PySide6's translations folder
(in the bundle too: packaging/relapp.spec keeps the qtbase files)."""

from __future__ import annotations

from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from relapp.domain.i18n import ENGLISH, locale_name

_installed: list[QTranslator] = []
_system: list[QLocale] = []  # Qt's default locale before Relapp chose one


def _folders() -> list[Path]:
    """Qt's translations folder; in a PyInstaller bundle the files sit beside PySide6's
    package (PySide6/Qt/translations), which Qt's own path may not name."""
    return [
        Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
        Path(PySide6.__file__).resolve().parent / "Qt" / "translations",
    ]


def install(app: QCoreApplication) -> bool:
    """Install Qt's translation of the active language (none for English); also sets the
    default QLocale so Qt's own date and number widgets agree. True when one was found."""
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    language = locale_name()
    if not _system:
        _system.append(QLocale())
    QLocale.setDefault(QLocale(language) if language != ENGLISH else _system[0])
    if language == ENGLISH:
        return False
    translator = QTranslator(app)
    if not any(translator.load(f"qtbase_{language}", str(f)) for f in _folders()):
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True
