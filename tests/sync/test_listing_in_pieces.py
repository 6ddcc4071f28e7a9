"""A server's answer is parsed a piece at a time (issue 18: no GUI stall over 50 ms).

A parse is one C call that holds the GIL from start to end: the whole listing of a
collection of 20,000 journal entries (6 MB) held it for 100-150 ms on the sync's thread,
and the window's GUI thread, which needs the GIL for every event, stalled as long. So
no single call into the XML parser may be handed more than ``davxml.PIECE`` bytes, and
what comes out is the same as from one parse."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from types import SimpleNamespace
from typing import Any

import pytest

from relapp.services.sync import davxml

ITEMS = 3000  # about 14 pieces


def listing(items: int) -> bytes:
    rows = [
        '<?xml version="1.0"?><d:multistatus xmlns:d="DAV:">'
        "<d:response><d:href>/u/relapp-history/</d:href><d:propstat><d:prop>"
        "<d:sync-token>http://radicale.org/ns/sync/7</d:sync-token>"
        "<d:resourcetype><d:collection/></d:resourcetype></d:prop>"
        "<d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"
    ]
    rows += [
        f"<d:response><d:href>/u/relapp-history/{n:08d}-entry.ics</d:href><d:propstat>"
        f'<d:prop><d:getetag>"{n:032x}"</d:getetag><d:resourcetype/></d:prop>'
        "<d:status>HTTP/1.1 200 OK</d:status></d:propstat><d:propstat><d:prop>"
        "<d:sync-token/></d:prop><d:status>HTTP/1.1 404 Not Found</d:status></d:propstat>"
        "</d:response>"
        for n in range(items)
    ]
    rows.append("<d:sync-token>http://radicale.org/ns/sync/8</d:sync-token></d:multistatus>")
    return "".join(rows).encode()


class CountingParser:
    """``ET.XMLParser``, keeping the size of what each call hands it."""

    def __init__(self, handed: list[int], *args: Any, **kwargs: Any) -> None:
        self.parser = ET.XMLParser(*args, **kwargs)
        self.handed = handed

    def feed(self, data: bytes) -> None:
        self.handed.append(len(data))
        self.parser.feed(data)

    def close(self) -> ET.Element:
        return self.parser.close()


@pytest.fixture
def handed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """What each call into the XML parser was given, in bytes (a whole-document parse,
    ``fromstring``/``XML``, counts as one call given the whole document)."""
    sizes: list[int] = []

    def whole(text: bytes | str, parser: Any = None) -> ET.Element:
        sizes.append(len(text))
        return ET.fromstring(text, parser)

    spy = SimpleNamespace(
        **{name: getattr(ET, name) for name in dir(ET) if not name.startswith("__")}
    )
    spy.fromstring = whole
    spy.XML = whole
    spy.XMLParser = lambda *a, **kw: CountingParser(sizes, *a, **kw)
    monkeypatch.setattr(davxml, "ET", spy)
    return sizes


def test_a_long_listing_is_parsed_a_piece_at_a_time(handed: list[int]) -> None:
    body = listing(ITEMS)
    assert len(body) > 10 * davxml.PIECE
    found = davxml.parse_multistatus(body)
    assert handed and max(handed) <= davxml.PIECE
    assert sum(handed) == len(body)
    # The same answer as one parse gives.
    assert found.sync_token == "http://radicale.org/ns/sync/8"
    assert len(found.responses) == ITEMS + 1
    collection, first, last = found.responses[0], found.responses[1], found.responses[-1]
    assert collection.text("{DAV:}sync-token") == "http://radicale.org/ns/sync/7"
    assert (first.href, first.status, first.text("{DAV:}getetag")) == (
        "/u/relapp-history/00000000-entry.ics",
        200,
        f'"{0:032x}"',
    )
    assert last.text("{DAV:}getetag") == f'"{ITEMS - 1:032x}"'
    assert "{DAV:}sync-token" not in last.props  # its 404 propstat is not a property


def test_what_is_not_a_multistatus_is_still_refused() -> None:
    with pytest.raises(ValueError, match="not XML"):
        davxml.parse_multistatus(listing(ITEMS)[: -davxml.PIECE // 2])
    with pytest.raises(ValueError, match="not XML"):
        davxml.parse_multistatus(b"")
    with pytest.raises(ValueError, match="where a multistatus belongs"):
        davxml.parse_multistatus(b'<d:error xmlns:d="DAV:"><d:valid-sync-token/></d:error>')
