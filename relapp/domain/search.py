"""Search as you type: what text a person is found by, and how a typed query is read.

The storage layer keeps an FTS5 index (unicode61, diacritics removed, prefix indexes);
this module decides what goes into it and turns what the user typed into a MATCH
expression. Every typed word must prefix-match some word of the person. A query that
looks like a phone number ("+1 (972) 529") is read as one run of digits, which matches
the digit forms that ``contact_keys.phone_search_digits`` puts into the index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from relapp.domain.contact_keys import phone_search_digits
from relapp.domain.model import ContactKind, ContactPoint
from relapp.domain.text import fold, sort_key

_PHONE_LIKE = re.compile(r"^[\d\s()+\-./]+$")
_WORD = re.compile(r"\w+", re.UNICODE)
MIN_PHONE_DIGITS = 3
# One or two typed letters mean the start of a name: searching every email domain and
# note for "c" would match almost everyone (".com") and cost time for nothing.
SHORT_QUERY = 2


@dataclass(frozen=True)
class SearchDocument:
    """The text one person is found by, column by column."""

    names: str
    contacts: str
    organisation: str
    tags: str
    notes: str


def document(
    *,
    names: tuple[str, ...],
    contact_points: tuple[ContactPoint, ...],
    organisation: str,
    title: str,
    tags: tuple[str, ...],
    notes: str,
    met_how: str,
) -> SearchDocument:
    contact_words: list[str] = []
    for point in contact_points:
        contact_words.append(point.value)
        if point.kind is ContactKind.PHONE:
            contact_words.extend(phone_search_digits(point.value))
    # Folded here as queries are, so letters like "Ł" match "l" both ways.
    return SearchDocument(
        names=fold(" ".join(n for n in names if n)),
        contacts=fold(" ".join(contact_words)),
        organisation=fold(" ".join(t for t in (organisation, title) if t)),
        tags=fold(" ".join(tags)),
        notes=fold("\n".join(t for t in (notes, met_how) if t)),
    )


def looks_like_phone(text: str) -> bool:
    """Digits and phone punctuation only: "+1 (972) 529"."""
    return _PHONE_LIKE.match(text) is not None


def match_expression(query: str) -> str | None:
    """An FTS5 MATCH expression for what the user typed, or None to show everyone.

    Words are folded and quoted (so FTS syntax in the query is never interpreted) and
    each is a prefix: "car ro" -> '"car"* AND "ro"*'. Very short queries look at names
    and organisations only.
    """
    text = query.strip()
    if not text:
        return None
    if looks_like_phone(text):
        run = re.sub(r"\D", "", text)
        if len(run) >= MIN_PHONE_DIGITS:
            return f'"{run}"*'
    words = _WORD.findall(fold(text))
    if not words:
        return None
    expression = " AND ".join(f'"{w}"*' for w in words)
    if sum(len(w) for w in words) <= SHORT_QUERY:
        return f"{{names organisation}} : ({expression})"
    return expression


def names_expression(query: str) -> str | None:
    """For a very short query (names and organisations only, see ``match_expression``):
    the same words as an expression for an index of those columns alone; else None."""
    expression = match_expression(query)
    prefix = "{names organisation} : ("
    if expression is None or not expression.startswith(prefix):
        return None
    return expression[len(prefix) : -1]


# --- which of the found people a query names ----------------------------------------------


def name_is(name: str, query: str) -> bool:
    """The name is the query (case and accents aside)."""
    return sort_key(name) == sort_key(query)


def name_has(name: str, query: str) -> bool:
    """Every word of ``query`` is in ``name`` (case and accents aside)."""
    key = sort_key(name)
    return all(sort_key(word) in key for word in query.split())


def named_first(names: list[str], query: str) -> int:
    """Which of the found people (names in list order) the query names, for opening on
    Return: the first whose name is the query, else the first whose name has every word
    of it ("dan whit" is Dan Whitaker, not Ben of Whitaker Freight), else the first."""
    for rule in (name_is, name_has):
        found = next((i for i, name in enumerate(names) if rule(name, query)), None)
        if found is not None:
            return found
    return 0
