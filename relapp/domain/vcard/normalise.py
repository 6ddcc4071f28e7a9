"""From one card's text to its properties, mending what real exporters write.

Each logical line is read as vobject's content-line parser (``vobject.base.parseLine``)
reads it, from the match of ``_STRICT_HEAD`` that checked it (``_add``), its parameters
once per distinct parameter list (``_params``). Most cards
are already clean, so a card is first checked with one regular-expression scan and, when
nothing needs mending, unfolded and parsed directly (the fast path). Only cards that need
it are rewritten line by line (the slow path):

- quoted-printable values with soft line breaks (``=`` at the end of a line) and a
  ``CHARSET``, decoded here (Android, Outlook); a blank line ends a soft-broken value;
- continuation lines without the leading space (joined to the property before them);
- vCard 2.1 base64 blocks whose lines are not indented and which end with a blank line;
- property lines with empty or unreadable parameters (``TEL;;CELL:``), mended or left out.

Line ends are already ``\\n`` (CR CR LF and CR LF were folded by the text decoder).
Lower-case parameters need nothing here: names are upper-cased and values compared
without case by the mapping.

Every line read has first passed a linear check of its name and parameters
(``_STRICT_HEAD``), a subset of what vobject accepts: vobject's own pattern backtracks
exponentially on some malformed parameter lists (a stray double quote), which would make
a damaged file hang the import. On that subset vobject's pattern splits a line exactly
where ``_STRICT_HEAD`` ends (the same alternatives, tried in the same order), so the line
is not matched a second time (tests/unit/domain/vcard/test_vcard_lines.py compares the
two on every line of the corpus and on generated ones).
"""

from __future__ import annotations

import binascii
import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import NamedTuple

from relapp.domain.i18n import _
from relapp.domain.vcard.charsets import codec_of, guess, shown
from relapp.domain.vcard.textcodec import decode_octets


class Prop(NamedTuple):
    """One property of a card, as written: the value is still escaped."""

    name: str  # upper-case: "TEL"
    group: str  # lower-case: "item1"; "" without a group
    params: Mapping[str, tuple[str, ...]]  # upper-case names, values as written (shared)
    singles: tuple[str, ...]  # bare vCard 2.1 parameters, upper-case: ("CELL", "PREF")
    value: str
    line: int  # line of the file where the property starts


_new_prop = tuple.__new__  # a Prop without a call of its generated ``__new__``


class CardProblem(Exception):
    """The card cannot be read at all; the message says why."""


_NAME = r"[A-Za-z0-9_-]+"
_PARAM_VALUE = r'(?:"[^"]*"|[^";:,]*)'
_PARAM = rf"{_NAME}(?:={_PARAM_VALUE}(?:,{_PARAM_VALUE})*)?"
# Groups: the group, the name, the parameters (from the ";" before the first to the colon).
_STRICT_HEAD = re.compile(rf"(?:({_NAME})\.)?({_NAME})(;?(?:;{_PARAM})*):")
# One parameter of a list that passed _STRICT_HEAD: its name, and its values as written.
_ONE_PARAM = re.compile(rf";({_NAME})(?:=({_PARAM_VALUE}(?:,{_PARAM_VALUE})*))?")
# One value of it: quoted (read without the quotes; "" is an empty value) or plain (an
# empty plain value is none: "TYPE=" is a bare TYPE, as vobject reads it).
_ONE_VALUE = re.compile(r'"([^"]*)"|([^";:,]+)')
_PARAM_ONLY = re.compile(_PARAM)
_NAME_ONLY = re.compile(_NAME)
# Loose shape of a property line: a name, maybe parameters, then a colon.
_LOOKS_LIKE_PROPERTY = re.compile(rf"(?:{_NAME}\.)?{_NAME}(?:;[^:\n]*)?:")
# A card needs the slow path when a line is neither a property, a folded continuation,
# nor blank, or when a fold follows a blank line. (Quoted-printable values are found on
# the parsed properties: a case-blind search of every card's text costs more.)
_NEEDS_MENDING = re.compile(rf"\n(?![ \t\n]|(?:{_NAME}\.)?{_NAME}(?:;[^:\n]*)?:|\Z)|\n\n[ \t]")
_LOGICAL_BREAK = re.compile(r"\n(?![ \t])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_QP_PARAM = re.compile(r";(?:ENCODING=)?QUOTED-PRINTABLE(?=[;:]|$)", re.IGNORECASE)
_BASE64_PARAM = re.compile(r";(?:ENCODING=)?(?:B|BASE64)(?=[;:]|$)", re.IGNORECASE)
_CHARSET_PARAM = re.compile(r';CHARSET="?([^";:]*)"?', re.IGNORECASE)
_HEAD_UP_TO_COLON = re.compile(r'(?:[^:"]|"[^"]*")*')
_END_CARD = re.compile(r"END[ \t]*:[ \t]*VCARD[ \t]*$", re.IGNORECASE)

# A property line that lost its colon (and value): an upper-case property name of vCard
# (or an X- name), maybe with a group and parameters, and nothing else. Such a line is
# left out with a warning rather than glued into the value above it as a new line.
_PROPERTY_NAMES = (
    "ADR|AGENT|ANNIVERSARY|BDAY|BEGIN|CALADRURI|CALURI|CATEGORIES|CLASS|CLIENTPIDMAP|EMAIL|"
    "END|FBURL|FN|GENDER|GEO|IMPP|KEY|KIND|LABEL|LANG|LOGO|MAILER|MEMBER|N|NAME|NICKNAME|"
    "NOTE|ORG|PHOTO|PRODID|PROFILE|RELATED|REV|ROLE|SORT-STRING|SOUND|SOURCE|TEL|TITLE|TZ|"
    "UID|URL|VERSION|XML|X-[A-Z0-9-]+"
)
_HEAD_WITHOUT_COLON = re.compile(rf"(?:[A-Za-z0-9-]+\.)?(?:{_PROPERTY_NAMES})(?:;[^:\n]*)?[ \t]*$")

_MAX_CONTROL_CHARS = 8
# A physical line at least this long that is continued without a leading space was most
# likely folded by an exporter that forgot the space: join it as it is. A shorter one most
# likely held a raw line break inside the value: join with a line break.
_FOLD_WIDTH = 60


def parse_card(text: str, first_line: int) -> tuple[list[Prop], list[str]]:
    """The properties of one card (BEGIN to END), and warnings about what was mended.

    ``first_line`` is the file line of the card's BEGIN:VCARD. Raises CardProblem when the
    card is binary junk.
    """
    warnings: list[str] = []
    if _CONTROL.search(text) is not None:
        text = _drop_control_characters(text, first_line, warnings)
    if _NEEDS_MENDING.search(text) is None:
        props = _parse_clean(text, first_line)
        if props is not None:
            return props, warnings
    return _parse_mended(text, first_line, warnings), warnings


def _drop_control_characters(text: str, first_line: int, warnings: list[str]) -> str:
    found = list(_CONTROL.finditer(text))
    if len(found) > _MAX_CONTROL_CHARS or any(match.group() == "\x00" for match in found):
        raise CardProblem(_("contains binary data; the file may be damaged"))
    where = first_line + text.count("\n", 0, found[0].start())
    warnings.append(_("line {line}: control characters removed").format(line=where))
    return _CONTROL.sub("", text)


def _parse_clean(text: str, first_line: int) -> list[Prop] | None:
    """The fast path: unfold and parse; None when a line turns out to need mending."""
    props: list[Prop] = []
    line = first_line
    depth = 0
    for chunk in _LOGICAL_BREAK.split(text):
        if "\n" in chunk:
            span = chunk.count("\n") + 1
            chunk = chunk.replace("\n ", "")
            if "\n\t" in chunk:
                chunk = chunk.replace("\n\t", "")
        else:
            span = 1
        if chunk and not chunk.isspace():
            head = _STRICT_HEAD.match(chunk)
            if head is None:
                return None
            depth, qp = _add(props, chunk, head, line, depth)
            if qp:
                return None
        line += span
    return props


class _Params(NamedTuple):
    named: Mapping[str, tuple[str, ...]]
    singles: tuple[str, ...]
    quoted_printable: bool


_NO_PARAMS = _Params({}, (), False)


@lru_cache(maxsize=1 << 10)
def _params(text: str) -> _Params:
    """A parameter list (";TYPE=work,cell;PREF") read as vobject's ``parseParams`` reads
    it (without importing vobject, its calendar modules, dateutil and pytz: a tenth of a
    second of the ``relapp import`` command), once per distinct list: a file's cards
    repeat a few dozen of them. The result is shared by every property that has it, so
    it is never changed."""
    named: dict[str, list[str]] = {}
    singles: tuple[str, ...] = ()
    for name, written in _ONE_PARAM.findall(text):
        values = [quoted or plain for quoted, plain in _ONE_VALUE.findall(written)]
        if not values:
            singles += (name.upper(),)
        else:
            named.setdefault(name.upper(), []).extend(values)
    encodings = named.get("ENCODING", ())
    qp = "QUOTED-PRINTABLE" in singles or any(e.upper() == "QUOTED-PRINTABLE" for e in encodings)
    return _Params({key: tuple(values) for key, values in named.items()}, singles, qp)


def _add(
    props: list[Prop], logical: str, head: re.Match[str], line: int, depth: int
) -> tuple[int, bool]:
    """Read one logical line, checked by ``head`` (its ``_STRICT_HEAD`` match), into
    ``props`` as vobject's ``parseLine`` reads it; returns the new nesting depth and
    whether the property added is quoted-printable."""
    group, name, params_text = head.groups()
    name = name.replace("_", "-").upper()  # vobject's "-" for Lotus Notes' "_"
    if name == "BEGIN":
        return depth + 1, False
    if name == "END":
        return depth - 1, False
    if depth != 1:  # a property of a nested card (a vCard 2.1 AGENT), not of this one
        return depth, False
    params = _params(params_text) if params_text else _NO_PARAMS
    value = logical[head.end() :]
    group = group.lower() if group else ""
    props.append(_new_prop(Prop, (name, group, params.named, params.singles, value, line)))
    return depth, params.quoted_printable


class _Logical:
    """A logical line being assembled from physical lines in the slow path."""

    __slots__ = ("base64", "last_length", "line", "qp", "text")

    def __init__(self, text: str, line: int, head: str) -> None:
        self.text = text
        self.line = line
        params = ";" in head  # both patterns start at a ";": most heads have none
        self.qp = params and _QP_PARAM.search(head) is not None
        self.base64 = params and _BASE64_PARAM.search(head) is not None
        self.last_length = len(text)


def _parse_mended(text: str, first_line: int, warnings: list[str]) -> list[Prop]:
    logical = _assemble(text, first_line, warnings)
    props: list[Prop] = []
    depth = 0
    hint: list[str | None] = []  # the card's CHARSET, looked for when first needed

    def card_charset() -> str | None:
        if not hint:
            hint.append(_card_charset(logical))
        return hint[0]

    for item in logical:
        content = item.text
        if item.qp:
            content, guessed = _decode_quoted_printable(item.text, card_charset)
            if guessed:
                warnings.append(
                    _(
                        "line {line}: quoted-printable text that is not UTF-8 and names "
                        "no character set; read as {charset} (a guess: check the names)"
                    ).format(line=item.line, charset=guessed)
                )
        head = _STRICT_HEAD.match(content)
        if head is None:
            head = _mend_head(content)
            if head is None:
                warnings.append(_unreadable(item.line, content))
                continue
            warnings.append(_("line {line}: unreadable parameters left out").format(line=item.line))
        depth = _add(props, head.string, head, item.line, depth)[0]
    return props


def _unreadable(line: int, content: str) -> str:
    return _("line {line}: could not read {text}; left out").format(
        line=line, text=_excerpt(content)
    )


def _assemble(text: str, first_line: int, warnings: list[str]) -> list[_Logical]:
    """Physical lines to logical lines, joining folds, soft breaks and stray continuations."""
    out: list[_Logical] = []
    soft_break = False  # the last line was quoted-printable and ended with "="
    for offset, raw in enumerate(text.split("\n")):
        line = first_line + offset
        blank = not raw or raw.isspace()
        if soft_break:
            soft_break = False
            if blank:
                continue  # a blank line ends a soft-broken value (Android)
            if _END_CARD.match(raw) is None:
                current = out[-1]
                current.text = current.text[:-1] + raw
                current.last_length = len(raw)
                soft_break = raw.endswith("=")
                continue
        if blank:
            continue
        if raw[0] in " \t":
            if out:
                current = out[-1]
                current.text += raw[1:]
                current.last_length = len(raw)
                soft_break = current.qp and raw.endswith("=")
            else:
                warnings.append(
                    _("line {line}: a continuation line with nothing before it; left out").format(
                        line=line
                    )
                )
            continue
        head = _LOOKS_LIKE_PROPERTY.match(raw)
        if head is not None:
            item = _Logical(raw, line, head.group())
            out.append(item)
            soft_break = item.qp and raw.endswith("=")
            continue
        if not out or _HEAD_WITHOUT_COLON.match(raw) is not None:
            if out:
                no_colon = _(
                    "line {line}: a property line with no colon (and no value) {text}; left out"
                )
                warnings.append(no_colon.format(line=line, text=_excerpt(raw)))
            else:
                warnings.append(_unreadable(line, raw))
            continue
        current = out[-1]
        if current.base64 or raw.startswith("\\") or current.last_length >= _FOLD_WIDTH:
            current.text += raw
        else:
            current.text += "\\n" + raw
            warnings.append(
                _("line {line}: taken as a new line of the value above it").format(line=line)
            )
        current.last_length = len(raw)
    return out


def _card_charset(logical: list[_Logical]) -> str | None:
    """The first CHARSET other than UTF-8 named in the card: the card's code page."""
    for item in logical:
        if "CHARSET" in item.text.upper():
            match = _CHARSET_PARAM.search(_split_head(item.text)[0])
            codec = codec_of(match.group(1)) if match else None
            if codec is not None and codec != "utf-8":
                return codec
    return None


def _decode_quoted_printable(
    content: str, card_charset: Callable[[], str | None] = lambda: None
) -> tuple[str, str]:
    """The property with its value decoded, and the name of a guessed character set
    ("" when the value was UTF-8 or its character set was named on it or its card)."""
    head, value = _split_head(content)
    charset_match = _CHARSET_PARAM.search(head)
    charset = charset_match.group(1).strip() if charset_match else None
    octets = binascii.a2b_qp(value.encode("utf-8"))
    guessed = ""
    try:
        decoded = octets.decode("utf-8")
    except UnicodeDecodeError:
        named = charset if charset and codec_of(charset) else card_charset()
        decoded = decode_octets(octets, named)
        if not named:
            guessed = shown(guess(octets)[1])
    if "\r" in decoded or "\n" in decoded:
        decoded = decoded.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    head = _CHARSET_PARAM.sub("", _QP_PARAM.sub("", head))
    return f"{head}:{decoded}", guessed


def _split_head(content: str) -> tuple[str, str]:
    """Name and parameters, and the value: split at the first colon outside quotes."""
    match = _HEAD_UP_TO_COLON.match(content)
    end = match.end() if match is not None else -1
    if end < 0 or end >= len(content) or content[end] != ":":
        end = content.find(":")
        if end < 0:
            return content, ""
    return content[:end], content[end + 1 :]


def _mend_head(content: str) -> re.Match[str] | None:
    """Drop empty and unreadable parameters: the ``_STRICT_HEAD`` match of the mended
    line (``.string``), or None when the name itself is unreadable."""
    head, value = _split_head(content)
    if len(head) == len(content):
        return None
    parts = _split_params(head)
    name = parts[0].strip()
    group, _dot, bare = name.rpartition(".")
    if _NAME_ONLY.fullmatch(bare) is None or (group and _NAME_ONLY.fullmatch(group) is None):
        return None
    kept = [name]
    for part in parts[1:]:
        key, equals, values = part.partition("=")
        candidate = f"{key.strip()}{equals}{values.strip()}"
        if candidate and _PARAM_ONLY.fullmatch(candidate) is not None:
            kept.append(candidate)
    return _STRICT_HEAD.match(";".join(kept) + ":" + value)


def _split_params(head: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    for ch in head:
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _excerpt(text: str, width: int = 40) -> str:
    text = text.strip()
    return repr(text if len(text) <= width else text[: width - 1] + "…")
