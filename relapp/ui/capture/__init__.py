"""History capture in the window: drop an archive, see the preview, apply, undo."""
