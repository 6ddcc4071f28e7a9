"""Sync with the CardDAV server you already use (Settings ▸ Sync…)."""
