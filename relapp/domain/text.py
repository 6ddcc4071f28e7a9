"""Text folding shared by search, sorting and matching."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Letters that Unicode does not decompose into a base letter and an accent.
_UNDECOMPOSABLE = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th", "ı": "i", "ħ": "h"}
)


class _WithoutMarks(dict[int, int | None]):
    """A ``str.translate`` table that drops combining marks (accents), each character
    looked up in Unicode's tables once: a character at a time in Python cost a third of
    the search rows of an import (issue 18)."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_WITHOUT_MARKS = _WithoutMarks()


def fold(text: str) -> str:
    """Lower-case, strip accents and collapse spaces: "  José  Núñez" -> "jose nunez"."""
    if text.isascii():  # most text: nothing to decompose or strip (the same result, faster)
        return _SPACES.sub(" ", text.lower()).strip()
    stripped = unicodedata.normalize("NFKD", text).translate(_WITHOUT_MARKS)
    return _SPACES.sub(" ", stripped.casefold().translate(_UNDECOMPOSABLE)).strip()


def sort_key(display_name: str) -> str:
    """The key the people list sorts by: folded, so "Émile" sorts with "Emile"."""
    return fold(display_name)


_IRREGULAR = {"person": "people", "archived person": "archived people", "match": "matches"}


def count_of(n: int, one: str, many: str | None = None) -> str:
    """A count with its noun, singular or plural: "1 person", "2,400 people",
    "1 promise", "3 promises". The one plural rule the views use; ``many`` for a plural
    that is not ``one + "s"`` nor a known irregular one."""
    if many is None:
        many = _IRREGULAR.get(one, one + "s")
    return f"{n:,} {one if n == 1 else many}"
