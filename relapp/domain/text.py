"""Text folding shared by search, sorting and matching."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Letters that Unicode does not decompose into a base letter and an accent.
_UNDECOMPOSABLE = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th", "ı": "i", "ħ": "h"}
)


def fold(text: str) -> str:
    """Lower-case, strip accents and collapse spaces: "  José  Núñez" -> "jose nunez"."""
    if text.isascii():  # most text: nothing to decompose or strip (the same result, faster)
        return _SPACES.sub(" ", text.lower()).strip()
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold().translate(_UNDECOMPOSABLE)).strip()


def sort_key(display_name: str) -> str:
    """The key the people list sorts by: folded, so "Émile" sorts with "Emile"."""
    return fold(display_name)
