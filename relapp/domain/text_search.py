"""Search over what you wrote down: interaction summaries and notes, promise text and
introduction context. How a typed query is read, and how a hit says where it is
("Carol Roth — 12 Mar 2025, email: '…gardening…'").

The storage layer keeps FTS5 indexes over those texts (unicode61, diacritics removed,
prefix indexes of two to six letters). Each typed word of two letters or more must
prefix-match a word of the text; one-letter words are left out, and so is a query of
two letters or less in all (as the people search looks only at names then: a prefix
that short matches most of a long history). The words are quoted, so nothing the user
types is read as FTS5 syntax.
"""

from __future__ import annotations

import enum
import functools
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from relapp.domain.model import Channel, PersonRef
from relapp.domain.promise_model import Promiser
from relapp.domain.search import SHORT_QUERY, looks_like_phone
from relapp.domain.text import fold
from relapp.domain.timefmt import day_text

MIN_WORD = 2
PREFIX_INDEX = 6
"""The longest prefix the indexes keep (``prefix = '2 3 4 5 6'`` in m0008): a word of
up to six letters is looked up as it is typed; a longer one by its first six letters,
the rows found checked for the whole word (``TextQuery``)."""
SNIPPET_CHARS = 72
_WORD = re.compile(r"[^\W_]+", re.UNICODE)  # what the unicode61 tokenizer calls a word
_SPACES = re.compile(r"\s+")
# The combining marks of the blocks Latin, Greek and Cyrillic accents decompose into:
# dropped in one C call (``str.translate``) rather than a character at a time.
_NO_MARKS = dict.fromkeys(
    cp
    for first, last in ((0x0300, 0x036F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF))
    for cp in range(first, last + 1)
    if unicodedata.combining(chr(cp))
)
_JOIN = " · "  # between an interaction's summary and its notes


class HitKind(enum.StrEnum):
    INTERACTION = "interaction"
    PROMISE = "promise"
    INTRODUCTION = "introduction"


@dataclass(frozen=True)
class TextMatch:
    """A record whose text matches, as storage finds it. ``people``: who it is about,
    the one to open first; ``moment`` (UTC) or ``day``: when; ``texts``: the searched
    fields in order (an interaction's summary and notes)."""

    kind: HitKind
    record_id: int
    people: tuple[PersonRef, ...]
    texts: tuple[str, ...]
    moment: datetime | None = None
    day: date | None = None
    channel: Channel | None = None
    promiser: Promiser | None = None
    interaction_id: int | None = None  # an introduction's entry in the history

    @property
    def when(self) -> datetime | None:
        """The time the hit is sorted by (newest first)."""
        if self.moment is not None:
            return self.moment
        if self.day is not None:
            return datetime.combine(self.day, time(12), UTC)
        return None


@dataclass(frozen=True)
class TextHit:
    """A match, said for people: ``where`` ("Carol Roth — 12 Mar 2025, email") and a
    plain-text ``snippet`` around the first matching word ("…about gardening and…")."""

    match: TextMatch
    where: str
    snippet: str

    @property
    def person_id(self) -> int:
        return self.match.people[0].id

    @property
    def person_name(self) -> str:
        return self.match.people[0].display_name

    @property
    def key(self) -> tuple[HitKind, int]:
        return self.match.kind, self.match.record_id

    @property
    def history_entry(self) -> int | None:
        """The interaction to select in the person's history: the hit itself, or an
        introduction's entry (a promise has none)."""
        if self.match.kind is HitKind.INTERACTION:
            return self.match.record_id
        return self.match.interaction_id

    def line(self) -> str:
        """One line: "Carol Roth — 12 Mar 2025, email: '…gardening…'"."""
        return f"{self.where}: '{self.snippet}'" if self.snippet else self.where


@dataclass(frozen=True)
class TextHits:
    """The first hits, newest first; ``more``: there are more than these."""

    hits: tuple[TextHit, ...]
    more: bool = False


def _index_fold(text: str) -> str:
    """What the unicode61 tokenizer makes of a word: lower case, accents removed."""
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFKD", text).translate(_NO_MARKS).lower()


def query_words(query: str) -> list[str]:
    """The typed words the text search looks for (two letters or more), folded; none
    for a phone number or a query of ``SHORT_QUERY`` letters or less."""
    text = query.strip()
    if not text or looks_like_phone(text):
        return []
    words = _WORD.findall(_index_fold(text))
    if sum(len(w) for w in words) <= SHORT_QUERY:
        return []
    return list(dict.fromkeys(w for w in words if len(w) >= MIN_WORD))


def match_expression(query: str) -> str | None:
    """An FTS5 MATCH expression for the text indexes, or None: nothing to look for.
    "Garden ro s" -> '"garden"* AND "ro"*' (a one-letter word waits for more)."""
    words = query_words(query)
    if not words:
        return None
    return " AND ".join(f'"{w}"*' for w in words)


@dataclass(frozen=True)
class TextQuery:
    """How the indexes are asked. FTS5 answers a prefix it keeps an index for
    (``PREFIX_INDEX`` letters) newest first without reading the rest, but gathers every
    row of a longer prefix before the first answer ("meeting"*: 100,000 rows, 27 ms).
    So ``candidates`` asks by the first letters of each word, newest first, and
    ``has_words`` keeps the rows that have the whole words; ``exact`` is the full
    expression, for when the candidates run out of time (a rare word behind a common
    start: cheap to gather, since it is rare). ``exact`` is None when the candidates
    are already exact."""

    words: tuple[str, ...]
    candidates: str
    exact: str | None

    def has_words(self, texts: tuple[str, ...]) -> bool:
        """Every word starts some word of the texts (as the tokenizer reads them)."""
        folded = _index_fold(" ".join(texts))
        return all(pattern.search(folded) for pattern in _starts(self.words))


def _starts(words: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """Per word, a pattern for a word of the text that starts with it."""
    return tuple(_start_of(w) for w in words)


@functools.lru_cache(maxsize=256)
def _start_of(word: str) -> re.Pattern[str]:
    return re.compile(_WORD_START + re.escape(word))


_WORD_START = r"(?<![^\W_])"  # at the start of the text or after a character not a word


def text_query(query: str) -> TextQuery | None:
    words = query_words(query)
    if not words:
        return None
    exact = " AND ".join(f'"{w}"*' for w in words)
    starts = dict.fromkeys(w[:PREFIX_INDEX] for w in words)
    candidates = " AND ".join(f'"{start}"*' for start in starts)
    return TextQuery(tuple(words), candidates, None if candidates == exact else exact)


def snippet(texts: tuple[str, ...], words: list[str], width: int = SNIPPET_CHARS) -> str:
    """About ``width`` characters of the texts around the first word that starts with
    one of ``words``, cut at word boundaries, "…" where cut; plain text on one line."""
    parts = [_SPACES.sub(" ", t).strip() for t in texts if t.strip()]
    text = _JOIN.join(parts)
    if len(text) <= width:
        return text
    at, offset = 0, 0
    for part in parts:
        found = _first_match(part, words)
        if found is not None:
            at = offset + found
            break
        offset += len(part) + len(_JOIN)
    start = max(0, min(at - width // 3, len(text) - width))
    if start > 0:
        space = text.rfind(" ", 0, start + 1)
        start = space + 1 if space >= 0 and at - space < width // 2 else start
    end = start + width
    if end < len(text):
        space = text.rfind(" ", at, end)
        end = space if space > at else end
    else:
        end = len(text)
    body = text[start:end].strip()
    return f"{'…' if start > 0 else ''}{body}{'…' if end < len(text) else ''}"


def _first_match(text: str, words: list[str]) -> int | None:
    """Where the first word of ``text`` that starts with one of ``words`` is."""
    if not words:
        return None
    if text.isascii():  # folding keeps every position: one search in C
        pattern = re.compile(_WORD_START + "(?:" + "|".join(map(re.escape, words)) + ")")
        found = pattern.search(text.lower())
        return found.start() if found else None
    folded_words = [fold(w) for w in words]
    for token in _WORD.finditer(text):
        if any(fold(token.group()).startswith(w) for w in folded_words):
            return token.start()
    return None


def _names(people: tuple[PersonRef, ...]) -> str:
    first = people[0].display_name
    if len(people) == 1:
        return first
    if len(people) == 2:
        return f"{first} & {people[1].display_name}"
    return f"{first} & {len(people) - 1} others"


def where(match: TextMatch) -> str:
    """Whose and when: "Carol Roth — 12 Mar 2025, email", "Carol Roth — your promise,
    due 3 Apr 2025", "Carol Roth & Dan Whit — introduction, 1 Feb 2024"."""
    local = match.moment.astimezone().date() if match.moment is not None else match.day
    when = day_text(local) if local is not None else ""
    if match.kind is HitKind.INTERACTION:
        channel = match.channel.word if match.channel is not None else ""
        detail = ", ".join(part for part in (when, channel) if part)
    elif match.kind is HitKind.PROMISE:
        whose = "your promise" if match.promiser is Promiser.ME else "their promise"
        detail = f"{whose}, due {when}" if when else whose
    else:
        detail = f"introduction, {when}" if when else "introduction"
    return f"{_names(match.people)} — {detail}"


def describe(matches: list[TextMatch], query: str, limit: int) -> TextHits:
    """The matches as hits, newest first, at most ``limit``. An introduction whose
    history entry is among the matches is said once, by the entry."""
    words = query_words(query)
    entries = {m.record_id for m in matches if m.kind is HitKind.INTERACTION}
    matches = [
        m for m in matches if m.kind is not HitKind.INTRODUCTION or m.interaction_id not in entries
    ]
    oldest = datetime.min.replace(tzinfo=UTC)
    ordered = sorted(matches, key=lambda m: (m.when or oldest, m.record_id), reverse=True)
    hits = tuple(TextHit(m, where(m), snippet(m.texts, words)) for m in ordered[:limit])
    return TextHits(hits, more=len(ordered) > limit)
