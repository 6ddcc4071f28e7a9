"""Reading whole files: broken cards isolated, whole-file errors, and what a card maps to."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relapp.domain.errors import RelappError, VCardError, VCardFileError
from relapp.domain.model import Birthday, ContactKind, ContactPoint
from relapp.domain.vcard import MAX_FILE_BYTES, read_vcard_file, read_vcards


def card(*lines: str, version: str = "3.0") -> str:
    return "\n".join(("BEGIN:VCARD", f"VERSION:{version}", *lines, "END:VCARD")) + "\n"


def read(text: str, eol: str = "\r\n"):
    return read_vcards(text.replace("\n", eol).encode(), "contacts.vcf")


# -- broken cards do not sink the file ---------------------------------------------------


def test_a_card_without_end_is_read_up_to_the_next_card_with_a_warning() -> None:
    """Issue 12: a card without END:VCARD is read (it was dropped as an error)."""
    text = card("FN:Ada") + "BEGIN:VCARD\nVERSION:3.0\nFN:Bob\n" + card("FN:Cy")
    result = read(text)

    assert [(c.index, c.line, c.draft.display_name) for c in result.cards] == [
        (1, 1, "Ada"),
        (2, 5, "Bob"),
        (3, 8, "Cy"),
    ]
    assert not result.errors
    assert result.cards[1].warnings[0] == (
        "no END:VCARD before the next BEGIN:VCARD (line 8); read up to it"
    )


def test_a_truncated_last_card_is_read_with_a_warning() -> None:
    result = read(card("FN:Ada") + "BEGIN:VCARD\nVERSION:3.0\nFN:Bo")
    assert [c.draft.display_name for c in result.cards] == ["Ada", "Bo"]
    assert not result.errors
    assert "the file ends inside this card" in result.cards[1].warnings[0]


def test_an_end_without_begin_is_read_from_where_the_lost_card_starts() -> None:
    text = card("FN:Ada") + "\nBEGN:VCARD\nFN:Lost\nEND:VCARD\n" + card("FN:Cy")
    result = read(text)
    assert [(c.line, c.draft.display_name) for c in result.cards] == [
        (1, "Ada"),
        (6, "Lost"),
        (9, "Cy"),
    ]
    assert not result.errors
    assert result.cards[1].warnings[0] == (
        "line 6: no BEGIN:VCARD line; the card was read from here"
    )


def test_a_lone_end_line_is_reported() -> None:
    result = read(card("FN:Ada") + "END:VCARD\n" + card("FN:Cy"))
    assert [c.draft.display_name for c in result.cards] == ["Ada", "Cy"]
    assert [(e.card_index, e.line) for e in result.errors] == [(2, 5)]
    assert "without a BEGIN:VCARD" in result.errors[0].message


def test_a_card_of_binary_junk_is_reported() -> None:
    result = read(card("FN:Ada") + card("FN:\x00\x01\x02\x03garbage") + card("FN:Cy"))
    assert [c.draft.display_name for c in result.cards] == ["Ada", "Cy"]
    assert [(e.card_index, e.line) for e in result.errors] == [(2, 5)]
    assert "binary" in result.errors[0].message


def test_an_unreadable_line_is_left_out_with_a_warning_naming_its_line() -> None:
    result = read(card("FN:Ada", ";;;", "TEL:555-0101"), eol="\n")
    assert result.cards[0].draft.phones() == ["555-0101"]
    assert any(w.startswith("line 4:") for w in result.cards[0].warnings)


def test_a_nested_agent_card_stays_inside_its_card() -> None:
    text = card(
        "FN:Boss", "AGENT:", "BEGIN:VCARD", "VERSION:2.1", "FN:Assistant", "END:VCARD", "TEL:1"
    )
    result = read(text)
    assert not result.errors
    assert [c.draft.display_name for c in result.cards] == ["Boss"]
    assert result.cards[0].draft.phones() == ["1"]


def test_line_numbers_count_folded_lines() -> None:
    text = card("FN:Ada", "NOTE:a long", "  note") + card("FN:Bob")
    assert [c.line for c in read(text).cards] == [1, 7]


# -- files that are not vCards ------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b"  \r\n\t\n", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10, "PNG image"),
        (b"\xff\xd8\xff\xe0" + bytes(200), "JPEG image"),
        (bytes(range(256)) * 40, "binary"),
        (b"%PDF-1.4 stuff", "PDF"),
        (b"Dear John,\nthis is a letter, not a vCard.\n" * 20000, "no BEGIN:VCARD"),
    ],
)
def test_a_file_that_is_not_a_vcard_gives_one_clear_error(data: bytes, words: str) -> None:
    result = read_vcards(data, "photo.vcf")
    assert result.cards == ()
    [error] = result.errors
    assert isinstance(error, VCardFileError)
    assert result.file_error is error
    assert words in error.message
    assert str(error).startswith("photo.vcf: ")


def test_a_file_over_the_size_cap_is_refused_before_parsing() -> None:
    result = read_vcards(b"BEGIN:VCARD\n" + b" " * MAX_FILE_BYTES, "huge.vcf")
    [error] = result.errors
    assert isinstance(error, VCardFileError)
    assert "50 MB" in error.message


def test_a_large_file_on_disk_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.vcf"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing is really written
    result = read_vcard_file(path)
    assert isinstance(result.file_error, VCardFileError)
    assert "50 MB" in result.file_error.message


def test_a_missing_file_is_a_file_error(tmp_path: Path) -> None:
    result = read_vcard_file(tmp_path / "nope.vcf")
    assert isinstance(result.file_error, VCardFileError)
    assert str(result.file_error).startswith("nope.vcf: the file cannot be read")


def test_read_vcard_file_names_errors_by_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "contacts.vcf"
    path.write_bytes((card("FN:Ada") + "BEGIN:VCARD\nFN:Bo\x00\x00\nEND:VCARD\n").encode())
    result = read_vcard_file(os.fspath(path))
    assert result.file == "contacts.vcf"
    assert str(result.errors[0]).startswith("contacts.vcf, card 2 (line 5): ")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-8-sig"])
def test_utf16_and_bom_files_are_read(codec: str) -> None:
    result = read_vcards(card("FN:Zoë").encode(codec))
    assert [c.draft.display_name for c in result.cards] == ["Zoë"]


def test_vcard_errors_are_relapp_errors_that_say_where() -> None:
    error = VCardError("contacts.vcf", 3, 41, "no END:VCARD")
    assert isinstance(error, RelappError)
    assert str(error) == "contacts.vcf, card 3 (line 41): no END:VCARD"
    assert str(VCardError("a.vcf", None, 7, "odd")) == "a.vcf, line 7: odd"
    assert str(VCardFileError("a.vcf", "the file is empty")) == "a.vcf: the file is empty"


# -- what a card becomes ------------------------------------------------------------------


def test_a_full_card_maps_to_a_draft() -> None:
    result = read(
        card(
            "FN:Jane Q. Doe",
            "N:Doe;Jane;Q.;Dr.;",
            "NICKNAME:JJ,Janie",
            "ORG:Acme\\, Inc.;Research",
            "TITLE:Chief Scientist",
            "BDAY:1985-04-12",
            "ANNIVERSARY:20100619",
            "EMAIL;TYPE=work:Jane@Acme.example",
            "TEL;TYPE=home,fax:+1 555 0102",
            "URL:https://jane.example",
            "ADR;TYPE=home:;;12 Elm St;Springfield;IL;62701;USA",
            "IMPP;X-SERVICE-TYPE=Skype:skype:jane.doe",
            "X-SOCIALPROFILE;type=twitter;x-user=janedoe:https://twitter.com/janedoe",
            "NOTE:Loves sailing\\, tea.\\nMet at PyCon.",
            "CATEGORIES:friends,sailing",
            "RELATED;TYPE=spouse;VALUE=text:John Doe",
            version="4.0",
        )
    )
    draft = result.cards[0].draft
    assert draft.display_name == "Jane Q. Doe"
    assert (draft.given_name, draft.family_name, draft.nickname) == ("Jane", "Doe", "JJ, Janie")
    assert (draft.organisation, draft.title) == ("Acme, Inc.", "Chief Scientist")
    assert draft.birthday == Birthday(4, 12, 1985)
    assert draft.tags == ("friends", "sailing")
    assert draft.anniversary == Birthday(6, 19, 2010)
    assert draft.notes == "Loves sailing, tea.\nMet at PyCon.\n\nRelated: spouse John Doe"
    assert draft.contact_points == (
        ContactPoint(ContactKind.EMAIL, "Jane@Acme.example", "work"),
        ContactPoint(ContactKind.PHONE, "+1 555 0102", "home fax"),
        ContactPoint(ContactKind.URL, "https://jane.example", ""),
        ContactPoint(ContactKind.ADDRESS, "12 Elm St, Springfield, IL 62701, USA", "home"),
        ContactPoint(ContactKind.SOCIAL, "jane.doe", "Skype"),
        ContactPoint(ContactKind.SOCIAL, "https://twitter.com/janedoe", "twitter"),
    )


def test_a_second_anniversary_or_one_that_is_no_date_stays_a_note_line() -> None:
    result = read(
        card(
            "FN:Ada", "ANNIVERSARY:2001-01-01", "X-ANNIVERSARY:2005-05-05", "X-MS-ANNIVERSARY:soon"
        )
    )
    draft = result.cards[0].draft
    assert draft.anniversary == Birthday(1, 1, 2001)
    assert draft.notes == "Anniversary: 5 May 2005\nAnniversary: soon"


def test_apple_related_names_and_dates_become_note_lines() -> None:
    result = read(
        card(
            "FN:Ada",
            "item1.X-ABRELATEDNAMES:Jane",
            "item1.X-ABLabel:_$!<Spouse>!$_",
            "item2.X-ABDATE:2001-01-01",
            "item2.X-ABLabel:_$!<Anniversary>!$_",
            "X-ABDATE:1776-07-04",
        )
    )
    assert result.cards[0].draft.anniversary == Birthday(1, 1, 2001)
    assert result.cards[0].draft.notes == "Related: spouse Jane\nDate: 4 July 1776"


def test_android_custom_rows_give_nickname_relations_and_events() -> None:
    result = read(
        card(
            "FN:Ada",
            "X-ANDROID-CUSTOM:vnd.android.cursor.item/nickname;Addie;1;;;;;;;;;;;;;",
            "X-ANDROID-CUSTOM:vnd.android.cursor.item/relation;Jane;14;;;;;;;;;;;;;",
            "X-ANDROID-CUSTOM:vnd.android.cursor.item/relation;Max;0;Godson;;;;;;;;;;;;",
            "X-ANDROID-CUSTOM:vnd.android.cursor.item/contact_event;2013-05-01;1;;;;;;;;;;;;;",
            "X-ANDROID-CUSTOM:vnd.android.cursor.item/contact_event;1990-02-03;3;;;;;;;;;;;;;",
            version="2.1",
        )
    )
    draft = result.cards[0].draft
    assert draft.nickname == "Addie"
    assert draft.birthday == Birthday(2, 3, 1990)
    assert draft.anniversary == Birthday(5, 1, 2013)
    assert draft.notes == "Related: spouse Jane\nRelated: Godson Max"


@pytest.mark.parametrize(
    ("lines", "name"),
    [
        (("N:Lovelace;Ada;;;",), "Ada Lovelace"),
        (("N:;;;;", "NICKNAME:Addie"), "Addie"),
        (("ORG:Analytical Engines Ltd",), "Analytical Engines Ltd"),
        (("EMAIL:ada@example.com", "TEL:555"), "ada@example.com"),
        (("TEL:555-0101",), "555-0101"),
        (("NOTE:only a note",), "Unnamed contact"),
    ],
)
def test_the_display_name_is_never_empty(lines: tuple[str, ...], name: str) -> None:
    assert read(card(*lines)).cards[0].draft.display_name == name


def test_a_card_with_nothing_in_it_is_skipped() -> None:
    result = read(card("UID:1234") + card("FN:Ada"))
    assert [c.index for c in result.cards] == [2]
    assert result.skipped == ("card 1 (line 1): an empty card (no name, contact details or notes)",)


def test_a_missing_or_odd_version_is_read_as_3_with_a_warning() -> None:
    text = "BEGIN:VCARD\nFN:Ada\nEND:VCARD\n" + card("FN:Bob", version="3.1")
    first, second = read(text).cards
    assert (first.version, second.version) == ("3.0", "3.0")
    assert "no VERSION" in first.warnings[0]
    assert "3.1" in second.warnings[0]


def test_progress_is_reported_up_to_the_total() -> None:
    calls: list[tuple[int, int]] = []
    read_vcards(
        ("".join(card(f"FN:P{i}") for i in range(450))).encode(),
        progress=lambda *a: calls.append(a),
    )
    assert calls[-1] == (450, 450)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


_line = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=60
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_line, max_size=12), st.sampled_from(["2.1", "3.0", "4.0"]))
def test_any_text_inside_a_card_is_read_or_reported_but_never_crashes(
    lines: list[str], version: str
) -> None:
    result = read_vcards((card("FN:Ada", *lines, version=version) + card("FN:Bob")).encode())
    assert not any("could not be read (" in error.message for error in result.errors)
    assert result.cards[-1].draft.display_name == "Bob"
    for parsed in result.cards:
        assert parsed.draft.display_name.strip()
