"""What matching reads of a person: ``PersonKeys`` (names, contact keys, organisation,
birthday), read once into a ``Profile`` (name forms, middle names, suffixes), and the
``Match`` a comparison gives. The rules themselves are in ``match_rules``.
"""

from __future__ import annotations

import contextlib
import re
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from relapp.domain.contact_keys import email_key, phone_key
from relapp.domain.model import Birthday, ContactKind, PersonDraft
from relapp.domain.names import generation_suffixes, is_full_name, middle_tokens, name_tokens
from relapp.domain.text import fold
from relapp.domain.vcard.mapping import UNNAMED

# Local parts of addresses that belong to a role or a household, not to one person.
ROLE_LOCAL_PARTS = frozenset(
    re.split(
        r"\s+",
        "info office family contact contacts hello hi admin sales support team home mail"
        " email noreply no-reply no_reply enquiries inquiries enquiry inquiry help service"
        " reception billing accounts accounting hr jobs careers press media marketing"
        " webmaster postmaster orders shop booking bookings kontakt familie famille"
        " household house us ourfamily",
    )
)
_NON_DIGITS = re.compile(r"\D+")
_DIGIT = re.compile(r"\d")
_NON_LETTERS = re.compile(r"[\W\d_]+")
_ORG_WORD = re.compile(r"[^\W_]+")
_ORG_NOISE = frozenset(re.split(r"\s+", "inc ltd llc gmbh co corp company plc sa ag bv the and"))


@dataclass(frozen=True)
class PersonKeys:
    """What matching needs to know of a person: names, contact keys, organisation and
    birthday. Middle names and suffixes are read from the names themselves."""

    person_id: int
    display_name: str
    given_name: str = ""
    family_name: str = ""
    nickname: str = ""
    email_keys: frozenset[str] = frozenset()
    phone_keys: frozenset[str] = frozenset()
    organisation: str = ""
    birthday: Birthday | None = None


@dataclass(frozen=True)
class Match:
    """A known person the candidate may be, with the evidence in words."""

    person_id: int
    score: float  # 0..1, higher = more certainly the same person
    reasons: tuple[str, ...]  # ("same email carol@x.com", "same name, but different phone")
    strong: bool  # merged by default: identity evidence, and nothing against it
    against: tuple[str, ...] = ()  # the contradictions: ("different phone", ...)


def keys_of_draft(draft: PersonDraft) -> PersonKeys:
    """The matching keys of a person not stored yet (``person_id`` 0)."""
    emails: set[str] = set()
    phones: set[str] = set()
    for point in draft.contact_points:  # one pass: ``draft.emails()``, ``draft.phones()``
        if point.kind is ContactKind.EMAIL:
            emails.add(email_key(point.value))
        elif point.kind is ContactKind.PHONE:
            phones.add(phone_key(point.value))
    emails.discard("")
    phones.discard("")
    return PersonKeys(
        person_id=0,
        display_name=draft.display_name,
        given_name=draft.given_name,
        family_name=draft.family_name,
        nickname=draft.nickname,
        email_keys=frozenset(emails),
        phone_keys=frozenset(phones),
        organisation=draft.organisation,
        birthday=draft.birthday,
    )


def is_role_address(key: str) -> bool:
    """Whether an email key is a role or household address (info@, family@ ...)."""
    local = key.partition("@")[0]
    return local in ROLE_LOCAL_PARTS or local.split("+")[0] in ROLE_LOCAL_PARTS


# --- a person's names, read once ------------------------------------------------------


@dataclass(frozen=True)
class NameForm:
    tokens: tuple[str, ...]
    via_nickname: bool


@dataclass(frozen=True)
class Profile:
    """A person's keys read once: full names, lone names, given names, affixes."""

    keys: PersonKeys
    full: tuple[NameForm, ...]  # names with a given and a family part
    lone: frozenset[str]  # without a full name: the one word that may be a given name
    givens: frozenset[str]  # given names and nicknames of the full names
    name_key: str  # the shown name's words, sorted: who a card names, for counting
    middles: tuple[str, ...]  # middle names of the shown name ("a" of "John A. Smith")
    suffixes: frozenset[str]  # generational suffixes ("jr", "iii")
    org_words: frozenset[str]

    @property
    def named(self) -> bool:
        return bool(self.full or self.lone)

    @property
    def empty(self) -> bool:
        keys = self.keys
        return not (self.full or self.lone or keys.email_keys or keys.phone_keys)


def _looks_like_contact(text: str) -> bool:
    """A shown name that is really an email or a phone number (what vCard readers fall
    back to), or the readers' "Unnamed contact": it names nobody."""
    if "@" in text or text.strip() == UNNAMED:
        return True
    if _DIGIT.search(text) is None:  # most names: no digit, so not a phone number
        return False
    digits = len(_NON_DIGITS.sub("", text))
    return digits > len(_NON_LETTERS.sub("", text))


PROFILES_KEPT = 1 << 13
_profiles: OrderedDict[PersonKeys, Profile] = OrderedDict()  # the least recently used first


def forget_profiles() -> None:
    """Empty the cache of ``profile_of`` once a batch is matched: its 8,192 profiles are
    some 90,000 objects that every full garbage collection would walk (and a collection
    holds the GUI thread) for as long as the process lives. One profile at a time: a
    ``cache_clear`` of them all freed them in one cascade that held the GIL, and so the
    window, 22 ms (issue 18)."""
    while _profiles:
        _profiles.popitem()


def profile_of(keys: PersonKeys) -> Profile:
    """The keys read once (cached: a known person meets many cards of an import)."""
    found = _profiles.get(keys)
    if found is not None:
        with contextlib.suppress(KeyError):  # forgotten meanwhile by another thread
            _profiles.move_to_end(keys)
        return found
    found = _profiles[keys] = read_profile(keys)
    if len(_profiles) > PROFILES_KEPT:
        with contextlib.suppress(KeyError):
            _profiles.popitem(last=False)
    return found


def profiles_of(people: Sequence[PersonKeys]) -> list[Profile]:
    """Each one's profile for matching a batch within itself: from ``profile_of``'s cache
    where it holds one (the cards just matched against the people you know), else read
    and not kept (each card is read once here: hashing 10,000 cards' keys into the cache
    would cost more than it saves)."""
    if not _profiles:
        return [read_profile(keys) for keys in people]
    found = [_profiles.get(keys) for keys in people]
    return [f if f is not None else read_profile(k) for f, k in zip(found, people, strict=True)]


def read_profile(keys: PersonKeys) -> Profile:
    """The keys read (``profile_of`` without its cache)."""
    shown = "" if _looks_like_contact(keys.display_name) else keys.display_name
    display = name_tokens(shown)
    given = name_tokens(keys.given_name)
    family = name_tokens(keys.family_name)
    nickname = name_tokens(keys.nickname)
    surname = family or (display[-1:] if len(display) >= 2 else ())
    forms = [(display, False), (given + family, False)]  # (tokens, via a nickname)
    if len(display) == 1 and family and display != family:  # "Carol", family name "Roth"
        forms.append((display + family, False))
    if is_full_name(nickname):
        forms.append((nickname, True))
    elif nickname and surname:
        forms.append((nickname + surname, True))
    full: dict[tuple[str, ...], NameForm] = {}  # the first form of each full name
    for tokens, via in forms:
        if tokens not in full and is_full_name(tokens):
            full[tokens] = NameForm(tokens, via)
    lone: set[str] = set()
    if not full:  # only one word to go by; a lone family name is no given name
        lone.update(tokens[0] for tokens, _via in forms if tokens and tokens != family)
        lone.update(nickname)
    givens = {form.tokens[0] for form in full.values() if len(form.tokens) >= 2}
    givens.update(given[:1])
    givens.update(nickname[:1])
    return Profile(
        keys,
        tuple(full.values()),
        frozenset(lone),
        frozenset(givens),
        " ".join(sorted(display)),
        middle_tokens(display),
        generation_suffixes(f"{shown} {keys.family_name}"),
        _org_words(keys.organisation),
    )


@lru_cache(maxsize=1 << 12)
def _org_words(organisation: str) -> frozenset[str]:
    """The words of an organisation's name, without "inc", "ltd", "the"... (a few
    organisations recur on many cards: read once each)."""
    return frozenset(w for w in _ORG_WORD.findall(fold(organisation)) if w not in _ORG_NOISE)
