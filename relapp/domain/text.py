"""Text folding shared by search, sorting and matching."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, strip accents and collapse spaces: "  José  Núñez" -> "jose nunez"."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold()).strip()


def sort_key(display_name: str) -> str:
    """The key the people list sorts by: folded, so "Émile" sorts with "Emile"."""
    return fold(display_name)
