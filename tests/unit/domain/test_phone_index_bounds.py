"""The digits a phone number is found by: linear in the number's length, with a cap.

Issue 12 item 5: every tail of a TEL's digits was indexed with a list scan, so a
6,000-digit TEL took seconds and tens of megabytes, and 100,000 digits hung.
"""

from __future__ import annotations

import time

from relapp.domain.contact_keys import MAX_INDEXED_DIGITS, phone_search_digits
from relapp.domain.model import ContactKind, ContactPoint
from relapp.domain.search import document


def test_a_real_number_is_found_by_its_tails_as_before() -> None:
    forms = phone_search_digits("+1 972-529-1234")
    assert "19725291234" in forms and "9725291234" in forms and "5291234" in forms
    assert len(forms) == len(set(forms))


def test_a_hundred_thousand_digit_tel_is_indexed_quickly_and_small() -> None:
    started = time.perf_counter()
    forms = phone_search_digits("1" * 100_000)
    elapsed = time.perf_counter() - started

    assert elapsed < 0.5
    assert all(len(form) <= MAX_INDEXED_DIGITS for form in forms)
    assert len(forms) <= 3 * MAX_INDEXED_DIGITS


def test_indexing_time_grows_linearly_with_the_digits() -> None:
    def cost(n: int) -> float:
        value = "".join(str(i % 10) for i in range(n))
        started = time.perf_counter()
        phone_search_digits(value)
        return time.perf_counter() - started

    small, large = cost(6_000), cost(60_000)
    assert large < 0.25
    assert large < 30 * max(small, 1e-4)


def test_the_search_document_of_a_huge_tel_stays_in_proportion() -> None:
    value = "5" * 20_000
    doc = document(
        names=("Ada",),
        contact_points=(ContactPoint(ContactKind.PHONE, value),),
        organisation="",
        title="",
        tags=(),
        notes="",
        met_how="",
    )
    assert len(doc.contacts) < 2 * len(value)
