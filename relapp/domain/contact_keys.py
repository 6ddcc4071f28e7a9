"""Normalised keys of contact points, used to recognise the same person twice.

Emails are compared lower-cased; phones by their E.164 form when the number can be
parsed (with a default region), else by their digits.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from types import ModuleType

from relapp.domain.model import ContactKind

DEFAULT_REGION = "US"
_NON_DIGITS = re.compile(r"\D+")
MAX_INDEXED_DIGITS = 20
"""Digits of a phone number that search indexes: E.164 numbers have at most 15, and an
extension may follow. Longer runs are not phone numbers anyone types; they are cut here so
that indexing stays linear in the number's length (issue 12: 100,000 digits hung)."""


@cache
def _phonenumbers() -> ModuleType:
    """phonenumbers, imported on first use: it takes tens of milliseconds to load its
    metadata, which the app's start does not need (searches run on a worker thread)."""
    import phonenumbers

    return phonenumbers


def email_key(value: str) -> str:
    return value.strip().lower()


def digits(value: str) -> str:
    return _NON_DIGITS.sub("", value)


def phone_key(value: str, region: str = DEFAULT_REGION) -> str:
    """E.164 ("+19725291234") where the number parses, else "#" + its digits.

    Extensions are dropped: an office number with "x12" is the same line for matching.
    """
    return _parsed_phone(value, region)[0]


# A North American number as people write it: "+1 972 529 1234", "(972) 529-1234",
# "972.529.1234", "+19725291234". The area code starts with 2-9 (never 0 or 1), so
# phonenumbers reads every one of them as "+1" and its ten digits, and ten digits are a
# possible number of +1: what ``_parsed_by_library`` gives, at a tenth of its cost (a
# third of an import's keying; tests/unit/domain/test_phone_keys.py compares the two).
_NORTH_AMERICAN = re.compile(
    r"(?:\+1[ .-]?)?(?:\(([2-9][0-9]{2})\)|([2-9][0-9]{2}))[ .-]?([0-9]{3})[ .-]?([0-9]{4})"
)


@lru_cache(maxsize=1 << 16)
def _parsed_phone(value: str, region: str) -> tuple[str, str]:
    """``(phone_key, national digits)``: the number parsed once for both (an import
    keys every phone for matching and indexes it for search; parsing is most of either).
    The national digits are "" where the number does not parse."""
    if region == "US":
        plain = _NORTH_AMERICAN.fullmatch(value.strip())
        if plain is not None:
            area, bare_area, exchange, line = plain.groups()
            national = f"{area or bare_area}{exchange}{line}"
            return "+1" + national, national
    return _parsed_by_library(value, region)


def _parsed_by_library(value: str, region: str) -> tuple[str, str]:
    phonenumbers = _phonenumbers()
    raw = value.strip()
    if not digits(raw):
        return "", ""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return "#" + digits(raw), ""
    if not phonenumbers.is_possible_number(number):
        return "#" + digits(raw), ""
    number.extension = None
    key = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return key, str(number.national_number)


def phone_search_digits(value: str, region: str = DEFAULT_REGION) -> list[str]:
    """Digit strings under which a phone number can be found by typing digits.

    "+1 972-529-1234" gives its international digits "19725291234", its national
    digits "9725291234" and their tails (so "5291234" finds it too). Each form is cut
    to its first ``MAX_INDEXED_DIGITS`` digits, so a value of any length gives at most a
    few dozen short strings.
    """
    forms: list[str] = []
    key, national = _parsed_phone(value, region)
    if key.startswith("+"):
        forms.append(key[1:])
        forms.append(national)
    raw_digits = digits(value)
    if raw_digits:
        forms.append(raw_digits)
    kept: list[str] = []
    for form in forms:
        form = form[:MAX_INDEXED_DIGITS]
        # A form that ends another one kept has its tails among that one's already (the
        # national digits end the international ones): the same list, a third the work.
        if not any(done.endswith(form) and (len(form) >= 4 or done == form) for done in kept):
            kept.append(form)
    return list(dict.fromkeys([f[start:] for f in kept for start in range(max(1, len(f) - 3))]))


def contact_key(kind: ContactKind, value: str) -> str:
    if kind is ContactKind.EMAIL:
        return email_key(value)
    if kind is ContactKind.PHONE:
        return phone_key(value)
    return value.strip().lower()
