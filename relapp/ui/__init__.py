"""Qt only: windows, item models, widgets, dialogs, and the background-task runner."""
