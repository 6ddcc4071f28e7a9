"""A North American number written plainly is keyed without phonenumbers, and exactly as
phonenumbers keys it (issue 18: parsing was a third of an import's keying).
"""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relapp.domain import contact_keys
from relapp.domain.contact_keys import _NORTH_AMERICAN, _parsed_by_library, _parsed_phone


def parsed(value: str, region: str = "US") -> tuple[str, str]:
    _parsed_phone.cache_clear()
    return _parsed_phone(value, region)


@pytest.mark.parametrize(
    "value",
    [
        "+1 972 529 1234",
        "(972) 529-1234",
        "972.529.1234",
        "+19725291234",
        "+1-972-529-1234",
        "+1 (972) 529-1234",
        " 2015550123 ",
        "+1 201 000 0000",
        "(999)9999999",
    ],
)
def test_plain_north_american_numbers_key_as_phonenumbers_keys_them(value: str) -> None:
    assert _NORTH_AMERICAN.fullmatch(value.strip()) is not None
    assert parsed(value) == _parsed_by_library(value, "US")


@pytest.mark.parametrize(
    "value",
    [
        "1 972 529 1234",  # a national prefix: the library decides
        "(172) 529-1234",  # no area code starts with 1
        "+1 972 529 1234 x12",
        "+44 20 7946 0000",
        "٩٧٢٥٢٩١٢٣٤",  # Arabic-Indic digits
        "972 529 12345",
        "+1 972 529 123",
    ],
)
def test_anything_else_goes_to_phonenumbers(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = phonenumbers.parse

    def counting(number: str, *args: object) -> object:
        calls.append(number)
        return real(number, *args)

    monkeypatch.setattr(phonenumbers, "parse", counting)
    assert parsed(value) == _parsed_by_library(value, "US")
    assert calls


def test_another_region_goes_to_phonenumbers() -> None:
    assert parsed("(201) 555-0123", "GB") == _parsed_by_library("(201) 555-0123", "GB")
    assert contact_keys.phone_key("(201) 555-0123") == "+12015550123"


def test_every_area_code_keys_as_phonenumbers_keys_it() -> None:
    for area in range(200, 1000):
        for value in (f"+1 {area} 555 0199", f"({area}) 010-9999"):
            assert parsed(value) == _parsed_by_library(value, "US"), value


_SEPARATOR = st.sampled_from(["", " ", "-", "."])
_DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=1)


@settings(max_examples=500, deadline=None)
@given(
    plus=st.sampled_from(["", "+1", "+1 ", "+1-", "+1."]),
    area=st.integers(200, 999),
    parens=st.booleans(),
    first=_SEPARATOR,
    second=_SEPARATOR,
    exchange=st.integers(0, 999),
    line=st.integers(0, 9999),
    spaces=st.sampled_from(["", " ", "\t"]),
)
def test_generated_plain_numbers_key_as_phonenumbers_keys_them(
    plus: str,
    area: int,
    parens: bool,
    first: str,
    second: str,
    exchange: int,
    line: int,
    spaces: str,
) -> None:
    area_text = f"({area})" if parens else str(area)
    value = f"{spaces}{plus}{area_text}{first}{exchange:03d}{second}{line:04d}{spaces}"
    assert _NORTH_AMERICAN.fullmatch(value.strip()) is not None
    assert parsed(value) == _parsed_by_library(value, "US")


def _search_digits_every_form(value: str) -> list[str]:
    """Every form's tails, as before forms that end another were skipped (issue 18)."""
    forms: list[str] = []
    key, national = contact_keys._parsed_phone(value, "US")
    if key.startswith("+"):
        forms += [key[1:], national]
    raw = contact_keys.digits(value)
    if raw:
        forms.append(raw)
    tails: dict[str, None] = {}
    for form in forms:
        form = form[: contact_keys.MAX_INDEXED_DIGITS]
        for start in range(max(1, len(form) - 3)):
            tails.setdefault(form[start:])
    return list(tails)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="0123456789+ ()-x", max_size=30))
def test_search_digits_are_every_forms_tails_in_order(value: str) -> None:
    assert contact_keys.phone_search_digits(value) == _search_digits_every_form(value)


@pytest.mark.parametrize(
    "value", ["+1 972 529 1234", "(972) 529-1234", "+44 20 7946 0000", "123", "+1 23", "0"]
)
def test_search_digits_of_usual_numbers(value: str) -> None:
    assert contact_keys.phone_search_digits(value) == _search_digits_every_form(value)
