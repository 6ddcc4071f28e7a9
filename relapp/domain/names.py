"""Personal names as the duplicate guard reads them.

A name is reduced to folded tokens in given-first order: accents, case, titles ("Dr.",
"Mrs"), suffixes ("Jr.", "III", "PhD") and punctuation go; "Roth, Carol" becomes
("carol", "roth"). Two names are then compared token by token, in any order, with a
fuzzy score for typos (rapidfuzz) and a table of common nicknames for the given name
("Bob" is a Robert), so that someone you know is not taken for a stranger because they
signed as "Bob" or an exporter wrote their family name first.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from rapidfuzz import fuzz

from relapp.domain.text import fold

# Names that are the same letters split differently ("Maryjane" / "Mary Jane").
JOINED_SCORE = 0.98
# A given name matched only through the nickname table ("Bob" / "Robert") is likely,
# not certain: many Roberts are not your Bob.
NICKNAME_FACTOR = 0.95
# Below this per-token similarity two tokens count as different words, not a typo:
# "Carol"/"Carl" (0.89) is a typo, "Tim"/"Tom" (0.67) is another person.
TOKEN_CUTOFF = 0.75
# A lone initial against a word with that initial ("C." / "Carol").
INITIAL_SCORE = 0.75
# Tokens present on one side only (a middle name left out) weigh half.
MISSING_TOKEN_WEIGHT = 0.5

_TITLES = frozenset(
    {"dr", "mr", "mrs", "ms", "miss", "mx", "prof", "sir", "dame", "rev"}
    | {"mme", "mlle", "herr", "frau", "sra", "srta"}
)
_SUFFIXES = frozenset(("jr", "sr", "ii", "iii", "iv", "phd", "md", "esq", "dds", "cpa", "mba"))
# Apostrophes, deleted by ``str.translate`` (a regex of these characters takes 4 ms to
# compile: a table of all 65,536 code points below them).
_APOSTROPHES = str.maketrans("", "", "'’ʼ`´")
_WORD = re.compile(r"[^\W_]+")
# Letters that do not decompose into a base letter and an accent.
_EXTRA_FOLD = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i"}
)
# Scripts written without spaces between family and given name.
_UNSPACED = re.compile(
    "^["
    "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"  # Hangul
    "\u3040-\u30ff"  # kana
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # CJK ideographs
    "]+$"
)

# Formal given name -> its common nicknames and spellings. The first formal listed for
# a nickname is its canonical form ("chris" -> "christopher").
_NICKNAMES: dict[str, str] = {
    "robert": "bob bobby rob robbie robby bert",
    "william": "bill billy will willie willy liam",
    "elizabeth": "liz lizzie lizzy beth betty betsy bess bessie eliza libby elisabeth",
    "katherine": "kate katie katy kathy kat kitty kay cathy catherine kathryn katharine",
    "james": "jim jimmy jimbo jamie",
    "michael": "mike mikey mick mickey micky",
    "john": "johnny jack jackie jon",
    "jonathan": "jon jonny",
    "richard": "rick ricky rich richie dick",
    "thomas": "tom tommy",
    "joseph": "joe joey",
    "charles": "charlie chuck chas chaz",
    "christopher": "chris kit topher",
    "christine": "chris chrissy christina tina",
    "daniel": "dan danny",
    "david": "dave davey davy",
    "edward": "ed eddie eddy ted teddy ned",
    "theodore": "theo ted teddy",
    "anthony": "tony",
    "andrew": "andy drew",
    "alexander": "alex alec sasha sandy xander aleksandr",
    "alexandra": "alex alexa lexi sasha sandy",
    "benjamin": "ben benny benji",
    "matthew": "matt matty",
    "nicholas": "nick nicky nico",
    "patrick": "pat paddy",
    "patricia": "pat patty tricia trish",
    "samuel": "sam sammy",
    "samantha": "sam sammy",
    "stephen": "steve stevie steven",
    "timothy": "tim timmy",
    "gregory": "greg",
    "jeffrey": "jeff geoffrey geoff",
    "kenneth": "ken kenny",
    "ronald": "ron ronnie",
    "donald": "don donnie",
    "douglas": "doug",
    "gerald": "gerry jerry",
    "lawrence": "larry laurence",
    "leonard": "leo len lenny",
    "raymond": "ray",
    "henry": "hank harry hal",
    "harold": "harry hal",
    "frederick": "fred freddie freddy",
    "francis": "frank fran frankie",
    "peter": "pete",
    "philip": "phil phillip",
    "walter": "walt wally",
    "eugene": "gene",
    "albert": "al bert bertie",
    "alfred": "alf alfie fred",
    "vincent": "vince vinny",
    "zachary": "zach zack",
    "joshua": "josh",
    "nathaniel": "nate nat nathan",
    "jacob": "jake",
    "terence": "terry",
    "gabriel": "gabe",
    "margaret": "maggie meg peggy marge margie madge",
    "mary": "molly polly mae",
    "susan": "sue susie suzy susanna",
    "jennifer": "jen jenn jenny",
    "jessica": "jess jessie",
    "rebecca": "becky becca",
    "deborah": "deb debbie debby debra",
    "victoria": "vicky vicki tori",
    "abigail": "abby abbie",
    "barbara": "barb babs",
    "dorothy": "dot dottie dolly",
    "eleanor": "ellie nell nellie",
    "judith": "judy",
    "jacqueline": "jackie",
    "kimberly": "kim",
    "pamela": "pam",
    "sarah": "sally sadie sara",
    "teresa": "terry tess tessa theresa",
    "virginia": "ginny",
    "cynthia": "cindy",
    "angela": "angie",
    "amanda": "mandy",
    "melissa": "mel missy",
    "anne": "ann annie nan",
    "frances": "fran frankie",
    "josephine": "jo josie",
    "isabel": "izzy bella isabelle isabella",
    "olivia": "liv livvy",
    "penelope": "penny",
    "gabrielle": "gabby gabi",
    # A few beyond English.
    "josé": "pepe chepe",
    "francisco": "paco pancho curro",
    "ignacio": "nacho",
    "guillermo": "memo",
    "manuel": "manolo manu",
    "enrique": "quique",
    "jesús": "chucho chuy",
    "dolores": "lola",
    "concepción": "concha conchita",
    "giuseppe": "beppe peppe",
    "johannes": "hans",
    "mikhail": "misha",
    "dmitry": "dima",
    "ekaterina": "katya",
    "natalia": "natasha",
    "александр": "саша шура",
    "михаил": "миша",
    "дмитрий": "дима",
    "екатерина": "катя",
    "наталья": "наташа",
}


# Names repeat (an import of 10,000 cards folds the same given and family names tens of
# thousands of times): the words of a name are read once. Strings and tuples of strings
# only, which the garbage collector does not walk.
@lru_cache(maxsize=1 << 15)
def _fold_word(text: str) -> str:
    # NFC after folding puts Hangul jamo back together into syllables.
    return unicodedata.normalize("NFC", fold(text).translate(_EXTRA_FOLD))


def _build_formals() -> tuple[frozenset[str], dict[str, tuple[str, ...]]]:
    formals = frozenset(_fold_word(f) for f in _NICKNAMES)
    of_nickname: dict[str, list[str]] = {}
    for formal, nicknames in _NICKNAMES.items():
        for nickname in nicknames.split():
            of_nickname.setdefault(_fold_word(nickname), []).append(_fold_word(formal))
    return formals, {nick: tuple(forms) for nick, forms in of_nickname.items()}


_FORMALS, _FORMALS_OF = _build_formals()


def _words(text: str) -> list[str]:
    return _WORD.findall(text.translate(_APOSTROPHES))


def _is_affix(word: str) -> bool:
    return word in _TITLES or word in _SUFFIXES


@lru_cache(maxsize=1 << 15)
def name_tokens(name: str) -> tuple[str, ...]:
    """Folded name tokens in given-first order, without titles, suffixes or punctuation.

    "Dr. José Núñez Jr." -> ("jose", "nunez"); "Roth, Carol" -> ("carol", "roth").
    A name that is nothing but titles or punctuation has no tokens.
    """
    parts = [_words(part) for part in _fold_word(name).split(",")]
    # "Carol Roth, PhD": a part made only of titles and suffixes is no name part.
    parts = [p for p in parts if p and not all(_is_affix(w) for w in p)]
    if len(parts) >= 2:  # "Family, Given" as exporters write it
        parts = [*parts[1:], parts[0]]
    words = [w for part in parts for w in part]
    start, end = 0, len(words)
    while start < end and words[start] in _TITLES:
        start += 1
    while end > start and words[end - 1] in _SUFFIXES:
        end -= 1
    return tuple(words[start:end])


def canonical_given(token: str) -> str:
    """The formal given name a nickname stands for: "Bob" -> "robert", "Liz" -> "elizabeth".

    A formal name or an unknown word comes back folded and otherwise unchanged. Where a
    nickname serves several names ("chris"), the most common one is returned.
    """
    word = _fold_word(token)
    if word in _FORMALS:
        return word
    forms = _FORMALS_OF.get(word)
    return forms[0] if forms else word


def given_forms(token: str) -> frozenset[str]:
    """The token itself with every formal name it may stand for ("alex" -> alexander, ...)."""
    word = _fold_word(token)
    return frozenset((word, *_FORMALS_OF.get(word, ())))


def same_given(a: str, b: str) -> bool:
    """Whether two given names may be the same name ("Bobby" / "Rob", "Bill" / "William")."""
    return not given_forms(a).isdisjoint(given_forms(b))


def is_full_name(tokens: Sequence[str]) -> bool:
    """Whether tokens name someone fully: two or more words, or a Chinese/Japanese/Korean
    name written in one run ("王小明"). A lone Western word ("Carol") is not."""
    if len(tokens) >= 2:
        return True
    return len(tokens) == 1 and len(tokens[0]) >= 2 and _UNSPACED.match(tokens[0]) is not None


def _is_initial(word: str) -> bool:
    return len(word) == 1 and _UNSPACED.match(word) is None


def _token_similarity(x: str, y: str) -> float:
    if x == y:
        return 1.0
    if _is_initial(x) or _is_initial(y):
        return INITIAL_SCORE if x[0] == y[0] else 0.0
    return fuzz.ratio(x, y, score_cutoff=TOKEN_CUTOFF * 100) / 100


def _aligned_similarity(a: Sequence[str], b: Sequence[str]) -> float:
    if sorted(a) == sorted(b):
        return 1.0
    if "".join(a) == "".join(b):
        return JOINED_SCORE
    candidates = sorted(
        (-_token_similarity(x, y), abs(i - j), i, j)
        for i, x in enumerate(a)
        for j, y in enumerate(b)
    )
    used_a: set[int] = set()
    used_b: set[int] = set()
    matched = weight = 0.0
    for negative, _distance, i, j in candidates:
        if negative == 0:
            break
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        matched -= 2 * negative  # every word counts the same, on each side
        weight += 2
    rest_a = len(a) - len(used_a)
    rest_b = len(b) - len(used_b)
    # A word only one side has is a missing middle name; a word each side has that
    # matches nothing on the other is a contradiction and weighs in full.
    penalty = 1.0 if rest_a and rest_b else MISSING_TOKEN_WEIGHT
    weight += penalty * (rest_a + rest_b)
    return matched / weight if weight else 0.0


def tokens_similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """Similarity 0..1 of two token sequences from ``name_tokens``; see ``name_similarity``."""
    if not a or not b:
        return 0.0
    if tuple(a) > tuple(b):  # the same answer whichever name comes first
        a, b = b, a
    score = _aligned_similarity(a, b)
    if score < 1.0 and a[0] != b[0] and same_given(a[0], b[0]):
        as_b = (b[0], *a[1:])
        score = max(score, NICKNAME_FACTOR * _aligned_similarity(as_b, b))
    return score


def name_similarity(a: str, b: str) -> float:
    """How alike two names are, 0..1, whatever their order, accents, titles or nicknames.

    1.0 for the same words ("Carol Roth" / "Dr. Roth, Carol"), a little less for a typo
    ("Carl Roth"), ``NICKNAME_FACTOR`` for a known nickname ("Bob Smith" / "Robert
    Smith"), low for another given name ("Dan Roth"). A name without words scores 0.
    """
    return tokens_similarity(name_tokens(a), name_tokens(b))


_GENERATIONS = frozenset(("jr", "sr", "ii", "iii", "iv"))
_GENERATION_STARTS = ("jr", "sr", "ii", "iv")  # every word of _GENERATIONS has one


def generation_suffixes(name: str) -> frozenset[str]:
    """The generational suffixes of a name: "John Smith Jr." -> {"jr"}; "Smith, John,
    III" -> {"iii"}. A first word is a title ("Sr. García" is Señor García), not one."""
    if name.isascii():  # most names: folding is lower-casing, and often nothing is there
        bare = name.lower().replace("'", "").replace("`", "")
        if not any(start in bare for start in _GENERATION_STARTS):
            return frozenset()
        words = _WORD.findall(bare)
    else:
        words = [w for part in _fold_word(name).split(",") for w in _words(part)]
    return frozenset(w for w in words[1:] if w in _GENERATIONS)


def middle_tokens(tokens: Sequence[str]) -> tuple[str, ...]:
    """The middle names of given-first tokens: ("john", "a", "smith") -> ("a",)."""
    if len(tokens) < 3:
        return ()
    return tuple(tokens[1:-1])
