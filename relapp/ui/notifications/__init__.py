"""Notifications to the desktop, shared by the features (reached as ``shell.notifications``):
``org.freedesktop.Notifications`` with actions on Linux and other free desktops
(``freedesktop.py`` over ``bus.py``), else, or when no server answers, the way the
feature gives (the tray balloon; Qt's path on Windows and macOS). ``transport.py``
chooses; ``note.py`` is what a notification says."""
