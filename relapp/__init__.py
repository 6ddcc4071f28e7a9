"""Relapp: a personal relationship manager."""

__version__ = "0.1.0"
APP_NAME = "Relapp"
