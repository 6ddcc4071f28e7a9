"""Is this card the same person as that one? Evidence for, evidence against, in words.

The rules (docs/matching.md has them in full, with the weights and a table of labelled
pairs that tests/unit/domain/test_matching_table.py checks):

- **For**: the same personal email or phone; the same or a similar name (nicknames and
  typos included); the same birthday (with the year: strong); the same organisation.
- **Against** ("contradictions"): different first names; a different middle initial or
  generational suffix (Jr., Sr., III); different birthdays; both have emails and none in
  common; both have phones and none in common; different organisations. The first four
  are *hard*: the match is never merged by default. The last three are *soft*: they
  lower the score and are shown, but a shared personal email still merges.
- **Shared contact points** are no identity evidence: an address or number that
  several people have (in the database or the file), or a role address (info@,
  family@, office@ ...). With a similar name they add a little; alone they are nothing.
- A name alone, however exact, is only a **possible match**: never merged by default.
- A personal email or phone in common with a contradicting name is "shares a phone with
  Bob Jones": shown, never merged by default.

A match is ``strong`` (merged by default) only with identity evidence (a personal email
or phone in common, or the same name and full birthday), a name that does not
contradict, and no hard contradiction.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping
from dataclasses import dataclass

from relapp.domain.i18n import _
from relapp.domain.match_profile import (
    Match,
    NameForm,
    PersonKeys,
    Profile,
    is_role_address,
    profile_of,
)
from relapp.domain.match_words import (
    Against,
    Contradiction,
    against_text,
    in_order,
    with_contradictions,
)
from relapp.domain.model import Birthday
from relapp.domain.names import same_given, tokens_similarity

# Names at or above this similarity are "similar"; at or above SAME_NAME, "the same".
NAME_THRESHOLD = 0.85
SAME_NAME = 0.97
EMAIL_SCORE = 0.99
PHONE_SCORE = 0.95
# Even an identical name is only this sure on its own: many people are called John Smith.
NAME_CERTAINTY = 0.9
LONE_NAME_SCORE = 0.5
SAME_FIRST_NAME_SCORE = 0.3
INITIALS_SCORE = 0.4
# A one-word name this close to the other's first name ("Caroline" / "Carol") does not
# contradict it; it is evidence only beside a contact point in common.
CLOSE_WORD = 0.75
CLOSE_NAME_SCORE = 0.3
FULL_BIRTHDAY_SCORE = 0.9
BIRTHDAY_DAY_SCORE = 0.5
ORGANISATION_SCORE = 0.3
SHARED_CONTACT_SCORE = 0.5
SHARES_SCORE = 0.3  # a personal contact point with a contradicting name
# Each contradiction multiplies the score by its factor.
HARD_FACTOR = 0.3
SOFT_FACTOR = 0.7
# A key with this many owners (other people in the database, or other names in the
# file) is shared: an office switchboard, a family address.
SHARED_OWNERS = 2
_SUFFIX_WORDS = {"jr": "Jr.", "sr": "Sr.", "ii": "II", "iii": "III", "iv": "IV"}


# --- names ----------------------------------------------------------------------------


class NameKind(enum.Enum):
    SAME = "same"  # the same words, in any order, dress or spelling of accents
    SIMILAR = "similar"  # a typo, a nickname, a middle name left out
    LONE = "lone"  # a one-word name that is the other's given name
    INITIALS = "initials"  # "C. Roth" / "Carol Roth"
    FIRST_ONLY = "first only"  # the same first name, another family name
    CLOSE = "close"  # a one-word name close to the other's first name ("Caroline")
    UNNAMED = "unnamed"  # one side names nobody: nothing to compare
    DIFFERENT = "different"  # the names contradict


@dataclass(frozen=True)
class NameRelation:
    kind: NameKind
    score: float
    reason: str


def _title(word: str) -> str:
    return word[:1].upper() + word[1:]


def _name_words(same: bool, a: NameForm, b: NameForm, nicknames: list[str]) -> str:
    """ "similar name (Bob may be short for Robert)", "same name (goes by Maggie T)"."""
    if a.via_nickname or b.via_nickname:
        goes_by = " / ".join(nicknames)
        if same:
            return _("same name (goes by {nicknames})").format(nicknames=goes_by)
        return _("similar name (goes by {nicknames})").format(nicknames=goes_by)
    if same:
        return _("same name")
    given_a, given_b = a.tokens[0], b.tokens[0]
    if given_a != given_b and same_given(given_a, given_b) and a.tokens[1:] == b.tokens[1:]:
        short, long = sorted((given_a, given_b), key=len)
        return _("similar name ({short} may be short for {long})").format(
            short=_title(short), long=_title(long)
        )
    shown_a = " ".join(_title(t) for t in a.tokens)
    shown_b = " ".join(_title(t) for t in b.tokens)
    return _("similar name ({first} / {second})").format(first=shown_a, second=shown_b)


def _initials_fit(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """ "C. Roth" / "Carol Roth", "C R" / "Carol Roth": initials and words line up."""
    if len(short) != len(long) or all(len(w) > 1 for w in short):
        return False
    pairs = zip(short, long, strict=True)
    return all(s == w or (len(s) == 1 and w.startswith(s)) for s, w in pairs)


def _full_relation(a: Profile, b: Profile) -> NameRelation:
    best, pair = 0.0, None
    for form_a in a.full:
        for form_b in b.full:
            score = tokens_similarity(form_a.tokens, form_b.tokens)
            if score > best:
                best, pair = score, (form_a, form_b)
    if pair is not None and best >= SAME_NAME:
        return NameRelation(NameKind.SAME, best, _name_words(True, *pair, _nicknames(a, b)))
    if pair is not None and best >= NAME_THRESHOLD:
        reason = _name_words(False, *pair, _nicknames(a, b))
        return NameRelation(NameKind.SIMILAR, best, reason)
    for form_a in a.full:
        for form_b in b.full:
            ta, tb = form_a.tokens, form_b.tokens
            if len(ta) >= 3 and len(tb) >= 3 and (ta[0], ta[-1]) == (tb[0], tb[-1]):
                # Only the middle names differ: a contradiction when their initials do.
                return NameRelation(NameKind.SAME, best, _("same first and family name"))
            if _initials_fit(ta, tb) or _initials_fit(tb, ta) or _initials_fit(ta[::-1], tb):
                reason = _("initials fit the name")
                return NameRelation(NameKind.INITIALS, INITIALS_SCORE, reason)
    if a.givens & b.givens:
        word = _title(min(a.givens & b.givens))
        reason = _("same first name {name}, other family name").format(name=word)
        return NameRelation(NameKind.FIRST_ONLY, SAME_FIRST_NAME_SCORE, reason)
    return NameRelation(NameKind.DIFFERENT, 0.0, _("different name"))


def _nicknames(a: Profile, b: Profile) -> list[str]:
    return [p.keys.nickname.strip() for p in (a, b) if p.keys.nickname.strip()]


def name_relation(a: Profile, b: Profile) -> NameRelation:
    """How two people's names relate: the same, similar, compatible or contradicting."""
    if not a.named or not b.named:
        return NameRelation(NameKind.UNNAMED, 0.0, "")
    if a.full and b.full:
        return _full_relation(a, b)
    lone, other = (b, a) if a.full else (a, b)
    common = lone.lone & (other.lone | other.givens)
    if common:
        word = _title(min(common))
        reason = _("same first name {name}, no family name to compare").format(name=word)
        return NameRelation(NameKind.LONE, LONE_NAME_SCORE, reason)
    names = other.givens | other.lone
    initials = {w for w in lone.lone if len(w) == 1}
    if any(g.startswith(i) for i in initials for g in names):
        reason = _("the initial fits the name")
        return NameRelation(NameKind.INITIALS, INITIALS_SCORE, reason)
    for word in sorted(lone.lone):
        for given in sorted(names):
            if tokens_similarity((word,), (given,)) >= CLOSE_WORD:
                reason = _("first name {name} close to {other}").format(
                    name=_title(word), other=_title(given)
                )
                return NameRelation(NameKind.CLOSE, CLOSE_NAME_SCORE, reason)
    return NameRelation(NameKind.DIFFERENT, 0.0, _("different name"))


# --- contradictions -------------------------------------------------------------------


def _birthday_relation(a: Birthday | None, b: Birthday | None) -> str:
    """ "same" (with the year), "same day", "different" or "" (nothing to compare)."""
    if a is None or b is None:
        return ""
    if (a.month, a.day) != (b.month, b.day):
        return "different"
    if a.year is not None and b.year is not None:
        return "same" if a.year == b.year else "different"
    return "same day"


def _name_contradictions(a: Profile, b: Profile) -> list[Contradiction]:
    out = []
    if a.middles and b.middles and a.middles[0][0] != b.middles[0][0]:
        out.append(Contradiction(Against.MIDDLE))
    if a.suffixes != b.suffixes:
        shown = " / ".join(_SUFFIX_WORDS.get(s, s) for s in sorted(a.suffixes ^ b.suffixes))
        out.append(Contradiction(Against.SUFFIX, shown))
    return out


def _shared(key: str, owners: Mapping[str, int], role: bool) -> bool:
    return owners.get(key, 1) >= SHARED_OWNERS or role


def compare_profiles(
    candidate: Profile,
    other: Profile,
    email_owners: Mapping[str, int],
    phone_owners: Mapping[str, int],
) -> Match | None:
    """How ``other`` matches ``candidate``; ``*_owners`` count each key's owners."""
    ck, ok = candidate.keys, other.keys
    emails = sorted(ck.email_keys & ok.email_keys - {""})
    phones = sorted(ck.phone_keys & ok.phone_keys - {""})
    own_emails = [k for k in emails if not _shared(k, email_owners, is_role_address(k))]
    own_phones = [k for k in phones if not _shared(k, phone_owners, False)]
    shared = [k for k in emails if k not in own_emails] + [k for k in phones if k not in own_phones]
    name = name_relation(candidate, other)
    if name.kind is NameKind.DIFFERENT and not (own_emails or own_phones):
        return None  # another name, and at most a shared office line or info@: no match
    hard = _name_contradictions(candidate, other) if name.kind is not NameKind.UNNAMED else []
    birthday = _birthday_relation(ck.birthday, ok.birthday)
    soft: list[Contradiction] = []
    if ck.email_keys and ok.email_keys and not emails:
        soft.append(Contradiction(Against.EMAIL))
    if ck.phone_keys and ok.phone_keys and not phones:
        soft.append(Contradiction(Against.PHONE))
    if birthday == "different":
        hard.append(Contradiction(Against.BIRTHDAY))
    same_org = bool(candidate.org_words and candidate.org_words == other.org_words)
    if candidate.org_words and other.org_words and not same_org:
        soft.append(Contradiction(Against.ORGANISATION))
    if name.kind is NameKind.DIFFERENT:
        shares = _shares_words(bool(own_emails), ok.display_name.strip())
        differs = (name.reason, *(against_text(c) for c in in_order(hard + soft)))
        return Match(ok.person_id, SHARES_SCORE, (shares,), False, differs)
    chances: list[float] = []
    reasons: list[str] = []
    if own_emails:
        chances.append(EMAIL_SCORE)
        reasons.extend(_("same email {address}").format(address=key) for key in own_emails)
    if own_phones:
        chances.append(PHONE_SCORE)
        reasons.extend(_("same phone {number}").format(number=key) for key in own_phones)
    named = name.kind in (NameKind.SAME, NameKind.SIMILAR, NameKind.LONE)
    weak_name = name.kind in (NameKind.INITIALS, NameKind.FIRST_ONLY, NameKind.CLOSE)
    if named or (weak_name and (own_emails or own_phones)):
        full_name = name.kind in (NameKind.SAME, NameKind.SIMILAR)
        chances.append(name.score * NAME_CERTAINTY if full_name else name.score)
        reasons.append(name.reason)
    if not chances:
        return None
    if shared and chances:
        chances.append(SHARED_CONTACT_SCORE)
        reasons.extend(_key_words(k) for k in shared)
    if birthday == "same":
        chances.append(FULL_BIRTHDAY_SCORE)
        reasons.append(_("same birthday"))
    elif birthday == "same day":
        chances.append(BIRTHDAY_DAY_SCORE)
        reasons.append(_("same birthday"))
    if same_org:
        chances.append(ORGANISATION_SCORE)
        organisation = ok.organisation.strip()
        reasons.append(_("same organisation {name}").format(name=organisation))
    against = in_order(hard + soft)
    if against:
        reasons[-1] = with_contradictions(reasons[-1], against)
    score = 1.0 - math.prod(1.0 - chance for chance in chances)
    score *= HARD_FACTOR ** len(hard) * SOFT_FACTOR ** len(soft)
    same_or_similar = name.kind in (NameKind.SAME, NameKind.SIMILAR)
    identity = bool(own_emails or own_phones) or (same_or_similar and birthday == "same")
    if name.kind is NameKind.FIRST_ONLY:
        identity = bool(own_emails)
    strong = identity and not hard
    shown_against = tuple(against_text(c) for c in against)
    return Match(ok.person_id, round(max(score, 0.001), 3), tuple(reasons), strong, shown_against)


def _key_words(key: str) -> str:
    if "@" in key:
        return _("shares the address {address}, a shared one").format(address=key)
    return _("shares the phone {number}, used by several people").format(number=key)


def _shares_words(email: bool, name: str) -> str:
    """ "shares an email with Bob Jones": a personal contact point, another name."""
    if email and name:
        return _("shares an email with {name}").format(name=name)
    if email:
        return _("shares an email with someone")
    if name:
        return _("shares a phone with {name}").format(name=name)
    return _("shares a phone with someone")


def compare(a: PersonKeys, b: PersonKeys) -> Match | None:
    """How ``b`` matches ``a`` on their own (``match.person_id`` is ``b.person_id``).

    Only role addresses (info@, family@ ...) count as shared here; ``find_matches`` and
    ``matches_within`` also count the owners of each key.
    """
    first, second = profile_of(a), profile_of(b)
    if first.empty or second.empty:
        return None
    return compare_profiles(first, second, {}, {})
