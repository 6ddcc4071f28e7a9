"""How much of one card is read: what a real person's card could hold, and no more.

A hostile or broken file can put 20,000 CATEGORIES or a 6,000-digit TEL on one card; each
is cheap to parse but expensive everywhere after (the search index, the person page's
tag chips, matching). The reader keeps the first ``MAX_PROPERTIES`` properties, the
first ``MAX_TAGS`` tags, and leaves out values longer than their cap, each time with a
warning that names the line (the preview and the CLI name the file and the card).
The whole file is capped by ``textcodec.MAX_FILE_BYTES``.
"""

from __future__ import annotations

MAX_PROPERTIES = 1_000
"""Properties per card (a full phone-book card has a few dozen)."""

MAX_TAGS = 200
"""Tags (CATEGORIES items) per card."""

MAX_CONTACT_CHARS = 1_000
"""Characters of one email, phone, address, URL or handle."""

MAX_TEXT_CHARS = 4_000
"""Characters of any other one-line value (names, organisation, title, a tag)."""

MAX_NOTE_CHARS = 1_000_000
"""Characters of one NOTE (longer notes are cut, with a warning)."""

# Values that are long by nature: embedded binary data; notes are cut and tags capped.
LONG_VALUES = frozenset({"PHOTO", "LOGO", "SOUND", "KEY", "NOTE", "CATEGORIES"})
