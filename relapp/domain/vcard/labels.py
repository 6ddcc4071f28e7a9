"""Labels of contact points ("work", "home", "mobile") from vCard types and Apple labels.

Reading: TYPE parameters (``TYPE=HOME;TYPE=FAX``, ``TYPE="work,cell"``, vCard 2.1 bare
``;CELL;PREF``) give a label of their meaningful words in file order ("home fax"); noise
such as ``pref``, ``internet`` and ``voice`` is dropped and ``cell`` reads as "mobile".
An Apple group label (``item1.X-ABLabel``) wins over types: ``_$!<Mobile>!$_`` reads as
"mobile", ``_$!<HomePage>!$_`` as "home page", a custom label as written.

Writing: a label made only of type words goes back into TYPE; any other label is written
as an Apple group label, so it survives a round trip and Apple and Google read it too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

# TYPE words that say nothing a person would call a label.
_NOISE = frozenset(
    {
        *("pref", "internet", "voice", "x400", "msg", "bbs", "modem", "isdn", "video", "pcs"),
        *("dom", "intl", "postal", "parcel", "text", "textphone", "charset", "uri", "url"),
        *("b", "base64", "quoted-printable", "7bit", "8bit", "x509", "pgp"),
        *("jpeg", "jpg", "png", "gif", "bmp"),
    }
)
_READ_ALIASES = {"cell": "mobile", "x-mobile": "mobile", "mobile": "mobile"}
_WRITE_ALIASES = {"mobile": "cell"}
# Words a written label may consist of to go into TYPE rather than an Apple label.
_TYPE_WORDS = frozenset({"home", "work", "mobile", "fax", "pager", "main", "other", "iphone"})
_APPLE_LABEL = re.compile(r"_\$!<(.*)>!\$_")
_CAMEL_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def type_words(params: Mapping[str, Sequence[str]], singles: Iterable[str]) -> list[str]:
    """Every TYPE word of a property, lower-case, in file order (vCard 2.1 bare ones too)."""
    words: list[str] = []
    for value in params.get("TYPE", ()):
        words.extend(word.strip().lower() for word in value.split(",") if word.strip())
    words.extend(single.lower() for single in singles)
    return words


def type_label(params: Mapping[str, Sequence[str]], singles: Sequence[str]) -> str:
    """``label_from_types(type_words(params, singles))``, worked out once per distinct set
    of TYPE values and bare parameters (a file's cards repeat a few dozen)."""
    return _type_label(tuple(params.get("TYPE", ())), tuple(singles))


@lru_cache(maxsize=1 << 10)
def _type_label(types: tuple[str, ...], singles: tuple[str, ...]) -> str:
    return label_from_types(type_words({"TYPE": types}, singles))


def label_from_types(words: Iterable[str]) -> str:
    out: list[str] = []
    for word in words:
        if word in _NOISE or not word:
            continue
        word = _READ_ALIASES.get(word, word)
        if word.startswith("x-") and len(word) > 2:
            word = word[2:]
        if word not in out:
            out.append(word)
    if "iphone" in out and "mobile" in out:
        out.remove("mobile")
    return " ".join(out)


def apple_label(raw: str) -> str:
    """``_$!<HomePage>!$_`` -> "home page"; a custom label stays as written."""
    text = raw.strip()
    match = _APPLE_LABEL.fullmatch(text)
    if match is None:
        return text
    words = _CAMEL_WORDS.findall(match.group(1))
    return " ".join(word.lower() for word in words) or match.group(1).strip().lower()


def types_for_label(label: str) -> list[str] | None:
    """TYPE words that read back as ``label``, or None when it needs an Apple label."""
    words = label.split()
    if not words or any(word not in _TYPE_WORDS for word in words):
        return None
    if label_from_types(_WRITE_ALIASES.get(word, word) for word in words) != label:
        return None
    return [_WRITE_ALIASES.get(word, word) for word in words]
