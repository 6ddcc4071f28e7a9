"""The demo's part for vCard import: contacts exported from a phone, imported once.

The export holds Ellen Marsh twice (from two apps, the second an old vCard 2.1) with
her new mobile number and birthday, and one person Relapp does not know yet. Importing
it with the suggested choices merges Ellen's new details into the Ellen you know (her
card and its twin are one person), adds the stranger, and leaves one import in
File ▸ Imports… that can be undone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from relapp.services import importing

if TYPE_CHECKING:
    from relapp.demo.builder import DemoBuilder

FILE_NAME = "phone-contacts.vcf"

PHONE_EXPORT = (
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "PRODID:-//Apple Inc.//iPhone OS 17.4//EN\r\n"
    "N:Marsh;Ellen;;;\r\n"
    "FN:Ellen Marsh\r\n"
    "ORG:Roth & Marsh Consulting;\r\n"
    "item1.EMAIL;type=INTERNET;type=pref:ellen@rothmarsh.example\r\n"
    "item1.X-ABLabel:_$!<Work>!$_\r\n"
    "TEL;type=CELL;type=VOICE;type=pref:+1 214 555 0187\r\n"
    "BDAY;X-APPLE-OMIT-YEAR=1604:1604-09-14\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "N:Ferreira;Tomás;;;\r\n"
    "FN:Tomás Ferreira\r\n"
    "ORG:Lisbon Coffee Roasters\r\n"
    "EMAIL;type=INTERNET:tomas@lisboncoffee.example\r\n"
    "TEL;type=CELL:+351 912 345 678\r\n"
    "NOTE:Roasts the beans Carol serves at the office.\r\n"
    "CATEGORIES:coffee\r\n"
    "END:VCARD\r\n"
    "BEGIN:VCARD\r\n"
    "VERSION:2.1\r\n"
    "N:Marsh;Ellen\r\n"
    "FN:Ellen Marsh\r\n"
    "EMAIL;INTERNET;HOME:ellen@rothmarsh.example\r\n"
    "TEL;CELL:(214) 555-0187\r\n"
    "END:VCARD\r\n"
)


def an_import_from_the_phone(b: DemoBuilder) -> None:
    plan = importing.plan_import_data(b.db, [(FILE_NAME, PHONE_EXPORT.encode("utf-8"))])
    # Inside the demo's one transaction, and nothing to back up: no pre-import copy.
    result = importing.apply_import(b.db, plan, backup_first=False)
    # Ellen merges into the Ellen the demo already has; Tomas is the only new person.
    (b.ids["tomas"],) = result.created_ids
