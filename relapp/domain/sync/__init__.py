"""Sync with the user's CardDAV/CalDAV server (issue 16): pure codecs, merging and status."""
