"""The duplicate guard's rules: is this "new" person someone you already know?

Evidence, strongest first:

- the same email key: a strong match;
- the same phone key: a strong match, unless the number is shared by two or more people
  you know (an office switchboard). A shared number alone proves nothing; with a
  similar name it adds to the evidence ("shares office phone ...");
- a similar name (``names.name_similarity`` >= ``NAME_THRESHOLD``, nicknames included):
  a match, strong when the names are near-identical (>= ``STRONG_NAME``);
- a lone name ("Carol") equal to the other's given name or nickname, where no surname
  contradicts it: a weak match, never strong.

Scores combine the pieces of evidence as independent chances of being the same person,
so agreeing evidence ranks above any one piece alone. A name on its own counts for at
most ``NAME_CERTAINTY``: an identical name is less certain than the same phone.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from relapp.domain.contact_keys import email_key, phone_key
from relapp.domain.model import PersonDraft
from relapp.domain.names import (
    given_forms,
    is_full_name,
    name_tokens,
    same_given,
    tokens_similarity,
)
from relapp.domain.text import fold

NAME_THRESHOLD = 0.85
STRONG_NAME = 0.97
EMAIL_SCORE = 0.99
PHONE_SCORE = 0.95
SHARED_PHONE_SCORE = 0.5
LONE_NAME_SCORE = 0.5
# Even an identical name is only this sure on its own: many people are called John Smith.
NAME_CERTAINTY = 0.9
# A phone key with this many known owners is an office line, not a person's phone.
SHARED_PHONE_OWNERS = 2
# Blocks larger than this (one email on hundreds of cards) are compared within a
# sliding window over the block, so a batch never costs all pairs.
BLOCK_WINDOW = 50


@dataclass(frozen=True)
class PersonKeys:
    """What matching needs to know of a person: names and contact keys."""

    person_id: int
    display_name: str
    given_name: str = ""
    family_name: str = ""
    nickname: str = ""
    email_keys: frozenset[str] = frozenset()
    phone_keys: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Match:
    """A known person the candidate may be, with the evidence in words."""

    person_id: int
    score: float  # 0..1, higher = more certainly the same person
    reasons: tuple[str, ...]  # ("same email carol@x.com", "similar name 0.93")
    strong: bool  # evidence strong enough to warn loudly


def keys_of_draft(draft: PersonDraft) -> PersonKeys:
    """The matching keys of a person not stored yet (``person_id`` 0)."""
    emails = frozenset(k for k in map(email_key, draft.emails()) if k)
    phones = frozenset(k for k in map(phone_key, draft.phones()) if k)
    return PersonKeys(
        person_id=0,
        display_name=draft.display_name,
        given_name=draft.given_name,
        family_name=draft.family_name,
        nickname=draft.nickname,
        email_keys=emails,
        phone_keys=phones,
    )


@dataclass(frozen=True)
class _NameForm:
    tokens: tuple[str, ...]
    via_nickname: bool


@dataclass(frozen=True)
class _Profile:
    """A person's names read once: full names, lone names and given names."""

    keys: PersonKeys
    full: tuple[_NameForm, ...]  # names with a given and a family part
    lone: frozenset[str]  # without a full name: the one word that may be a given name
    givens: frozenset[str]  # given names and nicknames of the full names

    @property
    def empty(self) -> bool:
        keys = self.keys
        return not (self.full or self.lone or keys.email_keys or keys.phone_keys)


def _profile(keys: PersonKeys) -> _Profile:
    display = name_tokens(keys.display_name)
    given = name_tokens(keys.given_name)
    family = name_tokens(keys.family_name)
    nickname = name_tokens(keys.nickname)
    surname = family or (display[-1:] if len(display) >= 2 else ())
    forms = [_NameForm(display, False), _NameForm(given + family, False)]
    if len(display) == 1 and family and display != family:  # "Carol", family name "Roth"
        forms.append(_NameForm(display + family, False))
    if is_full_name(nickname):
        forms.append(_NameForm(nickname, True))
    elif nickname and surname:
        forms.append(_NameForm(nickname + surname, True))
    full: dict[tuple[str, ...], _NameForm] = {}
    for form in forms:
        if is_full_name(form.tokens):
            full.setdefault(form.tokens, form)
    lone: set[str] = set()
    if not full:  # only one word to go by; a lone family name is no given name
        lone.update(f.tokens[0] for f in forms if f.tokens and f.tokens != family)
        lone.update(nickname)
    givens = {form.tokens[0] for form in full.values() if len(form.tokens) >= 2}
    givens.update(given[:1])
    givens.update(nickname[:1])
    return _Profile(keys, tuple(full.values()), frozenset(lone), frozenset(givens))


@dataclass(frozen=True)
class _NameEvidence:
    score: float
    reason: str
    strong: bool


def _name_evidence(a: _Profile, b: _Profile) -> _NameEvidence | None:
    best, best_pair = 0.0, None
    for form_a, form_b in itertools.product(a.full, b.full):
        score = tokens_similarity(form_a.tokens, form_b.tokens)
        if score > best:
            best, best_pair = score, (form_a, form_b)
    if best_pair is not None and best >= NAME_THRESHOLD:
        form_a, form_b = best_pair
        reason = "same name" if best >= 1.0 else f"similar name {best:.2f}"
        given_a, given_b = form_a.tokens[0], form_b.tokens[0]
        if best < 1.0 and given_a != given_b and same_given(given_a, given_b):
            reason += f" ({given_a} ~ {given_b})"
        if form_a.via_nickname or form_b.via_nickname:
            nicknames = [p.keys.nickname.strip() for p in (a, b) if p.keys.nickname.strip()]
            reason += f" (nickname {' / '.join(nicknames)})"
        return _NameEvidence(best, reason, best >= STRONG_NAME)
    if a.full and b.full:
        return None  # both fully named, and differently: the names contradict
    lone, other = (b, a) if a.full else (a, b)
    common = lone.lone & (other.lone | other.givens)
    if not common:
        return None
    word = min(common)
    reason = f"same first name {word!r}, no surname to compare"
    return _NameEvidence(LONE_NAME_SCORE, reason, False)


def _match(candidate: _Profile, other: _Profile, owners: Mapping[str, int]) -> Match | None:
    """How ``other`` matches ``candidate``; ``owners`` counts each phone key's known owners."""
    reasons: list[str] = []
    chances: list[float] = []
    strong = False
    emails = sorted(candidate.keys.email_keys & other.keys.email_keys - {""})
    if emails:
        chances.append(EMAIL_SCORE)
        reasons.extend(f"same email {key}" for key in emails)
        strong = True
    phones = sorted(candidate.keys.phone_keys & other.keys.phone_keys - {""})
    shared = [key for key in phones if owners.get(key, 1) >= SHARED_PHONE_OWNERS]
    own = [key for key in phones if key not in shared]
    if own:
        chances.append(PHONE_SCORE)
        reasons.extend(f"same phone {key}" for key in own)
        strong = True
    name = _name_evidence(candidate, other)
    if name is not None:
        chances.append(name.score * NAME_CERTAINTY)
        reasons.append(name.reason)
        strong = strong or name.strong
    if not chances:
        return None  # a shared office phone alone is not a match
    if shared:
        chances.append(SHARED_PHONE_SCORE)
        reasons.extend(
            f"shares office phone {key} (shared by {owners[key]} people)" for key in shared
        )
    score = 1.0 - math.prod(1.0 - chance for chance in chances)
    return Match(other.keys.person_id, round(score, 3), tuple(reasons), strong)


def _owner_counts(
    phone_keys: frozenset[str], known: Sequence[PersonKeys], given: Mapping[str, int] | None
) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for person in known:
        counts.update(phone_keys & person.phone_keys)
    if given:
        for key in phone_keys:
            counts[key] = max(counts[key], given.get(key, 0))
    return dict(counts)


def _unique(known: Iterable[PersonKeys], candidate_id: int) -> list[PersonKeys]:
    seen: set[int] = set()
    out = []
    for person in known:
        if person.person_id:
            if person.person_id == candidate_id or person.person_id in seen:
                continue
            seen.add(person.person_id)
        out.append(person)
    return out


def find_matches(
    candidate: PersonKeys,
    known: Iterable[PersonKeys],
    *,
    phone_owner_counts: Mapping[str, int] | None = None,
    limit: int = 5,
) -> list[Match]:
    """The known people ``candidate`` may be, most certain first (then by name).

    ``phone_owner_counts`` says how many known people have each phone key; without it
    (and in any case as a floor) the owners among ``known`` are counted. A person is
    never matched to itself (same non-zero ``person_id``).
    """
    if limit <= 0:
        return []
    profile = _profile(candidate)
    if profile.empty:
        return []
    people = _unique(known, candidate.person_id)
    owners = _owner_counts(candidate.phone_keys, people, phone_owner_counts)
    found: list[tuple[Match, str]] = []
    for person in people:
        match = _match(profile, _profile(person), owners)
        if match is not None:
            found.append((match, fold(person.display_name)))
    found.sort(key=lambda pair: (-pair[0].score, pair[1], pair[0].person_id))
    return [match for match, _name in found[:limit]]


def _name_blocks(profile: _Profile) -> set[tuple[str, str]]:
    """Keys under which possibly-similar names meet: the same words; the given name's
    initial with the family name (a typo in the given name); the given name or what it
    is a nickname of with the family name's first two letters (a typo in the family
    name, "Bob Smyth" / "Robert Smith")."""
    keys: set[tuple[str, str]] = set()
    for form in profile.full:
        tokens = form.tokens
        keys.add(("words", " ".join(sorted(tokens))))
        if len(tokens) < 2:
            continue
        first, last = tokens[0], tokens[-1]
        keys.add(("initial+family", f"{first[0]} {last}"))
        for given in given_forms(first):
            keys.add(("given+family start", f"{given} {last[:2]}"))
    return keys


def _block_pairs(members: Sequence[int]) -> Iterable[tuple[int, int]]:
    if len(members) <= BLOCK_WINDOW:
        return itertools.combinations(members, 2)
    return (
        (members[p], members[q])
        for p in range(len(members))
        for q in range(p + 1, min(p + BLOCK_WINDOW, len(members)))
    )


def candidate_pairs(people: Sequence[PersonKeys]) -> list[tuple[int, int]]:
    """Index pairs (i < j) worth comparing in one batch, found by blocking, not all pairs.

    People meet when they share an email key, a phone key no third card has, a name
    block key, or when one of them has only a first name the other has too.
    """
    return sorted(_candidate_pairs([_profile(p) for p in people]))


def _candidate_pairs(profiles: Sequence[_Profile]) -> set[tuple[int, int]]:
    phone_cards = Counter(k for p in profiles for k in p.keys.phone_keys if k)
    blocks: defaultdict[tuple[str, str], list[int]] = defaultdict(list)
    for index, profile in enumerate(profiles):
        keys = {("email", k) for k in profile.keys.email_keys if k}
        keys.update(("phone", k) for k in profile.keys.phone_keys if phone_cards.get(k) == 2)
        keys.update(_name_blocks(profile))
        for key in keys:
            blocks[key].append(index)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        pairs.update(_block_pairs(members))
    pairs.update(_lone_name_pairs(profiles))
    return pairs


def _lone_name_pairs(profiles: Sequence[_Profile]) -> set[tuple[int, int]]:
    """Each one-word name ("Carol") with (up to a window of) the people of that given name."""
    lone_words = {word for p in profiles for word in p.lone}
    holders: defaultdict[str, list[int]] = defaultdict(list)
    for index, profile in enumerate(profiles):
        for word in (profile.lone | profile.givens) & lone_words:
            holders[word].append(index)
    pairs: set[tuple[int, int]] = set()
    for members in holders.values():
        for position, index in enumerate(members):
            if profiles[index].lone:
                before = members[max(0, position - BLOCK_WINDOW) : position]
                after = members[position + 1 : position + 1 + BLOCK_WINDOW]
                pairs.update((m, index) for m in before)
                pairs.update((index, m) for m in after)
    return pairs


def matches_within(people: Sequence[PersonKeys]) -> list[tuple[int, int, Match]]:
    """Pairs inside one batch that are the same person (two cards of one vCard file).

    Each item is ``(i, j, match)`` with ``i < j`` and ``match`` saying how ``people[j]``
    matches ``people[i]`` (``match.person_id`` is ``people[j].person_id``). A phone key
    on three or more cards counts as shared, as in ``find_matches``.
    """
    profiles = [_profile(p) for p in people]
    phone_cards = Counter(k for p in people for k in p.phone_keys if k)
    found = []
    for i, j in sorted(_candidate_pairs(profiles)):
        same_id = people[i].person_id and people[i].person_id == people[j].person_id
        if same_id or profiles[i].empty or profiles[j].empty:
            continue
        # Owners from card i's point of view: every other card with the number.
        owners = {k: phone_cards[k] - 1 for k in people[i].phone_keys & people[j].phone_keys}
        match = _match(profiles[i], profiles[j], owners)
        if match is not None:
            found.append((i, j, match))
    return found
