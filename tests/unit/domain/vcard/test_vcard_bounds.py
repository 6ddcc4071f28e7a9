"""Bounded cards (issue 12 item 5): property counts, tags and contact values per card.

20,000 CATEGORIES on one card took 69 s to import and show; a 6,000-digit TEL tens of
megabytes of search index. A card keeps what a real person's card could hold, and a
warning names the line where the rest was left out (the preview and the CLI add the file
and the card).
"""

from __future__ import annotations

import time

from relapp.domain.vcard import read_vcards
from relapp.domain.vcard.bounds import MAX_CONTACT_CHARS, MAX_PROPERTIES, MAX_TAGS


def card(*lines: str) -> bytes:
    body = "\r\n".join(("BEGIN:VCARD", "VERSION:3.0", "FN:Ada Lovelace", *lines, "END:VCARD"))
    return (body + "\r\n").encode("utf-8")


def test_twenty_thousand_categories_lines_are_capped_with_a_warning() -> None:
    data = card(*(f"CATEGORIES:tag{i}" for i in range(20_000)))
    started = time.process_time()  # CPU: a wall clock also counts other processes' turns
    result = read_vcards(data, "tags.vcf")
    assert time.process_time() - started < 3
    (parsed,) = result.cards
    assert len(parsed.draft.tags) <= MAX_TAGS
    assert parsed.draft.tags[:2] == ("tag0", "tag1")
    assert any("line " in w and "left out" in w for w in parsed.warnings), parsed.warnings


def test_one_categories_line_with_twenty_thousand_items_is_capped() -> None:
    data = card("CATEGORIES:" + ",".join(f"t{i}" for i in range(20_000)))
    (parsed,) = read_vcards(data, "tags.vcf").cards
    assert len(parsed.draft.tags) == MAX_TAGS
    assert any(w.startswith("line 4:") and f"{MAX_TAGS:,}" in w for w in parsed.warnings)


def test_a_card_with_too_many_properties_keeps_the_first_ones() -> None:
    data = card(*(f"EMAIL:p{i}@example.org" for i in range(5_000)))
    (parsed,) = read_vcards(data, "many.vcf").cards
    emails = parsed.draft.emails()
    assert 0 < len(emails) <= MAX_PROPERTIES
    assert emails[0] == "p0@example.org"
    warning = next(w for w in parsed.warnings if f"{MAX_PROPERTIES:,} properties" in w)
    assert warning.startswith("line ")


def test_a_six_thousand_digit_tel_is_left_out_with_a_warning() -> None:
    data = card("TEL:+1 415 555 0100", "TEL:" + "7" * 6_000)
    (parsed,) = read_vcards(data, "tel.vcf").cards
    assert parsed.draft.phones() == ["+1 415 555 0100"]
    assert any(
        w.startswith("line 5:") and f"{MAX_CONTACT_CHARS:,}" in w for w in parsed.warnings
    ), parsed.warnings
