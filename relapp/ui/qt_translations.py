"""Qt's own words (standard dialogs' buttons, the line edit's context menu) in the
language of Relapp's catalogue: ``qtbase_<lang>.qm`` from PySide6's translations folder
(in the bundle too: packaging/relapp.spec keeps the qtbase files)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from relapp.domain.i18n import ENGLISH, locale_name

_installed: list[QTranslator] = []


def install(app: QCoreApplication) -> bool:
    """Install Qt's translation of the active language (none for English); also sets the
    default QLocale so Qt's own date and number widgets agree. True when one was found."""
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    language = locale_name()
    QLocale.setDefault(QLocale(language if language != ENGLISH else "en_GB"))
    if language == ENGLISH:
        return False
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(f"qtbase_{language}", folder):
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True
