"""Decoding property values: escapes, structured values, dates and embedded images.

Values are read as the file wrote them, not as vobject's value layer would: vCard 2.1 has
no comma escaping (an FN of "Doe, John" is one name), and the non-standard escapes Apple
and Google write (``\\:`` and ``\\"``) mean the plain character.
"""

from __future__ import annotations

import binascii
import re
from urllib.parse import unquote_to_bytes

from relapp.domain.model import Birthday

_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_TOKENS_SEMI = re.compile(r"\\.|;|[^\\;]+|\\", re.DOTALL)
_TOKENS_COMMA = re.compile(r"\\.|,|[^\\,]+|\\", re.DOTALL)
_NOT_BASE64 = re.compile(r"[^A-Za-z0-9+/]+")
_LOOKS_BASE64 = re.compile(r"[A-Za-z0-9+/=\s]{16,}")
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_DATE = re.compile(
    r"(?:(\d{4})-?(\d{2})-?(\d{2})|(\d{4})-(\d{1,2})-(\d{1,2})|--(\d{2})-?(\d{2}))"
    r"(?:T[0-9:.]*(?:Z|[+-]\d{2}:?\d{2})?)?"
)
# Apple writes this year for a birthday without one (and may say so in X-APPLE-OMIT-YEAR).
NO_YEAR_PLACEHOLDERS = frozenset({1604, 0})

_MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)


def unescape(value: str) -> str:
    r"""``\n`` and ``\N`` are line breaks; a backslash before anything else is dropped."""
    if "\\" not in value:
        return value
    return _ESCAPE.sub(_unescape_one, value)


def _unescape_one(match: re.Match[str]) -> str:
    char = match.group(1)
    return "\n" if char in "nN" else char


def text_value(value: str) -> str:
    return unescape(value).strip()


def components(value: str) -> list[str]:
    """A structured value (N, ADR, ORG) split on unescaped semicolons, each unescaped."""
    if "\\" not in value:
        return [part.strip() for part in value.split(";")]
    return [unescape(part).strip() for part in _split_raw(value, _TOKENS_SEMI, ";")]


def text_list(value: str) -> list[str]:
    """A list value (CATEGORIES, NICKNAME) split on unescaped commas; empty items dropped."""
    if "\\" not in value:
        parts = value.split(",")
    else:
        parts = [unescape(part) for part in _split_raw(value, _TOKENS_COMMA, ",")]
    return [part.strip() for part in parts if part.strip()]


def _split_raw(value: str, tokens: re.Pattern[str], separator: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    for token in tokens.findall(value):
        if token == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(token)
    parts.append("".join(current))
    return parts


def parse_date(value: str, omit_year: str = "") -> Birthday | None:
    """A date as written in BDAY and friends, or None when it is not one.

    Year-less forms become a Birthday without a year: ``--0203``, ``--02-03``, and Apple's
    placeholder year 1604 (``1604-02-03``, ``16040203``, with or without
    ``X-APPLE-OMIT-YEAR``). A time of day after the date is ignored.
    """
    match = _DATE.fullmatch(value.strip())
    if match is None:
        return None
    groups = match.groups()
    if groups[0] is not None:
        year, month, day = int(groups[0]), int(groups[1]), int(groups[2])
    elif groups[3] is not None:
        year, month, day = int(groups[3]), int(groups[4]), int(groups[5])
    else:
        year, month, day = None, int(groups[6]), int(groups[7])
    if year is not None and (year in NO_YEAR_PLACEHOLDERS or str(year) == omit_year.strip()):
        year = None
    try:
        return Birthday(month, day, year)
    except ValueError:
        return None


def format_date(date: Birthday) -> str:
    """A date for a line of notes: "8 August 2009", or "30 July" without a year."""
    text = f"{date.day} {_MONTHS[date.month - 1]}"
    return f"{text} {date.year}" if date.year is not None else text


def is_uri(value: str) -> bool:
    return _URI.match(value) is not None


def looks_like_base64(value: str) -> bool:
    return _LOOKS_BASE64.fullmatch(value) is not None


def base64_size(data: str) -> int:
    """How many bytes ``data`` decodes to, without decoding it."""
    return len(_NOT_BASE64.sub("", data)) * 3 // 4


def decode_base64(data: str) -> bytes:
    """Base64 read leniently: whitespace and stray characters are ignored, padding is
    optional, and a dangling last character (an impossible length) is dropped."""
    clean = _NOT_BASE64.sub("", data)
    if len(clean) % 4 == 1:
        clean = clean[:-1]
    clean += "=" * (-len(clean) % 4)
    return binascii.a2b_base64(clean)


def split_data_uri(value: str) -> tuple[str, str, bool] | None:
    """A ``data:`` URI as (media type, payload, is_base64), or None when it is not one."""
    if value[:5].lower() != "data:":
        return None
    header, comma, payload = value[5:].partition(",")
    if not comma:
        return None
    parts = header.split(";")
    return parts[0].strip().lower(), payload, any(p.strip().lower() == "base64" for p in parts)


def decode_data_payload(payload: str, is_base64: bool) -> bytes:
    return decode_base64(payload) if is_base64 else unquote_to_bytes(payload)
