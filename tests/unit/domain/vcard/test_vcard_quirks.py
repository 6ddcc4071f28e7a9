"""What real exporters write that a strict reader rejects, each in a small made-up card."""

from __future__ import annotations

import base64

import pytest

from relapp.domain.model import Birthday, ContactKind, ContactPoint
from relapp.domain.vcard import MAX_PHOTO_BYTES, ParsedCard, read_vcards

JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4 + b"\xff\xd9"


def one_card(text: str, eol: str = "\r\n", encoding: str = "utf-8") -> ParsedCard:
    """Read a file of one card written with "\\n" line ends, sent with ``eol`` ones."""
    result = read_vcards(text.replace("\n", eol).encode(encoding), "test.vcf")
    assert not result.errors, [str(error) for error in result.errors]
    assert len(result.cards) == 1, result.skipped
    return result.cards[0]


def test_quoted_printable_with_charset_and_soft_line_breaks() -> None:
    card = one_card(
        "BEGIN:VCARD\n"
        "VERSION:2.1\n"
        "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=4D=C3=BC=6C=6C=65=72;J=C3=\n"
        "=BCrgen;;;\n"
        "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:J=C3=BCrgen M=C3=BCller\n"
        "NOTE;ENCODING=QUOTED-PRINTABLE:First line=0D=0ASecond=\n"
        " line, still the second\n"
        "END:VCARD\n"
    )
    assert card.draft.display_name == "Jürgen Müller"
    assert (card.draft.given_name, card.draft.family_name) == ("Jürgen", "Müller")
    assert card.draft.notes == "First line\nSecond line, still the second"


def test_quoted_printable_in_a_legacy_charset() -> None:
    card = one_card(
        "BEGIN:VCARD\nVERSION:2.1\n"
        "FN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Ren=E9e Fran=E7ois\n"
        "END:VCARD\n"
    )
    assert card.draft.display_name == "Renée François"


def test_quoted_printable_parameters_in_lower_case_and_bare_2_1_form() -> None:
    card = one_card(
        "BEGIN:VCARD\nVERSION:2.1\n"
        "fn;charset=utf-8;encoding=quoted-printable:Ana=20Mar=C3=ADa\n"
        "NOTE;QUOTED-PRINTABLE:a=3Db\n"
        "END:VCARD\n"
    )
    assert card.draft.display_name == "Ana María"
    assert card.draft.notes == "a=b"


def test_a_blank_line_ends_a_soft_broken_quoted_printable_value() -> None:
    card = one_card(
        "BEGIN:VCARD\nVERSION:2.1\nFN:Pat\n"
        "ORG;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=91and=C3=BA=\n"
        "\n"
        "TITLE:Boss\n"
        "END:VCARD\n"
    )
    assert card.draft.organisation == "Ñandú"
    assert card.draft.title == "Boss"


@pytest.mark.parametrize(
    ("eol", "name"), [("\r\r\n", "CR CR LF"), ("\n", "LF"), ("\r\n", "CR LF"), ("\r", "CR")]
)
def test_line_ends_of_every_kind_read_the_same(eol: str, name: str) -> None:
    card = one_card(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Grace Hopper\n"
        "NOTE:A note folded over\n  two lines\n"
        "TEL;TYPE=CELL:+1 555 0100\n"
        "END:VCARD\n",
        eol=eol,
    )
    assert card.draft.display_name == "Grace Hopper", name
    assert card.draft.notes == "A note folded over two lines", name
    assert card.draft.contact_points == (ContactPoint(ContactKind.PHONE, "+1 555 0100", "mobile"),)


def test_cr_cr_lf_counts_as_one_line_end_for_line_numbers() -> None:
    text = "BEGIN:VCARD\nVERSION:3.0\nFN:A\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nFN:B\nEND:VCARD\n"
    result = read_vcards(text.replace("\n", "\r\r\n").encode())
    assert [(card.index, card.line) for card in result.cards] == [(1, 1), (2, 5)]


def test_a_short_continuation_without_leading_space_is_a_new_line_of_the_value() -> None:
    card = one_card(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Jo\nNOTE:We met at a party.\nThat was cool!\nEND:VCARD\n"
    )
    assert card.draft.notes == "We met at a party.\nThat was cool!"
    assert any("line 5" in warning for warning in card.warnings)


def test_a_long_continuation_without_leading_space_is_a_lost_fold() -> None:
    street = "ADR;TYPE=HOME:;;678 Plain Home Address\\nAll one field 354\\nBridgeport CT 06"
    card = one_card(f"BEGIN:VCARD\nVERSION:3.0\nFN:Jo\n{street}\n834;;;;\nEND:VCARD\n")
    assert card.draft.contact_points[0].value.endswith("Bridgeport CT 06834")


def test_a_continuation_starting_with_an_escape_is_joined_as_it_is() -> None:
    card = one_card("BEGIN:VCARD\nVERSION:3.0\nFN:Jo\nNOTE:one\n\\ntwo\nEND:VCARD\n")
    assert card.draft.notes == "one\ntwo"


def test_latin1_bytes_under_a_utf8_label_are_read_as_latin1() -> None:
    text = "BEGIN:VCARD\nVERSION:3.0\nFN;CHARSET=UTF-8:Zoë Müller\nORG:Café Noël\nEND:VCARD\n"
    card = one_card(text, encoding="latin-1")
    assert card.draft.display_name == "Zoë Müller"
    assert card.draft.organisation == "Café Noël"


def test_utf8_and_latin1_lines_can_share_a_file() -> None:
    data = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Zoë\nEND:VCARD\n".encode()
        + "BEGIN:VCARD\nVERSION:3.0\nFN:Noël\nEND:VCARD\n".encode("latin-1")
    )
    result = read_vcards(data)
    assert [card.draft.display_name for card in result.cards] == ["Zoë", "Noël"]


def test_lower_case_names_and_parameters() -> None:
    photo = base64.b64encode(JPEG).decode()
    card = one_card(
        "begin:vcard\nversion:3.0\nfn:Lin Wu\nn:Wu;Lin;;;\n"
        "tel;type=cell;type=pref:+44 20 7946 0000\n"
        "email;type=internet;type=work:lin@example.com\n"
        f"photo;encoding=b;type=jpeg:{photo}\n"
        "end:vcard\n"
    )
    assert card.draft.family_name == "Wu"
    assert card.draft.contact_points == (
        ContactPoint(ContactKind.PHONE, "+44 20 7946 0000", "mobile"),
        ContactPoint(ContactKind.EMAIL, "lin@example.com", "work"),
    )
    assert card.draft.photo == JPEG


def test_vcard_2_1_base64_photo_on_unindented_lines_ended_by_a_blank_line() -> None:
    encoded = base64.encodebytes(JPEG).decode()  # lines of 76 characters
    card = one_card(
        "BEGIN:VCARD\nVERSION:2.1\nN:Ray;Ada\n"
        f"PHOTO;ENCODING=BASE64;TYPE=JPEG:\n{encoded}\n"
        "TEL;HOME:555-0101\n"
        "END:VCARD\n"
    )
    assert card.draft.photo == JPEG
    assert card.draft.phones() == ["555-0101"]


def test_vcard_2_1_base64_photo_with_bare_parameters_and_indented_lines() -> None:
    encoded = "\n  ".join(base64.encodebytes(JPEG).decode().split())
    card = one_card(
        f"BEGIN:VCARD\nVERSION:2.1\nFN:Ada\nPHOTO;BASE64;JPEG:\n  {encoded}\n\nEND:VCARD\n"
    )
    assert card.draft.photo == JPEG


def test_base64_of_an_impossible_length_is_read_leniently() -> None:
    photo = JPEG[: len(JPEG) // 3 * 3]
    encoded = base64.b64encode(photo).decode() + "A"  # one character too many
    assert len(encoded) % 4 == 1
    card = one_card(f"BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nPHOTO;ENCODING=b:{encoded}\nEND:VCARD\n")
    assert card.draft.photo == photo


def test_vcard_4_data_uri_photo_folded_over_lines() -> None:
    encoded = base64.b64encode(JPEG).decode()
    folded = "\n ".join(encoded[i : i + 60] for i in range(0, len(encoded), 60))
    card = one_card(
        f"BEGIN:VCARD\nVERSION:4.0\nFN:Ada\nPHOTO:data:image/jpeg;base64,{folded}\nEND:VCARD\n"
    )
    assert card.draft.photo == JPEG
    assert card.version == "4.0"


def test_a_photo_given_as_a_link_is_kept_as_its_address() -> None:
    card = one_card(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nPHOTO;VALUE=uri:https://example.com/ada.jpg\nEND:VCARD\n"
    )
    assert card.draft.photo is None
    assert card.photo_url == "https://example.com/ada.jpg"


def test_a_photo_over_the_size_cap_is_dropped_with_a_warning() -> None:
    big = base64.b64encode(b"\xff\xd8\xff" + bytes(MAX_PHOTO_BYTES)).decode()
    card = one_card(f"BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nPHOTO;ENCODING=b:{big}\nEND:VCARD\n")
    assert card.draft.photo is None
    assert any("photo" in warning and "2 MB" in warning for warning in card.warnings)


@pytest.mark.parametrize(
    ("line", "birthday"),
    [
        ("BDAY:--0203", Birthday(2, 3)),
        ("BDAY:--02-03", Birthday(2, 3)),
        ("BDAY;VALUE=date:1604-07-30", Birthday(7, 30)),
        ("BDAY;X-APPLE-OMIT-YEAR=1604:1604-07-30", Birthday(7, 30)),
        ("BDAY:16040101", Birthday(1, 1)),
        ("BDAY:--0229", Birthday(2, 29)),
        ("BDAY:19800322", Birthday(3, 22, 1980)),
        ("BDAY:1980-03-22", Birthday(3, 22, 1980)),
        ("BDAY:1953-10-15T23:10:00Z", Birthday(10, 15, 1953)),
        ("BDAY;X-APPLE-OMIT-YEAR=1900:1900-05-04", Birthday(5, 4)),
    ],
)
def test_birthdays_with_and_without_a_year(line: str, birthday: Birthday) -> None:
    card = one_card(f"BEGIN:VCARD\nVERSION:3.0\nFN:Ada\n{line}\nEND:VCARD\n")
    assert card.draft.birthday == birthday


def test_a_birthday_that_is_not_a_date_is_left_out_with_a_warning() -> None:
    card = one_card("BEGIN:VCARD\nVERSION:4.0\nFN:Ada\nBDAY;VALUE=text:circa 1800\nEND:VCARD\n")
    assert card.draft.birthday is None
    assert any("line 4" in w and "circa 1800" in w for w in card.warnings)


def test_apple_item_groups_label_their_own_property() -> None:
    card = one_card(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ada\n"
        "item1.TEL:+1 555 0101\nitem1.X-ABLabel:_$!<Mobile>!$_\n"
        "item2.EMAIL;type=INTERNET:ada@example.com\nitem2.X-ABLabel:Book club\n"
        "item3.URL:http\\://ada.example.com\nitem3.X-ABLabel:_$!<HomePage>!$_\n"
        "TEL;type=WORK:+1 555 0102\n"
        "END:VCARD\n"
    )
    assert card.draft.contact_points == (
        ContactPoint(ContactKind.PHONE, "+1 555 0101", "mobile"),
        ContactPoint(ContactKind.EMAIL, "ada@example.com", "Book club"),
        ContactPoint(ContactKind.URL, "http://ada.example.com", "home page"),
        ContactPoint(ContactKind.PHONE, "+1 555 0102", "work"),
    )


@pytest.mark.parametrize(
    "kind_line",
    ["X-ADDRESSBOOKSERVER-KIND:group", "KIND:group", "KIND:Group"],
)
def test_group_cards_are_skipped_not_errors(kind_line: str) -> None:
    data = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nEND:VCARD\n"
        f"BEGIN:VCARD\nVERSION:3.0\nFN:Friends\n{kind_line}\n"
        "X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:1234\nEND:VCARD\n"
    )
    result = read_vcards(data.encode())
    assert [card.draft.display_name for card in result.cards] == ["Ada"]
    assert not result.errors
    assert result.skipped == ('card 2 (line 5): a contact group ("Friends"), not a person',)


def test_a_list_component_is_skipped() -> None:
    data = (
        "BEGIN:VLIST\nVERSION:1.0\nFN:Team\nCARD;EMAIL=a@x.org;FN=A:uid\nEND:VLIST\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nEND:VCARD\n"
    )
    result = read_vcards(data.encode())
    assert [card.index for card in result.cards] == [2]
    assert result.skipped == ("card 1 (line 1): a VLIST component, not a contact card",)


def test_empty_and_unreadable_parameters_are_mended() -> None:
    card = one_card(
        "BEGIN:VCARD\nVERSION:2.1\nFN:Ada\nTEL;;CELL:555-0101\nEMAIL;INTERNET;:ada@example.com\nEND:VCARD\n"
    )
    assert card.draft.contact_points == (
        ContactPoint(ContactKind.PHONE, "555-0101", "mobile"),
        ContactPoint(ContactKind.EMAIL, "ada@example.com", ""),
    )


def test_a_stray_quote_in_parameters_does_not_hang_the_reader() -> None:
    # vobject's own pattern backtracks exponentially on this line.
    params = ";a=b" * 30
    card = one_card(f'BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nX-JUNK{params}"c:v\nNOTE:kept\nEND:VCARD\n')
    assert card.draft.notes == "kept"


def test_control_characters_are_removed_with_a_warning() -> None:
    card = one_card("BEGIN:VCARD\nVERSION:3.0\nFN:Ada\x1b Lovelace\nEND:VCARD\n")
    assert card.draft.display_name == "Ada Lovelace"
    assert any("line 3" in warning for warning in card.warnings)
