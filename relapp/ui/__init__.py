"""Qt only: windows, item models, widgets, dialogs, and the background-task runner."""

from relapp.ui import pyside_imports

pyside_imports.install()  # before the modules of relapp.ui are imported
