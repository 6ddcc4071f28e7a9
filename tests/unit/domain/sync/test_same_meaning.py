"""Comparing calendar items by meaning, and why Relapp escapes its X- values."""

from __future__ import annotations

import pytest

from relapp.domain.sync.ical_lines import CalendarItemError
from relapp.domain.sync.ical_text import same_meaning
from tests.unit.domain.sync.server_rewrite import rewritten, through_radicale

BASE = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VTODO\r\nUID:u1\r\n"
    "DTSTAMP:20260301T000000Z\r\nSUMMARY:Call Dan: quotes\\, invoice\\nand more\r\n"
    "DUE:20260310T090000Z\r\nCATEGORIES:work,calls\r\nX-OTHER-APP;X-P=1:keep me\r\n"
    "BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:x\r\nTRIGGER;RELATED=END:-PT15M\r\n"
    "END:VALARM\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"
)


@pytest.mark.parametrize("seed", range(5))
def test_order_folding_and_escaping_do_not_change_the_meaning(seed: int) -> None:
    assert same_meaning(BASE, rewritten(BASE, seed))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("SUMMARY:Call Dan: quotes", "SUMMARY:Call Dan: quote"),
        ("X-P=1", "X-P=2"),
        ("DUE:20260310T090000Z", "DUE:20260310T090001Z"),
        ("DUE:20260310T090000Z", "DUE:20260310T090000"),  # floating is not UTC
        ("CATEGORIES:work,calls", "CATEGORIES:work"),
        ("TRIGGER;RELATED=END:-PT15M", "TRIGGER;RELATED=END:-PT10M"),
        ("BEGIN:VALARM", "PRIORITY:1\r\nBEGIN:VALARM"),
    ],
)
def test_any_changed_value_parameter_or_property_changes_the_meaning(old: str, new: str) -> None:
    assert BASE.count(old) == 1
    assert not same_meaning(BASE, BASE.replace(old, new))


def test_the_same_instant_in_another_zone_with_its_vtimezone_means_the_same() -> None:
    paris = BASE.replace("DUE:20260310T090000Z", "DUE;TZID=Europe/Paris:20260310T100000")
    assert same_meaning(BASE, paris)
    assert same_meaning(paris, through_radicale(paris))  # vobject adds a VTIMEZONE
    assert not same_meaning(BASE, paris.replace("T100000", "T110000"))


def test_categories_mean_the_same_however_they_are_split_into_lines() -> None:
    split = BASE.replace("CATEGORIES:work,calls", "CATEGORIES:calls\r\nCATEGORIES:work")
    assert same_meaning(BASE, split)


def test_a_server_cuts_an_unescaped_comma_in_an_x_value_but_keeps_an_escaped_one() -> None:
    listed = BASE.replace("X-OTHER-APP;X-P=1:keep me", "X-RELAPP-PEOPLE:a,b,c")
    assert not same_meaning(listed, through_radicale(listed))  # why Relapp never does this
    escaped = BASE.replace("X-OTHER-APP;X-P=1:keep me", "X-RELAPP-PEOPLE:a\\,b\\,c")
    assert same_meaning(escaped, through_radicale(escaped))


def test_broken_text_is_an_error_that_says_where() -> None:
    with pytest.raises(CalendarItemError, match="line 7"):
        same_meaning(BASE, BASE.replace("SUMMARY:", "SUMMARY "))
