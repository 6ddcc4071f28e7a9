"""Starting the desktop app: the QApplication, the database, the main window."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from relapp import APP_NAME, __version__
from relapp.bootstrap import open_demo_database, open_user_database
from relapp.domain.errors import DatabaseError
from relapp.paths import AppPaths
from relapp.ui import icons
from relapp.ui.main_window import MainWindow


def create_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName("relapp")
    app.setWindowIcon(icons.app_icon())
    return app


def database_error_box(error: DatabaseError) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Critical, error.title, "", QMessageBox.StandardButton.Ok)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(f"Relapp could not open its database:\n\n{error.path}\n\n{error.message}")
    box.setInformativeText("Nothing was changed. Relapp will now close.")
    return box


def run_gui(paths: AppPaths, *, demo: bool = False) -> int:
    app = create_application()
    try:
        db = open_demo_database(paths) if demo else open_user_database(paths)
    except DatabaseError as error:
        print(f"relapp: {error}", file=sys.stderr)
        database_error_box(error).exec()
        return 2
    window = MainWindow(db, paths.demo() if demo else paths, demo=demo)
    window.show()
    code = app.exec()
    db.close()
    return code
