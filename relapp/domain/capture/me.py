"""Who is me, and the one key each party is recognised by.

A party's key is the key of the existing contact points (``domain.contact_keys``):
``email:`` + the lower-cased address, ``phone:`` + E.164 (else its digits), ``url:`` +
the lower-cased profile URL. A name-only party (a WhatsApp or Telegram author) has only
``name:`` + its folded name, which is never a contact key (see ``known.py``).

"Me" is a set of such keys: the addresses from Settings ▸ My addresses or ``--me``, and
my chat names (a WhatsApp or Telegram author is only a name: ``name:`` + the folded name).
What the user types is an email when it has an ``@``, a phone number when it has a digit,
and a chat name when it has a letter but neither.
When none are kept, ``suggest_me`` takes them from the file: the most frequent sender of
the records the file itself marks as mine (a "Sent" folder, Gmail's Sent label, an
outgoing SMS); failing that, the address found on most of the mail (as sender or
recipient), provided it is on at least half of it (whoever owns a mailbox is on nearly
every message in it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from relapp.domain.capture.records import AddressKind, Party
from relapp.domain.contact_keys import email_key, phone_key

EMAIL = "email:"
PHONE = "phone:"
URL = "url:"
NAME = "name:"


def fold_name(name: str) -> str:
    return " ".join(name.split()).casefold()


def address_key(address: str) -> str:
    """The key of an address the user typed: an email when it has an @, a phone when it
    has a digit, a chat name when it has a letter but neither ("" when it is none)."""
    text = address.strip()
    if "@" in text:
        local, _, domain = text.rpartition("@")
        return EMAIL + email_key(text) if local and domain else ""
    if any(ch.isdigit() for ch in text):
        key = phone_key(text)
        return PHONE + key if key and not (key.startswith("#") and len(key) < 8) else ""
    if any(ch.isalpha() for ch in text):
        return NAME + fold_name(text)
    return ""


def clean_name(name: str) -> str:
    """A chat name as kept and shown: its spaces collapsed."""
    return " ".join(name.split())


def party_key(party: Party) -> str:
    """The key a party is recognised by ("" when it has none)."""
    if party.kind is AddressKind.EMAIL:
        key = email_key(party.address)
        return EMAIL + key if "@" in key else ""
    if party.kind is AddressKind.PHONE:
        key = phone_key(party.address)
        return PHONE + key if key else ""
    if party.kind is AddressKind.PROFILE_URL:
        key = party.address.strip().lower().rstrip("/")
        return URL + key if key else ""
    key = fold_name(party.address or party.name)
    return NAME + key if key else ""


def shown(key: str) -> str:
    """The address part of a key, as the preview shows it."""
    return key.split(":", 1)[1] if ":" in key else key


@dataclass(frozen=True)
class Me:
    keys: frozenset[str] = frozenset()
    names: tuple[str, ...] = ()  # my chat names as written (their keys are in ``keys``)

    @classmethod
    def of(cls, addresses: Iterable[str]) -> Me:
        keys: set[str] = set()
        names: dict[str, str] = {}
        for address in addresses:
            key = address_key(address)
            if key.startswith(NAME):
                names.setdefault(key, clean_name(address))
            if key:
                keys.add(key)
        return cls(frozenset(keys), tuple(names.values()))

    def with_name(self, key: str, name: str) -> Me:
        return Me(self.keys | {key}, (*self.names, clean_name(name)))

    @property
    def has_name(self) -> bool:
        return any(k.startswith(NAME) for k in self.keys)

    def __contains__(self, key: object) -> bool:
        return key in self.keys

    def __bool__(self) -> bool:
        return bool(self.keys)

    @property
    def addresses(self) -> tuple[str, ...]:
        """My emails and phones (sorted), then my chat names as written."""
        addressed = sorted(shown(k) for k in self.keys if not k.startswith(NAME))
        return (*addressed, *self.names)


def suggest_me(sent_by: Counter[str], seen_on: Counter[str], messages: int) -> Me:
    """The suggestion described in the module docstring, from the counts of who sent the
    records marked as mine (``sent_by``) and on how many mails each address was
    (``seen_on``, of ``messages``)."""
    addressed = [k for k in sent_by if not k.startswith(NAME)]
    if addressed:
        best = max(addressed, key=lambda k: (sent_by[k], k))
        return Me(frozenset({best}))
    if seen_on and messages:
        best = max(seen_on, key=lambda k: (seen_on[k], k))
        if seen_on[best] * 2 >= messages:
            return Me(frozenset({best}))
    return Me()


def suggest_chat_name(authors_by_chat: Iterable[set[str]]) -> str:
    """My chat name's key, from the name-only authors of each chat: the one author who
    wrote in every chat, when there are at least two chats ("" otherwise: in one chat
    every author is in every chat, and nobody can tell which is me)."""
    chats = list(authors_by_chat)
    if len(chats) < 2:
        return ""
    common = set.intersection(*chats)
    return common.pop() if len(common) == 1 else ""
