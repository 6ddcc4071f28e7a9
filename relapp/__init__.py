"""Relapp: a personal relationship manager."""

__version__ = "0.1.0"
APP_NAME = "Relapp"
APP_ID = "io.github.relapp.Relapp"  # the desktop file, the icon, the Wayland app id, AppStream
