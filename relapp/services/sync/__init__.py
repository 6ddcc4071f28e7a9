"""Two-way sync with the CardDAV/CalDAV server the user already has (issue 16)."""
