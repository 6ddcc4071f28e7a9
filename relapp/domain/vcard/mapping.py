"""One card's properties to a PersonDraft.

Names (FN, N, NICKNAME), organisation and title, the birthday and the anniversary (year
optional; ANNIVERSARY, its X- variants, Apple's and Android's labelled dates), notes,
tags (CATEGORIES), the photo and the contact points. What has no field of its own but
matters to a person is kept as a line of the notes: other dates, a second anniversary
or one that is no date ("Anniversary: soon"), and relations ("Related: spouse Jane").
"""

from __future__ import annotations

from dataclasses import dataclass

from relapp.domain.dates import number_text
from relapp.domain.i18n import _
from relapp.domain.model import Birthday, ContactKind, PersonDraft
from relapp.domain.vcard.bounds import (
    LONG_VALUES,
    MAX_CONTACT_CHARS,
    MAX_NOTE_CHARS,
    MAX_PROPERTIES,
    MAX_TAGS,
    MAX_TEXT_CHARS,
)
from relapp.domain.vcard.contacts import CONTACT_PROPERTIES, ContactCollector
from relapp.domain.vcard.labels import apple_label, type_label
from relapp.domain.vcard.normalise import Prop
from relapp.domain.vcard.photos import PhotoReader
from relapp.domain.vcard.values import (
    components,
    format_date,
    is_uri,
    parse_date,
    text_list,
    text_value,
    unescape,
)

UNNAMED = "Unnamed contact"

_ANNIVERSARIES = frozenset(
    {"ANNIVERSARY", "X-ANNIVERSARY", "X-MS-ANNIVERSARY", "X-EVOLUTION-ANNIVERSARY"}
)
_RELATION_PROPERTIES = {
    "X-SPOUSE": "spouse",
    "X-MS-SPOUSE": "spouse",
    "X-EVOLUTION-SPOUSE": "spouse",
    "X-MS-MANAGER": "manager",
    "X-EVOLUTION-MANAGER": "manager",
    "X-MANAGER": "manager",
    "X-MS-ASSISTANT": "assistant",
    "X-EVOLUTION-ASSISTANT": "assistant",
    "X-ASSISTANT": "assistant",
}
# Android's codes (ContactsContract.CommonDataKinds.Relation / Event).
_ANDROID_RELATIONS = {
    "1": "assistant",
    "2": "brother",
    "3": "child",
    "4": "domestic partner",
    "5": "father",
    "6": "friend",
    "7": "manager",
    "8": "mother",
    "9": "parent",
    "10": "partner",
    "11": "referred by",
    "12": "relative",
    "13": "sister",
    "14": "spouse",
}
_ANDROID_EVENTS = {"1": "Anniversary", "2": "Other date", "3": "Birthday"}
_GROUP_KINDS = frozenset({"group"})


@dataclass(frozen=True)
class MappedCard:
    version: str
    draft: PersonDraft | None  # None when the card is not a person (see ``skipped``)
    skipped: str = ""
    warnings: tuple[str, ...] = ()
    photo_url: str = ""
    uid: str = ""  # the card's UID: the same UID is the same person


def map_card(props: list[Prop], warnings: list[str]) -> MappedCard:
    """The person a card describes. ``warnings`` (from reading the lines) is extended."""
    return _CardReader(props, warnings).read()


class _CardReader:
    def __init__(self, props: list[Prop], warnings: list[str]) -> None:
        self.props = props
        self.warnings = warnings
        labels = {p.group: unescape(p.value) for p in props if p.group and p.name == "X-ABLABEL"}
        self.labels = labels
        self.contacts = ContactCollector(labels)
        self.photos = PhotoReader(warnings)
        self.version = ""
        self.kind = ""
        self.fn = ""
        self.name_parts: list[str] = []
        self.nickname = ""
        self.android_nickname = ""
        self.organisation = ""
        self.title = ""
        self.birthday: Birthday | None = None
        self.android_birthday: Birthday | None = None
        self.bad_birthday: Prop | None = None
        self.anniversary: Birthday | None = None
        self.notes: list[str] = []
        self.extra_lines: list[str] = []
        self.tags: list[str] = []
        self.uid = ""

    def read(self) -> MappedCard:
        props = self.props
        if len(props) > MAX_PROPERTIES:
            self.warnings.append(
                _(
                    "line {line}: a card holds at most {most} properties; the {left} "
                    "from here on are left out"
                ).format(
                    line=props[MAX_PROPERTIES].line,
                    most=number_text(MAX_PROPERTIES),
                    left=number_text(len(props) - MAX_PROPERTIES),
                )
            )
            props = props[:MAX_PROPERTIES]
        for prop in props:
            name = prop.name
            if len(prop.value) > MAX_CONTACT_CHARS and not self._fits(prop):
                continue
            if name in CONTACT_PROPERTIES:
                self.contacts.add(prop)
            else:
                handler = _HANDLERS.get(name)
                if handler is not None:
                    handler(self, prop)
        version = self._version()
        if self.kind in _GROUP_KINDS:
            if self.fn:
                what = _('a contact group ("{name}"), not a person').format(name=self.fn)
            else:
                what = _("a contact group, not a person")
            return MappedCard(version, None, what, tuple(self.warnings))
        draft = self._draft()
        if draft is None:
            return MappedCard(
                version,
                None,
                _("an empty card (no name, contact details or notes)"),
                tuple(self.warnings),
            )
        return MappedCard(version, draft, "", tuple(self.warnings), self.photos.url, self.uid)

    def _fits(self, prop: Prop) -> bool:
        """False (with a warning) for a value too long to be what its property says."""
        limit = MAX_CONTACT_CHARS if prop.name in CONTACT_PROPERTIES else MAX_TEXT_CHARS
        if prop.name in LONG_VALUES or len(prop.value) <= limit:
            return True
        self.warnings.append(
            _(
                "line {line}: {property} is {length} characters long (at most {most}); left out"
            ).format(
                line=prop.line,
                property=prop.name,
                length=number_text(len(prop.value)),
                most=number_text(limit),
            )
        )
        return False

    def _version(self) -> str:
        version = self.version
        if version in ("2.1", "3.0", "4.0"):
            return version
        if not version:
            self.warnings.append(_("no VERSION line; read as vCard 3.0"))
            return "3.0"
        guess = "2.1" if version.startswith("2") else "4.0" if version.startswith("4") else "3.0"
        self.warnings.append(
            _("unknown VERSION {version}; read as vCard {guess}").format(
                version=repr(version), guess=guess
            )
        )
        return guess

    def _draft(self) -> PersonDraft | None:
        if self.birthday is None:
            self.birthday = self.android_birthday
        if self.birthday is None and self.bad_birthday is not None:
            bad = self.bad_birthday
            self.warnings.append(
                _("line {line}: birthday {text} is not a date; left out").format(
                    line=bad.line, text=repr(text_value(bad.value))
                )
            )
        parts = self.name_parts + [""] * (5 - len(self.name_parts))
        family, given = parts[0], parts[1]
        nickname = self.nickname or self.android_nickname
        notes = "\n\n".join(self.notes)
        if self.extra_lines:
            extra = "\n".join(dict.fromkeys(self.extra_lines))
            notes = f"{notes}\n\n{extra}" if notes else extra
        points = tuple(self.contacts.points)
        photo = self.photos.data
        has_content = any(
            (self.fn, *parts, nickname, self.organisation, self.title, notes, self.tags)
        )
        dated = self.birthday is not None or self.anniversary is not None
        if not has_content and not points and photo is None and not dated:
            return None
        return PersonDraft(
            display_name=self._display_name(given, family, parts, nickname),
            given_name=given,
            family_name=family,
            nickname=nickname,
            organisation=self.organisation,
            title=self.title,
            birthday=self.birthday,
            notes=notes,
            tags=tuple(dict.fromkeys(self.tags)),
            contact_points=points,
            photo=photo,
            anniversary=self.anniversary,
        )

    def _display_name(self, given: str, family: str, parts: list[str], nickname: str) -> str:
        """FN, else N (given and family), nickname, ORG, first email, first phone."""
        if self.fn:
            return self.fn
        from_n = " ".join(part for part in (given, family) if part)
        if not from_n:
            prefix, additional, suffix = parts[3], parts[2], parts[4]
            from_n = " ".join(part for part in (prefix, additional, suffix) if part)
        for candidate in (from_n, nickname, self.organisation):
            if candidate:
                return candidate
        for kind in (ContactKind.EMAIL, ContactKind.PHONE):
            for point in self.contacts.points:
                if point.kind is kind:
                    return point.value
        return UNNAMED

    # -- property handlers -------------------------------------------------------------

    def _on_version(self, prop: Prop) -> None:
        if not self.version:
            self.version = prop.value.strip()

    def _on_kind(self, prop: Prop) -> None:
        self.kind = text_value(prop.value).lower()

    def _on_uid(self, prop: Prop) -> None:
        if not self.uid:
            self.uid = text_value(prop.value)[:255]

    def _on_fn(self, prop: Prop) -> None:
        if not self.fn:
            self.fn = " ".join(text_value(prop.value).split())

    def _on_n(self, prop: Prop) -> None:
        if not self.name_parts:
            self.name_parts = [" ".join(part.split()) for part in components(prop.value)]

    def _on_nickname(self, prop: Prop) -> None:
        if not self.nickname:
            self.nickname = ", ".join(text_list(prop.value))

    def _on_org(self, prop: Prop) -> None:
        if not self.organisation:
            self.organisation = components(prop.value)[0]

    def _on_title(self, prop: Prop) -> None:
        if not self.title:
            self.title = text_value(prop.value)

    def _on_bday(self, prop: Prop) -> None:
        if self.birthday is not None:
            return
        omit = next(iter(prop.params.get("X-APPLE-OMIT-YEAR", ())), "")
        self.birthday = parse_date(unescape(prop.value), omit)
        if self.birthday is None and self.bad_birthday is None and prop.value.strip():
            self.bad_birthday = prop

    def _on_note(self, prop: Prop) -> None:
        text = unescape(prop.value).strip()
        if len(text) > MAX_NOTE_CHARS:
            self.warnings.append(
                _("line {line}: a note of {length} characters is cut to {most}").format(
                    line=prop.line, length=number_text(len(text)), most=number_text(MAX_NOTE_CHARS)
                )
            )
            text = text[:MAX_NOTE_CHARS]
        if text:
            self.notes.append(text)

    def _on_categories(self, prop: Prop) -> None:
        room = MAX_TAGS - len(self.tags)
        if room <= 0:
            return  # the warning was given when the cap was reached
        tags = [tag for tag in text_list(prop.value) if len(tag) <= MAX_TEXT_CHARS]
        if len(tags) > room:
            self.warnings.append(
                _(
                    "line {line}: a card holds at most {most} tags; "
                    "the tags from here on are left out"
                ).format(line=prop.line, most=number_text(MAX_TAGS))
            )
        self.tags.extend(tags[:room])

    def _on_photo(self, prop: Prop) -> None:
        self.photos.add(prop)

    def _on_anniversary(self, prop: Prop) -> None:
        self._date_line("Anniversary", prop.value)

    def _on_abdate(self, prop: Prop) -> None:
        label = apple_label(self.labels.get(prop.group, "")) if prop.group else ""
        self._date_line(label or "Date", prop.value)

    def _date_line(self, label: str, raw: str) -> None:
        text = text_value(raw)
        if not text:
            return
        date = parse_date(text)
        label = label[:1].upper() + label[1:]
        if label == "Anniversary" and date is not None and self.anniversary is None:
            self.anniversary = date
            return
        self.extra_lines.append(f"{label}: {format_date(date) if date else text}")

    def _on_related_name(self, prop: Prop) -> None:
        """Apple's X-ABRELATEDNAMES, labelled by its group."""
        if prop.group and prop.group in self.labels:
            relation = apple_label(self.labels[prop.group])
        else:
            relation = type_label(prop.params, prop.singles)
        self._relation_line(relation, text_value(prop.value))

    def _on_related(self, prop: Prop) -> None:
        """vCard 4.0 RELATED: a name (VALUE=text) or a URI; a bare urn:uuid says nothing."""
        value = text_value(prop.value)
        if value[:4].lower() == "urn:" and is_uri(value):
            return
        self._relation_line(type_label(prop.params, prop.singles), value)

    def _on_relation_property(self, prop: Prop) -> None:
        self._relation_line(_RELATION_PROPERTIES[prop.name], text_value(prop.value))

    def _relation_line(self, relation: str, name: str) -> None:
        if name:
            who = f"{relation} {name}" if relation else name
            self.extra_lines.append(f"Related: {who}")

    def _on_android_custom(self, prop: Prop) -> None:
        parts = components(prop.value)
        kind = parts[0].rsplit("/", 1)[-1].lower()
        data = [*parts[1:], "", "", ""]
        if kind == "nickname":
            self.android_nickname = self.android_nickname or data[0]
        elif kind == "relation":
            relation = _ANDROID_RELATIONS.get(data[1], "") or data[2]
            self._relation_line(relation, data[0])
        elif kind == "contact_event":
            label = _ANDROID_EVENTS.get(data[1], "") or data[2] or "Date"
            if label == "Birthday":
                self.android_birthday = self.android_birthday or parse_date(data[0])
            else:
                self._date_line(label, data[0])


_HANDLERS = {
    "VERSION": _CardReader._on_version,
    "KIND": _CardReader._on_kind,
    "X-ADDRESSBOOKSERVER-KIND": _CardReader._on_kind,
    "UID": _CardReader._on_uid,
    "FN": _CardReader._on_fn,
    "N": _CardReader._on_n,
    "NICKNAME": _CardReader._on_nickname,
    "ORG": _CardReader._on_org,
    "TITLE": _CardReader._on_title,
    "BDAY": _CardReader._on_bday,
    "NOTE": _CardReader._on_note,
    "CATEGORIES": _CardReader._on_categories,
    "PHOTO": _CardReader._on_photo,
    "X-ABDATE": _CardReader._on_abdate,
    "X-ABRELATEDNAMES": _CardReader._on_related_name,
    "RELATED": _CardReader._on_related,
    "X-ANDROID-CUSTOM": _CardReader._on_android_custom,
    **dict.fromkeys(_ANNIVERSARIES, _CardReader._on_anniversary),
    **dict.fromkeys(_RELATION_PROPERTIES, _CardReader._on_relation_property),
}
