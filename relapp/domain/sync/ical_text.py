"""Reading iCalendar items for sync (issue 16): parse with a clear error, times in UTC,
Relapp's ``X-`` values escaped so servers keep them, and comparing two items by meaning.

One library reads and writes: ``icalendar`` (also what capture reads ``.ics`` files with).
Servers re-serialise what they store (Radicale parses and writes with ``vobject``: it
sorts properties, refolds lines, adds a ``VTIMEZONE`` for a ``TZID``, and cuts an ``X-``
value at its first unescaped comma), so Relapp writes one property per value, escapes
its ``X-`` text, and compares items with :func:`same_meaning`, never by bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

import icalendar

from relapp.domain.i18n import _
from relapp.domain.sync.ical_lines import Block, CalendarItemError, Line, parse_blocks
from relapp.domain.sync.ical_write import escaped

RELAPP_PRODID = "-//Relapp//Relapp sync//EN"
RECORD = "X-RELAPP-RECORD"  # which Relapp record an item is: promise, interaction, introduction


def parse_item(text: str, source: str, component: str) -> tuple[Block, icalendar.Component]:
    """The item's line tree and its one ``component`` (``VTODO``/``VJOURNAL``) as read by
    icalendar (the master when there are overrides, :func:`parse_series`)."""
    root, master, _ = parse_series(text, source, component)
    return root, master


def parse_series(
    text: str, source: str, component: str
) -> tuple[Block, icalendar.Component, list[icalendar.Component]]:
    """The item's line tree, its ``component`` and the overrides of single occurrences
    (``RECURRENCE-ID``, in whatever order the file has them) as read by icalendar.
    ``source`` names the item in errors (its href).

    Raises :class:`CalendarItemError` (with the line where it can tell) for text that is
    not one iCalendar object, holds no such component, holds two with different UIDs,
    or has a value icalendar cannot read."""
    root = parse_blocks(text, source)
    if root.name != "VCALENDAR":
        raise CalendarItemError(
            source,
            root.begin.number,
            _("a {component}, not a VCALENDAR").format(component=root.name),
        )
    calendar = _read(text, source, root)
    found = [c for c in calendar.subcomponents if c.name == component]
    if not found:
        kinds = sorted({str(c.name) for c in calendar.subcomponents if c.name != "VTIMEZONE"})
        if kinds:
            problem = _("no {component} in the item (it holds {held})").format(
                component=component, held=", ".join(kinds)
            )
        else:
            problem = _("no {component} in the item (it holds nothing)").format(component=component)
        raise CalendarItemError(source, None, problem)
    uids = {str(c.get("UID", "")).strip() for c in found}
    if "" in uids:
        raise CalendarItemError(
            source, None, _("a {component} without a UID").format(component=component)
        )
    if len(uids) > 1:
        raise CalendarItemError(
            source,
            None,
            _("{n} {component}s with different UIDs").format(n=len(uids), component=component),
        )
    master = ([c for c in found if "RECURRENCE-ID" not in c] or found)[0]
    return root, master, [c for c in found if c is not master]


def _read(text: str, source: str, root: Block) -> icalendar.Component:
    try:
        return icalendar.Calendar.from_ical(text)
    except ValueError as error:
        raise CalendarItemError(source, _line_of(error, root), _reason(error)) from None
    except Exception:  # whatever else the parser trips on makes a bad item, too
        line = _unreadable_line(root)
        if line is None:
            raise CalendarItemError(source, None, _("a line icalendar cannot read")) from None
        raise CalendarItemError(
            source,
            line.number,
            _("a line icalendar cannot read: {text}").format(text=_excerpt(line.unfolded())),
        ) from None


def main_block(root: Block, component: str) -> Block:
    """The block of the item's component (the master when there are overrides)."""
    blocks = root.blocks(component)
    return next((b for b in blocks if not b.lines("RECURRENCE-ID")), blocks[0])


def _reason(error: Exception) -> str:
    text = " ".join(str(error).split())
    return text if len(text) <= 120 else text[:119] + "…"


def _line_of(error: Exception, root: Block) -> int | None:
    """The line a parse error is about, found by the value it quotes."""
    quoted = re.findall(r"'([^']{3,})'", str(error)) or str(error).split()[-1:]
    for item in _all_lines(root):
        if any(q and q in item.unfolded() for q in quoted):
            return item.number
    return None


def _unreadable_line(root: Block) -> Line | None:
    """The first line that cannot be read on its own (an error that names no value)."""
    for line in _all_lines(root):
        try:
            icalendar.Calendar.from_ical(
                f"BEGIN:VCALENDAR\r\nBEGIN:X-PROBE\r\n{line.raw}\r\nEND:X-PROBE\r\nEND:VCALENDAR\r\n"
            )
        except Exception:  # this one is it
            return line
    return None


def _excerpt(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:59] + "…")


def _all_lines(block: Block) -> Iterable[Line]:
    for item in block.items:
        if isinstance(item, Block):
            yield from _all_lines(item)
        else:
            yield item


# --- values -----------------------------------------------------------------------------------


def text_of(component: icalendar.Component, name: str) -> str | None:
    """A TEXT property's value, unescaped; None when absent."""
    value = component.get(name)
    if value is None:
        return None
    if isinstance(value, list):
        value = value[0]
    return str(value)


def x_values(component: icalendar.Component, name: str) -> list[str]:
    """Every value of an ``X-`` property, unescaped, in order (icalendar keeps ``X-``
    values as written)."""
    value = component.get(name)
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [unescape(_raw(v)) for v in items if _raw(v)]


def x_value(component: icalendar.Component, name: str) -> str | None:
    values = x_values(component, name)
    return values[0].strip() if values else None


def _raw(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    to_ical = getattr(value, "to_ical", None)
    raw = to_ical() if to_ical is not None else value
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)


_ESCAPED = re.compile(r"\\(.)", re.DOTALL)


def unescape(text: str) -> str:
    return _ESCAPED.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def x_property(value: str) -> icalendar.vText:
    """An ``X-`` value escaped as TEXT, so a server that splits on commas keeps it whole."""
    return text_value(value)


class _Text(icalendar.vText):
    """A TEXT value written as typed (``ical_write.escaped``): ``icalendar``'s own
    writing turns a written backslash and N into a line end."""

    def to_ical(self) -> bytes:
        return escaped(str(self)).encode("utf-8")


def text_value(value: str) -> icalendar.vText:
    """``value`` (``calendar_text``) as a TEXT property value that keeps every character."""
    return _Text(calendar_text(value))


_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_LINE_ENDS = re.compile(r"\r\n?")


def calendar_text(text: str) -> str:
    """``text`` as a calendar item keeps it: line ends as ``\\n`` and no control characters
    but tab and newline (RFC 5545 TEXT allows no others, and Radicale deletes them). The
    codecs write this; compare a stored value with what came back through it."""
    return _CONTROLS.sub("", _LINE_ENDS.sub("\n", text))


def moment_utc(value: date | datetime, zone: tzinfo, at: time) -> datetime:
    """A DATE, floating, TZID or UTC value as an aware UTC datetime. A floating time or one
    with a TZID nobody knows is wall time in ``zone`` (the user's); a DATE is ``at`` on
    that day in ``zone``."""
    if not isinstance(value, datetime):
        value = datetime.combine(value, at)
    if value.tzinfo is None or value.utcoffset() is None:
        value = value.replace(tzinfo=zone)
    return value.astimezone(UTC)


def utc_of(component: icalendar.Component, name: str, zone: tzinfo, at: time) -> datetime | None:
    prop = component.get(name)
    if prop is None:
        return None
    if isinstance(prop, list):
        prop = prop[0]
    value = getattr(prop, "dt", None)
    if isinstance(value, date):
        return moment_utc(value, zone, at)
    return None


# --- comparing by meaning ---------------------------------------------------------------------

_IGNORED_PARAMS = frozenset({"VALUE", "TZID"})  # the value is compared as an instant instead


def same_meaning(a: str, b: str) -> bool:
    """Whether two iCalendar texts say the same: property order, line folding, escaping,
    explicit ``VALUE=`` types, ``VTIMEZONE`` blocks and time-zone spelling of the same
    instant do not count; any property, parameter or value that differs does.
    ``CATEGORIES`` compares as a set however it is split into lines."""
    return meaning(a) == meaning(b)


def meaning(text: str) -> tuple[Any, ...]:
    """What :func:`same_meaning` compares (raises CalendarItemError for broken text)."""
    return _component_meaning(_read(text, "item", parse_blocks(text, "item")))


def _component_meaning(component: icalendar.Component) -> tuple[Any, ...]:
    props: list[tuple[str, str]] = []
    for name, value in component.property_items(recursive=False):
        if name in ("BEGIN", "END"):
            continue
        for one in _split(name, value):
            props.append((name, repr(_prop_meaning(one))))
    subs = [_component_meaning(sub) for sub in component.subcomponents if sub.name != "VTIMEZONE"]
    return (component.name, tuple(sorted(props)), tuple(sorted(subs, key=repr)))


def _split(name: str, value: Any) -> list[Any]:
    if name == "CATEGORIES" and hasattr(value, "cats"):
        return [("category", str(c)) for c in value.cats]
    return [value]


def _prop_meaning(value: Any) -> Any:
    if isinstance(value, tuple):
        return value
    params = getattr(value, "params", {}) or {}
    kept = tuple(
        sorted(
            (str(k).upper(), str(v)) for k, v in params.items() if k.upper() not in _IGNORED_PARAMS
        )
    )
    return (kept, _value_meaning(value))


def _value_meaning(value: Any) -> Any:
    dts = getattr(value, "dts", None)
    if dts is not None:
        return tuple(_time_meaning(d.dt) for d in dts)
    if hasattr(value, "dt"):
        return _time_meaning(value.dt)
    if isinstance(value, icalendar.vText):
        return str(value)
    return unescape(_raw(value))


def _time_meaning(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            return ("floating", value.isoformat())
        return ("utc", value.astimezone(UTC).isoformat())
    if isinstance(value, date | timedelta):
        return (type(value).__name__, str(value))
    if isinstance(value, tuple):
        return tuple(_time_meaning(v) for v in value)
    return ("other", str(value))
