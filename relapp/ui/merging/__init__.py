"""Merging two people you already have: Possible duplicates, Merge Into…, undo."""
