"""vCard import in the desktop app: drop, preview, apply with progress, undo."""
