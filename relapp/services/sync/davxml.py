"""The WebDAV XML Relapp sends and reads (RFC 4918, 6352, 4791, 6578, 5397): request
bodies as text, and multistatus answers parsed into plain values."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from urllib.parse import unquote, urljoin, urlsplit

DAV = "DAV:"
CARD = "urn:ietf:params:xml:ns:carddav"
CAL = "urn:ietf:params:xml:ns:caldav"
NS = {"d": DAV, "card": CARD, "cal": CAL}

_HEAD = '<?xml version="1.0" encoding="utf-8"?>\n'


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def propfind(*props: str) -> str:
    """A PROPFIND body asking for ``props`` ("d:getetag", "card:addressbook-home-set")."""
    inner = "".join(f"<{p}/>" for p in props)
    return (
        f'{_HEAD}<d:propfind xmlns:d="{DAV}" xmlns:card="{CARD}" xmlns:cal="{CAL}">'
        f"<d:prop>{inner}</d:prop></d:propfind>"
    )


def sync_collection(token: str | None) -> str:
    return (
        f'{_HEAD}<d:sync-collection xmlns:d="{DAV}">'
        f"<d:sync-token>{escape(token or '')}</d:sync-token>"
        "<d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>"
    )


def multiget(kind: str, paths: list[str]) -> str:
    """An addressbook-multiget (``kind`` "card") or calendar-multiget ("cal") body."""
    report = "addressbook-multiget" if kind == "card" else "calendar-multiget"
    data = "address-data" if kind == "card" else "calendar-data"
    hrefs = "".join(f"<d:href>{escape(p)}</d:href>" for p in paths)
    return (
        f'{_HEAD}<{kind}:{report} xmlns:d="{DAV}" xmlns:{kind}="{NS[kind]}">'
        f"<d:prop><d:getetag/><{kind}:{data}/></d:prop>{hrefs}</{kind}:{report}>"
    )


def mkcol_addressbook(name: str) -> str:
    return (
        f'{_HEAD}<d:mkcol xmlns:d="{DAV}" xmlns:card="{CARD}"><d:set><d:prop>'
        "<d:resourcetype><d:collection/><card:addressbook/></d:resourcetype>"
        f"<d:displayname>{escape(name)}</d:displayname>"
        "</d:prop></d:set></d:mkcol>"
    )


def mkcalendar(name: str, components: tuple[str, ...]) -> str:
    comps = "".join(f'<cal:comp name="{c}"/>' for c in components)
    return (
        f'{_HEAD}<cal:mkcalendar xmlns:d="{DAV}" xmlns:cal="{CAL}"><d:set><d:prop>'
        f"<d:displayname>{escape(name)}</d:displayname>"
        f"<cal:supported-calendar-component-set>{comps}</cal:supported-calendar-component-set>"
        "</d:prop></d:set></cal:mkcalendar>"
    )


@dataclass
class Response:
    """One ``d:response`` of a multistatus: its href (a path), status and properties
    found (200), by Clark name ("{DAV:}getetag") to the element."""

    href: str
    status: int = 200
    props: dict[str, ET.Element] = field(default_factory=dict)

    def text(self, name: str) -> str:
        element = self.props.get(name)
        return (element.text or "").strip() if element is not None else ""

    def hrefs(self, name: str) -> list[str]:
        element = self.props.get(name)
        if element is None:
            return []
        return [(h.text or "").strip() for h in element.iter(f"{{{DAV}}}href") if h.text]


@dataclass
class Multistatus:
    responses: list[Response]
    sync_token: str | None = None


def _status_code(element: ET.Element | None) -> int:
    if element is None or not element.text:
        return 200
    parts = element.text.split()
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 500


PIECE = 64 * 1024
"""The most of a body the XML parser is handed at once. A parse is one C call that holds
the GIL throughout: a whole listing of 20,000 journal entries (6 MB) in one call held it
for 100-150 ms, and the window's GUI thread, which needs it for every event, stalled that
long (bench/sync_stall.py). A piece takes a millisecond or two; between two, the GUI
thread gets its turn."""


def parse_multistatus(body: bytes) -> Multistatus:
    """A 207 answer's responses. Raises ``ValueError`` for XML that is not one."""
    root = _parse(body)
    if root.tag != f"{{{DAV}}}multistatus":
        raise ValueError(f"the server answered {root.tag} where a multistatus belongs")
    out = [_response(resp) for resp in root.findall("d:response", NS)]
    token = root.findtext("d:sync-token", None, NS)
    return Multistatus(out, token.strip() if token else None)


def _parse(body: bytes) -> ET.Element:
    """The body's tree, parsed a ``PIECE`` at a time (each piece one call)."""
    parser = ET.XMLParser()
    view = memoryview(body)
    try:
        for start in range(0, len(view), PIECE):
            parser.feed(view[start : start + PIECE].tobytes())
        return parser.close()
    except ET.ParseError as exc:
        raise ValueError(f"the server's answer is not XML ({exc})") from exc


def _response(resp: ET.Element) -> Response:
    href = resp.findtext("d:href", "", NS).strip()
    entry = Response(href, _status_code(resp.find("d:status", NS)))
    for propstat in resp.findall("d:propstat", NS):
        if _status_code(propstat.find("d:status", NS)) != 200:
            continue
        prop = propstat.find("d:prop", NS)
        for child in prop if prop is not None else ():
            entry.props[child.tag] = child
    return entry


def has_error(body: bytes, name: str) -> bool:
    """True when a ``d:error`` body names the precondition ``name`` ("valid-sync-token")."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        return False
    return any(child.tag.endswith(f"}}{name}") for child in root.iter())


def is_collection_of(response: Response, kind: str) -> bool:
    """Whether a PROPFIND response is an address book ("card") or calendar ("cal")."""
    rtype = response.props.get(f"{{{DAV}}}resourcetype")
    if rtype is None:
        return False
    wanted = f"{{{CARD}}}addressbook" if kind == "card" else f"{{{CAL}}}calendar"
    return any(child.tag == wanted for child in rtype)


def components(response: Response) -> tuple[str, ...]:
    """The calendar components a calendar takes (VEVENT, VTODO, VJOURNAL)."""
    found = response.props.get(f"{{{CAL}}}supported-calendar-component-set")
    if found is None:
        return ()
    return tuple(c.get("name", "").upper() for c in found.findall("cal:comp", NS))


def absolute(base: str, href: str) -> str:
    return urljoin(base, href)


def same_path(a: str, b: str) -> bool:
    """Two hrefs (paths or URLs) name the same resource (percent-encoding aside)."""
    return unquote(urlsplit(a).path).rstrip("/") == unquote(urlsplit(b).path).rstrip("/")
