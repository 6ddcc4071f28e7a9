"""What real exporters get wrong, read instead of dropped (issue 12, "Read what real
exporters get wrong"). Small synthetic files, one per kind of damage seen in the wild:
no BEGIN line, no END line, a stray ``END:``, a card cut off mid-line, a fold inside a
multi-byte UTF-8 character, a Windows code page named only by one ``CHARSET=``, and a
property line without a colon. Each card is read with a warning saying what was mended;
no text is silently garbled.
"""

from __future__ import annotations

from relapp.domain.vcard import ParsedCard, VCardReadResult, read_vcards


def read(data: bytes) -> VCardReadResult:
    return read_vcards(data, "damaged.vcf")


def only_card(data: bytes) -> ParsedCard:
    result = read(data)
    assert not result.errors, [str(e) for e in result.errors]
    (card,) = result.cards
    return card


def names(result: VCardReadResult) -> list[str]:
    return [card.draft.display_name for card in result.cards]


# --- card boundaries ------------------------------------------------------------------


def test_a_card_with_no_begin_line_is_read_with_a_warning() -> None:
    data = (
        b"VERSION:3.0\r\nFN:Ann Lee\r\nEMAIL:ann@lee.example\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Brown\r\nEND:VCARD\r\n"
    )
    result = read(data)
    assert names(result) == ["Ann Lee", "Bo Brown"]
    assert not result.errors
    assert any("BEGIN:VCARD" in w for w in result.cards[0].warnings)
    assert result.cards[0].draft.emails() == ["ann@lee.example"]


def test_a_file_of_one_card_without_begin_is_still_a_vcard() -> None:
    card = only_card(b"VERSION:2.1\r\nN:Lee;Ann\r\nTEL;CELL:+1 415 555 0100\r\nEND:VCARD\r\n")
    assert card.draft.display_name == "Ann Lee"
    assert card.draft.phones() == ["+1 415 555 0100"]


def test_a_card_with_no_end_line_before_the_next_card_is_read() -> None:
    data = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEMAIL:ann@lee.example\r\n"
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Brown\r\nEND:VCARD\r\n"
    )
    result = read(data)
    assert names(result) == ["Ann Lee", "Bo Brown"]
    assert not result.errors
    assert any("END:VCARD" in w for w in result.cards[0].warnings)


def test_a_stray_end_line_does_not_end_or_break_the_card() -> None:
    data = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEND:\r\nEMAIL:ann@lee.example\r\n"
        b"END:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Brown\r\nEND:VCARD\r\n"
    )
    result = read(data)
    assert names(result) == ["Ann Lee", "Bo Brown"]
    assert not result.errors
    assert result.cards[0].draft.emails() == ["ann@lee.example"]
    assert any("line 4" in w and "END:" in w for w in result.cards[0].warnings)


def test_a_stray_end_line_in_place_of_end_vcard_ends_the_card() -> None:
    data = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEND:\r\n"
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Brown\r\nEND:VCARD\r\n"
    )
    result = read(data)
    assert names(result) == ["Ann Lee", "Bo Brown"]
    assert not result.errors


def test_a_card_cut_off_mid_line_keeps_what_is_there() -> None:
    data = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bo Brown\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nTEL:+1 415 555 0100\r\nEMAIL:ann@le"
    )
    result = read(data)
    assert names(result) == ["Bo Brown", "Ann Lee"]
    assert not result.errors
    ann = result.cards[1]
    assert ann.draft.phones() == ["+1 415 555 0100"]
    assert any("ends inside this card" in w for w in ann.warnings)


# --- bytes and encodings ----------------------------------------------------------------


def test_a_fold_inside_a_multibyte_character_is_joined_before_decoding() -> None:
    # "Zoë Ångström" with folds that split "ë" (C3 AB) and "Å" (C3 85) between bytes.
    data = (
        b"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Zo\xc3\r\n \xab \xc3\r\n \x85ngstr\xc3\xb6m\r\n"
        b"NOTE:caf\xc3\r\n \xa9 au lait\r\nEND:VCARD\r\n"
    )
    card = only_card(data)
    assert card.draft.display_name == "Zoë Ångström"
    assert card.draft.notes == "café au lait"
    assert not any("\ufffd" in w or "Ã" in w for w in card.warnings)


def test_a_fold_inside_a_character_in_an_otherwise_utf8_file_with_other_cards() -> None:
    data = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jos\xc3\xa9\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Fran\xc3\r\n\t\xa7oise\r\nEND:VCARD\r\n"
    )
    assert names(read(data)) == ["José", "Françoise"]


def test_a_windows_code_page_named_once_is_used_for_the_whole_card() -> None:
    # Windows-1251 (Cyrillic): only N says CHARSET; FN and NOTE are the same bytes.
    fn = "Иван Петров".encode("cp1251")
    n = "Петров;Иван".encode("cp1251")
    note = "Друг детства".encode("cp1251")
    data = (
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=WINDOWS-1251:" + n + b"\r\n"
        b"FN:" + fn + b"\r\nNOTE:" + note + b"\r\nEND:VCARD\r\n"
    )
    card = only_card(data)
    assert card.draft.display_name == "Иван Петров"
    assert (card.draft.given_name, card.draft.family_name) == ("Иван", "Петров")
    assert card.draft.notes == "Друг детства"
    assert any("windows-1251" in w.lower() for w in card.warnings), card.warnings


def test_the_hint_of_one_card_serves_the_cards_of_the_file_without_one() -> None:
    greek = "Γιώργος".encode("cp1253")
    data = (
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=windows-1253:" + greek + b"\r\nEND:VCARD\r\n"
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:" + "Νίκος".encode("cp1253") + b"\r\nEND:VCARD\r\n"
    )
    result = read(data)
    assert names(result) == ["Γιώργος", "Νίκος"]
    assert any("windows-1253" in w.lower() for w in result.cards[1].warnings)


def test_a_guessed_encoding_is_named_in_the_warnings() -> None:
    data = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ren\xe9e M\xfcller\r\nEND:VCARD\r\n"
    card = only_card(data)
    assert card.draft.display_name == "Renée Müller"
    assert any("not UTF-8" in w and "windows-1252" in w.lower() for w in card.warnings)


# --- a property line without a colon ------------------------------------------------


def test_a_property_line_without_a_colon_is_not_glued_into_the_value_above() -> None:
    data = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nNOTE:Met at the conference\r\n"
        b"X-ANDROID-CUSTOM\r\nTEL;TYPE=CELL\r\nEMAIL:ann@lee.example\r\nEND:VCARD\r\n"
    )
    card = only_card(data)
    assert card.draft.notes == "Met at the conference"
    assert card.draft.emails() == ["ann@lee.example"]
    assert any(w.startswith("line 5:") and "no colon" in w for w in card.warnings)
    assert any(w.startswith("line 6:") and "no colon" in w for w in card.warnings)


def test_a_line_break_inside_a_note_is_still_read_as_part_of_the_note() -> None:
    data = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nNOTE:First line\r\n"
        b"second line of the note\r\nEND:VCARD\r\n"
    )
    assert only_card(data).draft.notes == "First line\nsecond line of the note"


def test_quoted_printable_without_a_charset_uses_the_cards_or_is_named_a_guess() -> None:
    n = "".join(f"={b:02X}" for b in "Петров;Иван".encode("cp1251"))
    fn = "".join(f"={b:02X}" for b in "Иван Петров".encode("cp1251"))
    data = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\n"
        f"N;CHARSET=WINDOWS-1251;ENCODING=QUOTED-PRINTABLE:{n}\r\n"
        f"FN;ENCODING=QUOTED-PRINTABLE:{fn}\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN;ENCODING=QUOTED-PRINTABLE:Ren=E9e\r\nEND:VCARD\r\n"
    ).encode("ascii")
    result = read(data)
    assert names(result) == ["Иван Петров", "Renée"]
    assert not any("guess" in w for w in result.cards[0].warnings)
    assert any("windows-1252" in w and "guess" in w for w in result.cards[1].warnings)
