"""Bytes that are not UTF-8: which character set to read them in, and saying so.

Files from Windows tools (Outlook, Windows Address Book, old Nokia PC Suite) are often
written in the machine's code page, and the only hint may be a ``CHARSET=`` parameter on
one property of a card (``N;CHARSET=WINDOWS-1251:...``) while the FN and NOTE lines of
the same card are in the same code page without saying so. So:

1. A line that is valid UTF-8 is UTF-8.
2. Otherwise a line's own ``CHARSET`` is used; else the first ``CHARSET`` of its card;
   else the one most used in the file; else a guess (Windows-1252, or UTF-8 with the
   stray bytes replaced when the line is nearly UTF-8).
3. Every card where a character set was taken from elsewhere or guessed gets a note
   naming it: a guessed encoding is never silent (the import preview shows the notes).

Before that, a fold that splits a multi-byte UTF-8 character between two lines (RFC 6350
§3.2 folds octets, and some exporters fold in the middle of a character) is mended at
the byte level by moving the character's tail before the line break: the file's line
count stays the same, and unfolding later gives the joined character.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter

from relapp.domain.i18n import _

# A lead byte (and perhaps continuation bytes), a fold, and the rest of the character.
_SPLIT_CHARACTER = re.compile(
    rb"([\xc2-\xf4][\x80-\xbf]{0,2})(\r\r\n|\r\n|\n|\r)([ \t])([\x80-\xbf]{1,3})"
)
_CHARSET = re.compile(rb';CHARSET="?([A-Za-z0-9_.:-]+)"?(?=[;:,])', re.IGNORECASE)
_BEGIN = re.compile(rb"[ \t]*BEGIN[ \t]*:[ \t]*VCARD", re.IGNORECASE)
_UTF8_NAMES = frozenset({"utf_8", "utf-8"})

Note = tuple[int, str]
"""(file line, what was done): attached to the card holding the line."""


def join_split_characters(data: bytes) -> bytes:
    """Move the tail of a character split by a fold to before the line break."""
    if b"\n " not in data and b"\n\t" not in data and b"\r " not in data:
        return data
    return _SPLIT_CHARACTER.sub(rb"\1\4\2\3", data)


def codec_of(name: bytes | str) -> str | None:
    """Python's name of a character set named in a file, or None if unknown."""
    text = name.decode("ascii", "replace") if isinstance(name, bytes) else name
    try:
        return codecs.lookup(text.strip()).name
    except LookupError:
        return None


def shown(codec: str) -> str:
    """A codec's name as people know it: "windows-1251", "iso8859-2", "utf-8"."""
    if codec.startswith("cp125"):
        return "windows-" + codec[2:]
    return codec.replace("_", "-")


def decode_legacy(data: bytes) -> tuple[str, list[Note]]:
    """Text of a file that is not all UTF-8, line by line, and notes on what was read how.

    Lines are split on ``\\n`` (a ``\\r`` stays with its line, as the caller expects).
    """
    lines = data.split(b"\n")
    card_of: list[int] = []
    card_hint: dict[int, tuple[str, int]] = {}
    used: Counter[str] = Counter()
    card = 0
    for number, line in enumerate(lines, start=1):
        if _BEGIN.match(line):
            card += 1
        card_of.append(card)
        match = _CHARSET.search(line) if b"CHARSET" in line.upper() else None
        codec = codec_of(match.group(1)) if match else None
        if codec is not None and codec not in _UTF8_NAMES:
            used[codec] += 1
            card_hint.setdefault(card, (codec, number))
    file_hint = used.most_common(1)[0][0] if used else None
    file_hint_line = next((line for c, line in card_hint.values() if c == file_hint), 0)
    parts: list[str] = []
    notes: dict[int, Note] = {}  # one note per card
    for number, line in enumerate(lines, start=1):
        try:
            parts.append(line.decode("utf-8"))
            continue
        except UnicodeDecodeError:
            pass
        own = _CHARSET.search(line)
        own_codec = codec_of(own.group(1)) if own else None
        if own_codec is not None and own_codec not in _UTF8_NAMES:
            text = _decode(line, own_codec)
            if text is not None:
                parts.append(text)
                continue
        hint, hint_line = card_hint.get(card_of[number - 1], (file_hint, file_hint_line))
        text = _decode(line, hint) if hint else None
        if text is not None and hint is not None:
            message = _(
                "line {line}: the text is not UTF-8; read as {charset}, the CHARSET "
                "given on line {given}"
            ).format(line=number, charset=shown(hint), given=hint_line)
        else:
            text, codec = guess(line)
            message = _(
                "line {line}: the text is not UTF-8 and no character set is given; "
                "read as {charset} (a guess: check the names)"
            ).format(line=number, charset=shown(codec))
        parts.append(text)
        notes.setdefault(card_of[number - 1], (number, message))
    return "\n".join(parts), sorted(notes.values())


def _decode(raw: bytes, codec: str) -> str | None:
    try:
        return raw.decode(codec)
    except (LookupError, UnicodeDecodeError):
        return None


def guess(raw: bytes) -> tuple[str, str]:
    """Bytes of unknown honesty, and the codec they were read in.

    Bytes that are mostly valid UTF-8 with a stray invalid byte keep their UTF-8 reading
    (the stray byte becomes U+FFFD); bytes that are not UTF-8 at all are read as
    Windows-1252 (a superset of Latin-1 for printable text), else Latin-1.
    """
    loose = raw.decode("utf-8", errors="replace")
    replaced = loose.count("\ufffd")
    other = sum(1 for ch in loose if ch > "\x7f") - replaced
    if other > replaced:
        return loose, "utf-8"
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "latin-1"
