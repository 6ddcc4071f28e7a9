"""People <-> vCard 3.0 for CardDAV: a round trip keeps every field (Relapp's own as
X-RELAPP-* properties), and editing a phone's card in place keeps what Relapp does not
understand."""

from __future__ import annotations

import base64
import dataclasses
from datetime import UTC, date, datetime

from relapp.domain.model import Birthday, Channel, ContactKind, ContactPoint, PersonDraft
from relapp.domain.sync.card_codec import edit_card, meaning, read_card, write_card
from relapp.domain.sync.card_lines import card_lines

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(200))

ADA = PersonDraft(
    display_name="Ada Lovelace",
    given_name="Ada",
    family_name="Lovelace",
    nickname="Countess",
    organisation="Analytical, Ltd; Engines",
    title="Mathematician",
    birthday=Birthday(12, 10, 1815),
    met_on=date(2019, 5, 1),
    met_how="at Babbage's party, after the talk; we spoke of looms",
    preferred_channel=Channel.EMAIL,
    avoid_channels=frozenset({Channel.CALL, Channel.LETTER, Channel.VIDEO}),
    cadence_days=30,
    notes="Likes: poetry, numbers\nSecond line",
    tags=("friends", "math, logic"),
    contact_points=(
        ContactPoint(ContactKind.EMAIL, "ada@example.org", "work"),
        ContactPoint(ContactKind.PHONE, "+44 20 7946 0000", "Studio line"),
        ContactPoint(ContactKind.URL, "https://ada.example.org"),
    ),
    photo=PNG,
)

PHONE_CARD = (
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "PRODID:-//Apple Inc.//iPhone OS 17.0//EN\r\n"
    "UID:4B3F6C1E-1111-2222-3333-444455556666\r\n"
    "N:Roth;Carol;Anne;Dr.;PhD\r\n"
    "FN:Carol Roth\r\n"
    "ORG:Acme;Research\r\n"
    "item1.EMAIL;type=INTERNET;type=pref:carol@acme.example\r\n"
    "item1.X-ABLabel:_$!<Other>!$_\r\n"
    "TEL;type=CELL;type=VOICE;type=pref:+1 972 529 1234\r\n"
    "item2.ADR;type=HOME;type=pref:;;1 Main St;Springfield;IL;62701;USA\r\n"
    "item2.X-ABADR:us\r\n"
    "IMPP;X-SERVICE-TYPE=Skype;type=HOME:skype:carol.roth\r\n"
    "X-SOCIALPROFILE;type=twitter:https://twitter.com/carol\r\n"
    "PHOTO;ENCODING=b;TYPE=JPEG:" + base64.b64encode(b"\xff\xd8\xff" + b"1" * 60).decode() + "\r\n"
    "PHOTO;ENCODING=b;TYPE=JPEG:" + base64.b64encode(b"\xff\xd8\xff" + b"2" * 60).decode() + "\r\n"
    "X-OTHERAPP-SCORE:42\r\n"
    "X-ACTIVITY-ALERT:type=call\\,snd=<none>\r\n"
    "END:VCARD\r\n"
)


def test_a_card_reads_back_as_the_same_person_with_relapps_own_fields() -> None:
    text = write_card(ADA, "uid-1", NOW)
    assert "VERSION:3.0" in text and "UID:uid-1" in text and "REV:20261206T120000Z" in text
    # One property per channel: a server that cuts comma lists loses nothing.
    assert text.count("X-RELAPP-AVOID-CHANNEL:") == 3
    card = read_card(text)
    assert card.uid == "uid-1"
    assert card.draft == ADA


def test_meaning_ignores_line_order_folding_and_escaping_but_not_content() -> None:
    text = write_card(ADA, "uid-1", NOW)
    lines = [x.raw for x in card_lines(text)]
    shuffled = "BEGIN:VCARD\r\n" + "\r\n".join(sorted(lines)) + "\r\nEND:VCARD\r\n"
    refolded = shuffled.replace("Mathematician", "Mathe\r\n matician")
    assert meaning(read_card(refolded).draft) == meaning(ADA)
    changed = dataclasses.replace(ADA, title="Poet")
    assert meaning(changed) != meaning(ADA)


def test_a_comma_list_of_channels_written_by_another_app_is_read() -> None:
    text = write_card(PersonDraft("Bo"), "u", NOW).replace(
        "END:VCARD", "X-RELAPP-AVOID-CHANNEL:call,letter\r\nEND:VCARD"
    )
    assert read_card(text).draft.avoid_channels == {Channel.CALL, Channel.LETTER}


def unchanged_lines(before: str, after: str) -> list[str]:
    kept = {x.raw for x in card_lines(after)}
    return [x.raw for x in card_lines(before) if x.raw not in kept]


def test_renaming_a_phones_card_keeps_everything_relapp_does_not_model() -> None:
    carol = read_card(PHONE_CARD).draft
    renamed = dataclasses.replace(carol, display_name="Carol R. Roth")
    text = edit_card(PHONE_CARD, renamed, "ignored-uid", NOW)
    assert unchanged_lines(PHONE_CARD, text) == ["FN:Carol Roth"]
    assert "FN:Carol R. Roth" in text
    assert "UID:4B3F6C1E-1111-2222-3333-444455556666" in text
    assert read_card(text).draft == renamed


def test_a_new_given_name_keeps_the_middle_name_prefix_and_suffix() -> None:
    carol = read_card(PHONE_CARD).draft
    text = edit_card(PHONE_CARD, dataclasses.replace(carol, given_name="Caroline"), "u", NOW)
    assert "N:Roth;Caroline;Anne;Dr.;PhD" in text
    assert unchanged_lines(PHONE_CARD, text) == ["N:Roth;Carol;Anne;Dr.;PhD"]


def test_contact_edits_touch_only_the_lines_of_the_points_that_changed() -> None:
    carol = read_card(PHONE_CARD).draft
    email = next(p for p in carol.contact_points if p.kind is ContactKind.EMAIL)
    points = tuple(p for p in carol.contact_points if p != email)
    added = ContactPoint(ContactKind.PHONE, "+1 555 0100", "Lab bench")
    after = dataclasses.replace(carol, contact_points=(*points, added))
    text = edit_card(PHONE_CARD, after, "u", NOW)
    gone = unchanged_lines(PHONE_CARD, text)
    assert sorted(gone) == sorted(
        ["item1.EMAIL;type=INTERNET;type=pref:carol@acme.example", "item1.X-ABLabel:_$!<Other>!$_"]
    )
    assert "item2.ADR;type=HOME;type=pref:;;1 Main St;Springfield;IL;62701;USA" in text
    read = read_card(text).draft
    assert sorted(read.contact_points, key=repr) == sorted(after.contact_points, key=repr)
    # The new point's label group does not take a number already used (item2).
    assert "X-ABLabel:Lab bench" in text and "item2.TEL" not in text


def test_relapps_own_fields_are_added_to_a_phones_card_without_touching_the_rest() -> None:
    carol = read_card(PHONE_CARD).draft
    after = dataclasses.replace(
        carol, cadence_days=14, avoid_channels=frozenset({Channel.CALL, Channel.EMAIL})
    )
    text = edit_card(PHONE_CARD, after, "u", NOW)
    assert unchanged_lines(PHONE_CARD, text) == []
    assert read_card(text).draft == after


def test_an_archived_person_says_so_on_the_card() -> None:
    text = write_card(ADA, "u", NOW, archived=True)
    assert "X-RELAPP-ARCHIVED:1" in text
    card = read_card(text)
    assert card.archived and card.draft == ADA
    assert meaning(ADA, archived=True) != meaning(ADA)
    back = edit_card(text, ADA, "u", NOW, archived=False)
    assert "X-RELAPP-ARCHIVED" not in back and not read_card(back).archived
