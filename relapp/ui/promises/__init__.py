"""Promised callbacks in the window: the promise dialog, the Due view, the person page's
open promises, the log-interaction extension, the tray and the reminder scheduler."""
