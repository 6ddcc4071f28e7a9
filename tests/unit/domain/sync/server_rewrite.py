"""What a CalDAV server does to what it stores, for the codec tests: Radicale parses and
writes every item with vobject (radicale/item/__init__.py: ``vobject.readComponents`` then
``serialize()``), which sorts properties, refolds lines and adds a VTIMEZONE; other servers
keep the properties in another order, fold at another width or write ``\\N`` for ``\\n``.
"""

from __future__ import annotations

import random
import re

import vobject


def through_radicale(text: str) -> str:
    """The item as Radicale stores it on a PUT (radicale/app/put.py): read with its
    ``read_components``, checked by ``check_and_sanitize_items``, written by
    ``Item.serialize``; plain vobject (what those wrap) when Radicale is not installed."""
    try:
        from radicale import item as radicale_item
    except ImportError:
        return vobject.readOne(text).serialize()
    components = radicale_item.read_components(text)
    radicale_item.check_and_sanitize_items(
        components, max_vevent_rrule_occurrence=100, is_collection=False, tag="VCALENDAR"
    )
    (component,) = components
    stored = radicale_item.Item(collection_path="user/relapp", vobject_item=component)
    stored.prepare()
    return stored.serialize()


def _unfold(text: str) -> list[str]:
    lines: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if line[:1] in (" ", "\t") and lines:
            lines[-1] += line[1:]
        elif line:
            lines.append(line)
    return lines


def _fold(line: str, width: int) -> list[str]:
    parts = [line[:width]]
    rest = line[width:]
    while rest:
        parts.append(" " + rest[: width - 1])
        rest = rest[width - 1 :]
    return parts


def _shuffle(lines: list[str], rng: random.Random) -> list[str]:
    """Each component's own properties in a random order (BEGIN/END and sub-components
    stay where they belong)."""
    out: list[str] = []
    i = 0
    props: list[str] = []
    subs: list[list[str]] = []
    assert lines[0].upper().startswith("BEGIN:")
    out.append(lines[0])
    i = 1
    while not lines[i].upper().startswith("END:"):
        if lines[i].upper().startswith("BEGIN:"):
            depth, j = 0, i
            while True:
                if lines[j].upper().startswith("BEGIN:"):
                    depth += 1
                elif lines[j].upper().startswith("END:"):
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            subs.append(_shuffle(lines[i : j + 1], rng))
            i = j + 1
        else:
            props.append(lines[i])
            i += 1
    rng.shuffle(props)
    rng.shuffle(subs)
    out.extend(props)
    for sub in subs:
        out.extend(sub)
    out.append(lines[i])
    return out


_NEWLINE_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\n")  # an escaped newline, not "\\\\n"


def rewritten(text: str, seed: int) -> str:
    """``text`` through Radicale, then with properties shuffled, lines refolded at a random
    width, ``\\n`` escapes written ``\\N`` and bare LF line ends (seeded: reproducible)."""
    rng = random.Random(seed)
    lines = _shuffle(_unfold(through_radicale(text)), rng)
    width = rng.randint(20, 75)
    folded: list[str] = []
    for line in lines:
        folded.extend(_fold(_NEWLINE_ESCAPE.sub(r"\1\\N", line), width))
    return "\n".join(folded) + "\n"
