"""Contact points of a card: EMAIL, TEL, URL, ADR, IMPP, social profiles and IM handles."""

from __future__ import annotations

import re
from urllib.parse import unquote

from relapp.domain.model import ContactKind, ContactPoint
from relapp.domain.vcard.labels import apple_label, type_label
from relapp.domain.vcard.normalise import Prop
from relapp.domain.vcard.values import components, text_value

# Instant-messaging handles written as their own properties, and the service each names.
IM_PROPERTIES = {
    "X-AIM": "AIM",
    "X-ICQ": "ICQ",
    "X-JABBER": "Jabber",
    "X-MSN": "MSN",
    "X-YAHOO": "Yahoo",
    "X-SKYPE": "Skype",
    "X-SKYPE-USERNAME": "Skype",
    "X-QQ": "QQ",
    "X-GTALK": "Google Talk",
    "X-GOOGLE-TALK": "Google Talk",
    "X-GADUGADU": "Gadu-Gadu",
    "X-SIP": "SIP",
    "X-TWITTER": "Twitter",
    "X-MS-IMADDRESS": "IM",
}
CONTACT_PROPERTIES = frozenset({"EMAIL", "TEL", "URL", "ADR", "IMPP", "X-SOCIALPROFILE"}) | set(
    IM_PROPERTIES
)
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):(.*)", re.DOTALL)
_ESCAPED_COLON_AFTER_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)\\+:")


class ContactCollector:
    """Collects a card's contact points in file order; ``labels`` maps Apple groups
    (lower-case, "item1") to their raw X-ABLabel text."""

    def __init__(self, labels: dict[str, str]) -> None:
        self.points: list[ContactPoint] = []
        self._labels = labels
        self._social: set[tuple[str, str]] = set()

    def add(self, prop: Prop) -> None:
        name = prop.name
        if name == "EMAIL":
            self._add(ContactKind.EMAIL, _email(prop.value), prop)
        elif name == "TEL":
            self._add(ContactKind.PHONE, _phone(prop.value), prop)
        elif name == "URL":
            self._add(ContactKind.URL, _url(prop.value), prop)
        elif name == "ADR":
            self._add(ContactKind.ADDRESS, format_address(prop.value), prop)
        elif name == "IMPP":
            self._add_social(*_impp(prop), prop)
        elif name == "X-SOCIALPROFILE":
            self._add_social(*_social_profile(prop), prop)
        else:
            self._add_social(text_value(prop.value), IM_PROPERTIES[name], prop)

    def _label(self, prop: Prop) -> str | None:
        if prop.group and prop.group in self._labels:
            return apple_label(self._labels[prop.group])
        return None

    def _add(self, kind: ContactKind, value: str, prop: Prop) -> None:
        if not value:
            return
        label = self._label(prop)
        if label is None:
            label = type_label(prop.params, prop.singles)
        self.points.append(ContactPoint(kind, value, label))

    def _add_social(self, value: str, service: str, prop: Prop) -> None:
        if not value:
            return
        label = self._label(prop)
        if label is None:
            label = service
        key = (label.casefold(), value.casefold())
        if key in self._social:
            return  # Apple writes a handle twice: as IMPP and as X-AIM, X-MSN...
        self._social.add(key)
        self.points.append(ContactPoint(ContactKind.SOCIAL, value, label))


def _email(raw: str) -> str:
    value = text_value(raw)
    return value[7:].strip() if value[:7].lower() == "mailto:" else value


def _phone(raw: str) -> str:
    """The number as written; a ``tel:`` URI becomes its number and extension."""
    value = text_value(raw).replace("\xa0", " ")
    if value[:4].lower() != "tel:":
        return value
    number, *params = value[4:].split(";")
    extension = next((p[4:] for p in params if p[:4].lower() == "ext="), "")
    return f"{number} ext. {extension}" if extension else number


def _url(raw: str) -> str:
    value = text_value(raw)
    if "\\" in value:  # "http\\://" in the file: an escaped backslash before the colon
        value = _ESCAPED_COLON_AFTER_SCHEME.sub(r"\1:", value)
    return value


def format_address(raw: str) -> str:
    """An ADR on one line: "PO Box 1, 12 Main St, Springfield, IL 62701, USA"."""
    parts = components(raw)
    parts += [""] * (7 - len(parts))
    box, extended, street, city, region, code = parts[:6]
    country = " ".join(part for part in parts[6:] if part)
    region_code = " ".join(part for part in (region, code) if part)
    pieces: list[str] = []
    for part in (box, extended, street, city, region_code, country):
        pieces.extend(piece.strip().rstrip(",").strip() for piece in part.split("\n"))
    return ", ".join(piece for piece in pieces if piece)


def _impp(prop: Prop) -> tuple[str, str]:
    value = text_value(prop.value)
    service = next(iter(prop.params.get("X-SERVICE-TYPE", ())), "").strip()
    match = _SCHEME.fullmatch(value)
    if match is None:
        return value, service
    scheme, handle = match.group(1), match.group(2)
    return unquote(handle).strip(), service or scheme.lower()


def _social_profile(prop: Prop) -> tuple[str, str]:
    value = text_value(prop.value)
    if not value:
        value = next(iter(prop.params.get("X-USER", ())), "").strip()
    elif value[:8].lower() == "x-apple:":
        value = unquote(value[8:]).strip()
    kind = next(iter(prop.params.get("TYPE", ())), "").strip()
    return value, kind
