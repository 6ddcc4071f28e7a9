"""Cards another client wrote (raw HTTP PUT, in the shapes DAVx⁵ and iOS write) appear
in Relapp, and keep what Relapp does not understand after Relapp edits them."""

from __future__ import annotations

import base64
import dataclasses
from pathlib import Path

from relapp.domain.model import ContactKind
from relapp.services import people
from relapp.services.sync.dav import DavClient
from relapp.services.sync.engine import people_collection
from tests.dav_server import Account
from tests.sync.helpers import cards_on_server, collection, folder_db, raw, sync

JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 3
PHOTO_B64 = base64.b64encode(JPEG).decode()

IOS_CARD = (
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "PRODID:-//Apple Inc.//iPhone OS 17.4//EN\r\n"
    "N:Roth;Carol;Anne;Dr.;\r\n"
    "FN:Carol Roth\r\n"
    "ORG:Acme;Research\r\n"
    "item1.EMAIL;type=INTERNET;type=pref:carol@acme.example\r\n"
    "item1.X-ABLabel:_$!<Other>!$_\r\n"
    "TEL;type=CELL;type=VOICE;type=pref:+1 972 529 1234\r\n"
    "item2.ADR;type=HOME;type=pref:;;1 Main St;Springfield;IL;62701;USA\r\n"
    "item2.X-ABADR:us\r\n"
    "IMPP;X-SERVICE-TYPE=Skype;type=HOME:skype:carol.roth\r\n"
    f"PHOTO;ENCODING=b;TYPE=JPEG:{PHOTO_B64}\r\n"
    "X-OTHERAPP-SCORE:42\r\n"
    "UID:8D4C0F2A-1B9E-4E4F-9F3B-0D7E3C0A1B2C\r\n"
    "END:VCARD\r\n"
)

DAVX5_CARD = (
    "BEGIN:VCARD\r\n"
    "VERSION:4.0\r\n"
    "PRODID:ez-vcard 0.11.3\r\n"
    "UID:urn:uuid:5e1f8d3c-2b4a-4c6d-8e9f-0a1b2c3d4e5f\r\n"
    "FN:Dan Brown\r\n"
    "N:Brown;Dan;;;\r\n"
    "EMAIL;TYPE=work:dan@work.example\r\n"
    "item1.TEL:+49 30 1234567\r\n"
    "item1.X-ABLabel:Studio\r\n"
    "IMPP:xmpp:dan@jabber.example\r\n"
    "BDAY:--0412\r\n"
    f"PHOTO:data:image/jpeg;base64,{PHOTO_B64}\r\n"
    "REV:20260101T120000Z\r\n"
    "END:VCARD\r\n"
)


Meaning = tuple[str, str, tuple[tuple[str, str], ...], str]


def meanings(text: str) -> set[Meaning]:
    """Content lines by meaning: group and name in any case, parameters in any order and
    grouping (TYPE=A;TYPE=B is TYPE=A,B), the value as written. (Servers rewrite cards:
    Radicale sorts properties and joins parameters.)"""
    out: set[Meaning] = set()
    for line in text.replace("\r\n ", "").replace("\r\n\t", "").splitlines():
        head, _, value = line.partition(":")
        name, *params = head.split(";")
        group, _, prop = name.rpartition(".")
        pairs = set()
        for param in params:
            key, _, values = param.partition("=")
            pairs.update((key.upper(), v.lower()) for v in values.split(","))
        out.add((group.lower(), prop.upper(), tuple(sorted(pairs)), value))
    return out


def put_card(account: Account, name: str, text: str) -> str:
    url = collection(account) + name
    response = raw(account, "PUT", url, data=text.encode(), headers={"Content-Type": "text/vcard"})
    assert response.status_code in (201, 204), response.text
    return url


def prepare(account: Account) -> None:
    client = DavClient(account.url, account.user, account.password)
    people_collection(client)  # the address book exists, as after Relapp's first sync


def test_cards_written_by_ios_and_davx5_appear_in_relapp(tmp_path: Path, account: Account) -> None:
    prepare(account)
    put_card(account, "8D4C0F2A.vcf", IOS_CARD)
    put_card(account, "davx5-dan.vcf", DAVX5_CARD)
    db = folder_db(tmp_path, "a")
    got = sync(db, account).people
    assert got.received_new == 2 and not got.unreadable
    (carol_id,) = people.list_people(db, "Carol")
    carol = people.get_person(db, carol_id)
    assert (carol.given_name, carol.family_name, carol.organisation) == ("Carol", "Roth", "Acme")
    assert carol.photo == JPEG
    kinds = {(p.kind, p.value) for p in carol.contact_points}
    assert (ContactKind.EMAIL, "carol@acme.example") in kinds
    assert (ContactKind.PHONE, "+1 972 529 1234") in kinds
    (dan_id,) = people.list_people(db, "Dan")
    dan = people.get_person(db, dan_id)
    assert dan.birthday is not None and (dan.birthday.month, dan.birthday.day) == (4, 12)
    assert any(p.label == "Studio" for p in dan.contact_points)
    uid = db.connection().execute("SELECT uid FROM person WHERE id = ?", (dan_id,)).fetchone()
    assert uid == ("urn:uuid:5e1f8d3c-2b4a-4c6d-8e9f-0a1b2c3d4e5f",)
    # Nothing to send back: Relapp changed nothing.
    assert not sync(db, account).people.anything


def test_a_relapp_edit_keeps_what_relapp_does_not_understand(
    tmp_path: Path, account: Account
) -> None:
    prepare(account)
    url = put_card(account, "8D4C0F2A.vcf", IOS_CARD)
    db = folder_db(tmp_path, "a")
    sync(db, account)
    (carol_id,) = people.list_people(db, "Carol")
    carol = people.get_person(db, carol_id)
    people.update_person(db, carol_id, dataclasses.replace(carol, display_name="Carol A. Roth"))
    assert sync(db, account).people.sent_changed == 1
    text = raw(account, "GET", url).text
    on_server = meanings(text)
    assert meanings("FN:Carol A. Roth") <= on_server
    for kept in (
        "IMPP;X-SERVICE-TYPE=Skype;type=HOME:skype:carol.roth",
        "item2.ADR;type=HOME;type=pref:;;1 Main St;Springfield;IL;62701;USA",
        "item2.X-ABADR:us",
        "X-OTHERAPP-SCORE:42",
        "N:Roth;Carol;Anne;Dr.;",
        f"PHOTO;ENCODING=b;TYPE=JPEG:{PHOTO_B64}",
    ):
        assert meanings(kept) <= on_server, kept
    assert len(cards_on_server(account)) == 1


def test_a_card_relapp_cannot_read_is_reported_and_the_rest_syncs(
    tmp_path: Path, account: Account
) -> None:
    prepare(account)
    put_card(
        account, "empty.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:empty-1\r\nFN:\r\nEND:VCARD\r\n"
    )
    put_card(account, "davx5-dan.vcf", DAVX5_CARD)
    db = folder_db(tmp_path, "a")
    got = sync(db, account).people
    assert got.received_new == 1
    (problem,) = got.unreadable
    assert problem.startswith(f"{collection_path(account)}empty.vcf: ") and "empty card" in problem
    assert people.count_people(db) == 1
    assert len(cards_on_server(account)) == 2  # left as it is on the server


def collection_path(account: Account) -> str:
    from urllib.parse import urlsplit

    return urlsplit(collection(account)).path
