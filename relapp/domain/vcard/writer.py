"""Writing people as vCard 4.0 (the default) or 3.0 text.

What is written reads back through ``read_vcards`` to the same names, nickname,
organisation, title, birthday and anniversary (with or without a year), notes, tags,
photo and contact points with their labels. Labels made of type words ("work", "home
fax", "mobile") go into TYPE parameters; any other label is written the way Apple
writes custom labels (``item1.EMAIL`` with ``item1.X-ABLabel``), which Apple, Google
and Relapp read back.
Social profiles and IM handles are written as Apple's X-SOCIALPROFILE.

Relapp's own fields with no vCard property (how and when you met, channels, cadence)
are not written (sync writes them as X-RELAPP-* properties: ``domain/sync/card_codec``).
A person's stable uid, when given, is the card's UID. Lines are folded at 75 octets and
end with CR LF.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable
from itertools import repeat
from urllib.parse import quote

from relapp.domain.model import Birthday, ContactKind, ContactPoint, PersonDraft
from relapp.domain.vcard.labels import types_for_label
from relapp.domain.vcard.mapping import UNNAMED

VERSIONS = ("3.0", "4.0")
PRODID = "-//Relapp//Relapp//EN"
_LINE_OCTETS = 75
_TOKEN = re.compile(r"[A-Za-z0-9-]+")
_PROPERTY = {
    ContactKind.EMAIL: "EMAIL",
    ContactKind.PHONE: "TEL",
    ContactKind.URL: "URL",
    ContactKind.ADDRESS: "ADR",
    ContactKind.SOCIAL: "X-SOCIALPROFILE",
}
_IMAGE_TYPES = (
    (b"\xff\xd8\xff", "JPEG", "image/jpeg"),
    (b"\x89PNG", "PNG", "image/png"),
    (b"GIF8", "GIF", "image/gif"),
    (b"RIFF", "WEBP", "image/webp"),
)


def write_vcards(
    people: Iterable[PersonDraft],
    version: str = "4.0",
    uids: Iterable[str | None] | None = None,
) -> str:
    """The people as one vCard file's text (vCard ``version`` "4.0" or "3.0"); ``uids``,
    one per person in the same order, are written as their cards' UID."""
    if version not in VERSIONS:
        raise ValueError(f"cannot write vCard {version!r}; choose one of {', '.join(VERSIONS)}")
    lines: list[str] = []
    for person, uid in zip(people, repeat(None) if uids is None else uids, strict=False):
        _CardWriter(person, version, lines, uid).write()
    return "".join(_fold(line) for line in lines)


def escape(text: str) -> str:
    """Backslash-escape a text value (backslash, comma, semicolon, line breaks)."""
    text = text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


class _CardWriter:
    def __init__(
        self, person: PersonDraft, version: str, lines: list[str], uid: str | None = None
    ) -> None:
        self.uid = uid
        self.person = person
        self.version = version
        self.lines = lines
        self.groups = 0

    def write(self) -> None:
        person, add = self.person, self.lines.append
        add("BEGIN:VCARD")
        add(f"VERSION:{self.version}")
        add(f"PRODID:{PRODID}")
        if self.uid:
            add(f"UID:{escape(self.uid)}")
        add(f"FN:{escape(person.display_name.strip() or UNNAMED)}")
        add(f"N:{escape(person.family_name)};{escape(person.given_name)};;;")
        if person.nickname:
            add(f"NICKNAME:{escape(person.nickname)}")
        if person.organisation:
            add(f"ORG:{escape(person.organisation)}")
        if person.title:
            add(f"TITLE:{escape(person.title)}")
        if person.birthday is not None:
            add(self._birthday(person.birthday))
        if person.anniversary is not None:
            add(self._anniversary(person.anniversary))
        for point in person.contact_points:
            self._contact_point(point)
        if person.notes:
            add(f"NOTE:{escape(person.notes)}")
        if person.tags:
            add("CATEGORIES:" + ",".join(escape(tag) for tag in person.tags))
        if person.photo:
            add(self._photo(person.photo))
        add("END:VCARD")

    def _birthday(self, birthday: Birthday) -> str:
        month, day, year = birthday.month, birthday.day, birthday.year
        if self.version == "4.0":
            if year is None:
                return f"BDAY:--{month:02d}{day:02d}"
            return f"BDAY:{year:04d}{month:02d}{day:02d}"
        if year is not None:
            return f"BDAY:{year:04d}-{month:02d}-{day:02d}"
        # vCard 3.0 has no year-less date; this is how Apple writes one.
        return f"BDAY;X-APPLE-OMIT-YEAR=1604:1604-{month:02d}-{day:02d}"

    def _anniversary(self, when: Birthday) -> str:
        """vCard 4.0's ANNIVERSARY; in 3.0, the X-ANNIVERSARY most readers take."""
        bday = self._birthday(when)
        if self.version == "4.0":
            return "ANNIVERSARY" + bday[len("BDAY") :]
        if when.year is None:
            return f"X-ANNIVERSARY:--{when.month:02d}-{when.day:02d}"
        return "X-ANNIVERSARY" + bday[len("BDAY") :]

    def _contact_point(self, point: ContactPoint) -> None:
        name = _PROPERTY[point.kind]
        value = self._value(point)
        label = point.label.strip()
        params = ""
        if point.kind is ContactKind.EMAIL and self.version == "3.0":
            params = ";TYPE=INTERNET"
        types = types_for_label(label) if label else []
        if point.kind is ContactKind.SOCIAL and label:
            # A profile's TYPE is its service (the reader takes the first): a label that
            # is not one word goes in X-ABLabel, or "home fax" would read back as "home".
            types = [label] if _TOKEN.fullmatch(label) else None
        if types is not None:
            if types:
                params += ";TYPE=" + ",".join(types)
            self.lines.append(f"{name}{params}:{value}")
            return
        self.groups += 1
        group = f"item{self.groups}"
        self.lines.append(f"{group}.{name}{params}:{value}")
        self.lines.append(f"{group}.X-ABLabel:{escape(label)}")

    def _value(self, point: ContactPoint) -> str:
        value = point.value.strip()
        if point.kind is ContactKind.URL:
            return value.replace("\r", "").replace("\n", "")
        if point.kind is ContactKind.ADDRESS:
            return f";;{escape(value)};;;;"
        if point.kind is ContactKind.SOCIAL and value[:8].lower() == "x-apple:":
            # The reader strips Apple's "x-apple:" and unquotes the rest: wrap such a
            # handle the same way, or it would lose its first eight characters.
            return escape("x-apple:" + quote(value, safe=""))
        return escape(value)

    def _photo(self, photo: bytes) -> str:
        type_name, media_type = next(
            ((name, media) for magic, name, media in _IMAGE_TYPES if photo.startswith(magic)),
            ("JPEG", "image/jpeg"),
        )
        data = base64.b64encode(photo).decode("ascii")
        if self.version == "4.0":
            return f"PHOTO:data:{media_type};base64,{data}"
        return f"PHOTO;ENCODING=b;TYPE={type_name}:{data}"


def _fold(line: str) -> str:
    """One content line folded at 75 octets (never inside a UTF-8 sequence), with CR LF."""
    if len(line) <= _LINE_OCTETS and (line.isascii() or len(line.encode()) <= _LINE_OCTETS):
        return line + "\r\n"
    if line.isascii():
        pieces = [line[:_LINE_OCTETS]]
        step = _LINE_OCTETS - 1  # a continuation line starts with a space
        pieces += [line[i : i + step] for i in range(_LINE_OCTETS, len(line), step)]
        return "\r\n ".join(pieces) + "\r\n"
    data = line.encode()
    pieces_b: list[bytes] = []
    start, limit = 0, _LINE_OCTETS
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:
            end -= 1
        pieces_b.append(data[start:end])
        start, limit = end, _LINE_OCTETS - 1
    return "\r\n ".join(piece.decode() for piece in pieces_b) + "\r\n"
