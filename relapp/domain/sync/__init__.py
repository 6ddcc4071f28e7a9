"""Sync with a CardDAV/CalDAV server: the pure rules (codecs, merging, status)."""
