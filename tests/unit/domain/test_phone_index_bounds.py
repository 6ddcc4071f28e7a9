"""The digits a phone number is found by: linear in the number's length, with a cap.

Issue 12 item 5: every tail of a TEL's digits was indexed with a list scan, so a
6,000-digit TEL took seconds and tens of megabytes, and 100,000 digits hung.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from relapp.domain.contact_keys import MAX_INDEXED_DIGITS, phone_search_digits
from relapp.domain.model import ContactKind, ContactPoint
from relapp.domain.search import document


def cpu_seconds(index: Callable[[str], object], values: list[str]) -> float:
    """The least CPU time (of this thread: waiting for a core on a loaded machine does
    not count) that indexing took of these values, each a different number so that none
    is answered by the parser's cache. phonenumbers is loaded first: the first number
    parsed in a process imports it (0.15 s; under load, seconds of wall time)."""
    phone_search_digits("+1 972-529-1234")
    took = []
    for value in values:
        started = time.thread_time()
        index(value)
        took.append(time.thread_time() - started)
    return min(took)


def test_a_real_number_is_found_by_its_tails_as_before() -> None:
    forms = phone_search_digits("+1 972-529-1234")
    assert "19725291234" in forms and "9725291234" in forms and "5291234" in forms
    assert len(forms) == len(set(forms))


def test_a_hundred_thousand_digit_tel_is_indexed_quickly_and_small() -> None:
    assert cpu_seconds(phone_search_digits, [d * 100_000 for d in "123"]) < 0.5
    forms = phone_search_digits("1" * 100_000)
    assert all(len(form) <= MAX_INDEXED_DIGITS for form in forms)
    assert len(forms) <= 3 * MAX_INDEXED_DIGITS


def test_indexing_time_grows_linearly_with_the_digits() -> None:
    def cost(n: int) -> float:
        values = ["".join(str((i + shift) % 10) for i in range(n)) for shift in range(3)]
        return cpu_seconds(phone_search_digits, values)

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
