"""A small CardDAV/CalDAV client on ``requests``: discovery from a plain server URL
(RFC 6764 ``.well-known``, current-user-principal, the home sets), creating Relapp's
collections, incremental listing with ``sync-collection`` (RFC 6578) or, without a
token or with one the server forgot, a PROPFIND of every ETag, multiget, and writes
guarded by ``If-Match`` / ``If-None-Match: *`` (a 412 is a ``Conflict``).

Why ``requests`` and not ``caldav``'s client: CardDAV is half of the job and ``caldav``
has no address book support; what both need is a handful of WebDAV requests whose
headers (If-Match, If-None-Match, Depth) and failures Relapp must control exactly.
``requests`` is well kept, verifies TLS certificates with certifi by default, keeps
connections alive across a sync (the first sync of 10,000 cards is 10,000 PUTs), and
takes a (connect, read) timeout on every request.

Every failure is a ``DavError`` with a ``kind`` (offline, login, server, timeout,
protocol, conflict) and a message that says what and where, never a traceback.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests

from relapp.domain.i18n import _
from relapp.services.sync import davxml
from relapp.services.sync.davxml import CAL, CARD, DAV
from relapp.services.sync.http_env import Environment

TIMEOUT = (10.0, 60.0)  # seconds to connect, seconds between bytes of the answer
LISTING_READ_SECONDS = 1800.0
"""How long a request that looks at a whole collection (a listing: a PROPFIND of its
items' ETags, a sync-collection REPORT) may take to begin answering. A server looks at
every item before it writes the first byte (Radicale: each item's cache file, and again
for the token), however little changed. Measured here on Radicale under load 9-19
(bench/dav_listing.py, bench/sync_join.py): the full listing 99-108 s at 20,000 journal
entries, 139 s at 50,000, 443 s at 100,000 (a sync-collection REPORT without a token:
210 s, 480 s); one with nothing to report 23-38 s. With the 60 s of other requests a
device could not join such a collection (each retry began the same listing again). The
price: a server that goes silent in the middle of a listing (not one that is down or
refuses: that fails at once) is given up on after this long."""
MULTIGET_BATCH = 100
_MAX_REDIRECTS = 5
_USER_AGENT = "Relapp (CardDAV/CalDAV sync)"


class Failure(enum.StrEnum):
    OFFLINE = "offline"  # no connection: the server is down or unreachable
    LOGIN = "login"  # 401/403: the user name or password is refused
    SERVER = "server"  # 5xx
    TIMEOUT = "timeout"
    PROTOCOL = "protocol"  # an answer that is not what WebDAV says
    CONFLICT = "conflict"  # 412: someone else changed it first
    TOKEN = "token"  # the sync token is no longer valid
    EMPTIED = "emptied"  # everything Relapp synced is gone from the server at once


class DavError(Exception):
    def __init__(self, kind: Failure, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.status = status


@dataclass(frozen=True)
class Collection:
    url: str
    name: str
    components: tuple[str, ...] = ()  # a calendar's (VTODO, VJOURNAL, ...)


@dataclass(frozen=True)
class Listing:
    """What is in a collection (``full``) or changed since a token: hrefs (paths) with
    their ETags, hrefs deleted, and the token to give next time (None: the server has
    none)."""

    etags: dict[str, str]
    deleted: tuple[str, ...]
    token: str | None
    full: bool


@dataclass(frozen=True)
class Resource:
    href: str
    etag: str
    text: str


class DavClient:
    def __init__(
        self,
        url: str,
        user: str,
        password: str,
        *,
        timeout: tuple[float, float] = TIMEOUT,
        session: requests.Session | None = None,
    ) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise DavError(
                Failure.PROTOCOL,
                _("{url} is not an http:// or https:// address").format(url=repr(url)),
            )
        self.url = url if url.endswith("/") else url + "/"
        self.timeout = timeout
        self.session = session or requests.Session()
        self.session.auth = (user, password)
        self.session.headers["User-Agent"] = _USER_AGENT
        self.environment = Environment(self.session)  # proxies, CA bundle: once a server
        self.sent = 0  # requests made, for the summary
        self.requests_by_method: dict[str, int] = {}

    def close(self) -> None:
        self.session.close()

    # --- one request ------------------------------------------------------------------
    def request(
        self,
        method: str,
        url: str,
        *,
        body: str | None = None,
        headers: Mapping[str, str] | None = None,
        ok: Iterable[int] = (200, 201, 204, 207),
        listing: bool = False,
    ) -> requests.Response:
        """Send one request (following redirects with the same method); a status not in
        ``ok`` is a ``DavError``. A ``listing`` may take ``LISTING_READ_SECONDS``."""
        target = urljoin(self.url, url)
        sent_headers = dict(headers or {})
        if body is not None:
            sent_headers.setdefault("Content-Type", "application/xml; charset=utf-8")
        for _hop in range(_MAX_REDIRECTS + 1):
            response = self._send(method, target, body, sent_headers, listing)
            if response.status_code in (301, 302, 303, 307, 308) and "Location" in response.headers:
                location = urljoin(target, response.headers["Location"])
                if target.startswith("https:") and not location.startswith("https:"):
                    raise DavError(
                        Failure.PROTOCOL, _("{url} redirects to plain http").format(url=target)
                    )
                target = location
                continue
            break
        status = response.status_code
        if status in tuple(ok):
            return response
        raise self._error(method, target, response)

    def _send(
        self, method: str, url: str, body: str | None, headers: dict[str, str], listing: bool
    ) -> requests.Response:
        connect, read = self.timeout
        if listing:
            read = max(read, LISTING_READ_SECONDS)
        self.sent += 1
        self.requests_by_method[method] = self.requests_by_method.get(method, 0) + 1
        try:
            return self.session.request(
                method,
                url,
                data=body.encode() if body is not None else None,
                headers=headers,
                timeout=(connect, read),
                allow_redirects=False,
                **self.environment.settings(url),
            )
        except requests.exceptions.SSLError as exc:
            raise DavError(
                Failure.OFFLINE,
                _("the certificate of {host} could not be verified ({error})").format(
                    host=_host(url), error=exc
                ),
            ) from exc
        except requests.exceptions.Timeout as exc:
            raise DavError(
                Failure.TIMEOUT,
                _("{host} did not answer within {seconds} s").format(
                    host=_host(url), seconds=f"{read:.0f}"
                ),
            ) from exc
        except requests.exceptions.ConnectionError as exc:
            raise DavError(
                Failure.OFFLINE, _("could not reach {host}").format(host=_host(url))
            ) from exc
        except requests.exceptions.RequestException as exc:
            raise DavError(
                Failure.PROTOCOL,
                _("{request} failed: {error}").format(request=f"{method} {url}", error=exc),
            ) from exc

    def _error(self, method: str, url: str, response: requests.Response) -> DavError:
        status = response.status_code
        where = f"{method} {urlsplit(url).path}"
        if status == 401:
            return DavError(
                Failure.LOGIN,
                _("{host} refused the user name or password (401)").format(host=_host(url)),
                status,
            )
        if status in (403, 409, 412) and davxml.has_error(response.content, "valid-sync-token"):
            # RFC 6578 says 403; Xandikos answers 412.
            expired = _("{request}: the sync token expired").format(request=where)
            return DavError(Failure.TOKEN, expired, status)
        if status == 412:
            changed = _("{request}: changed on the server meanwhile").format(request=where)
            return DavError(Failure.CONFLICT, changed, status)
        if status == 403:
            refused = _("{request}: not allowed (403)").format(request=where)
            return DavError(Failure.LOGIN, refused, status)
        if status >= 500:
            trouble = _("{host} had a problem ({status})").format(
                host=_host(url), status=f"{status} {response.reason}"
            )
            return DavError(Failure.SERVER, trouble, status)
        answer = _("{request}: the server answered {status}").format(
            request=where, status=f"{status} {response.reason}"
        )
        return DavError(Failure.PROTOCOL, answer, status)

    def propfind(
        self, url: str, depth: str, *props: str, listing: bool = False
    ) -> davxml.Multistatus:
        body = davxml.propfind(*props)
        response = self.request(
            "PROPFIND", url, body=body, headers={"Depth": depth}, ok=(207,), listing=listing
        )
        return self._multistatus(response)

    def _multistatus(self, response: requests.Response) -> davxml.Multistatus:
        try:
            return davxml.parse_multistatus(response.content)
        except ValueError as exc:
            raise DavError(Failure.PROTOCOL, f"{response.url}: {exc}") from exc

    def absolute(self, href: str) -> str:
        return urljoin(self.url, href)

    # --- discovery --------------------------------------------------------------------
    def principal(self, kind: str) -> str:
        """The current user's principal URL, from the URL given or, failing that, from
        ``/.well-known/carddav`` (``kind`` "card") or ``caldav`` ("cal")."""
        name = "carddav" if kind == "card" else "caldav"
        problems: list[str] = []
        for start in (self.url, f"/.well-known/{name}"):
            try:
                found = self.propfind(start, "0", "d:current-user-principal")
            except DavError as exc:
                if exc.kind is Failure.PROTOCOL:
                    problems.append(str(exc))
                    continue
                raise
            for response in found.responses:
                hrefs = response.hrefs(f"{{{DAV}}}current-user-principal")
                if hrefs:
                    return self.absolute(hrefs[0])
        if problems:
            none = _("{url} offers no {name} account to this login ({problem})").format(
                url=self.url, name=name, problem=problems[0]
            )
        else:
            none = _("{url} offers no {name} account to this login").format(url=self.url, name=name)
        raise DavError(Failure.PROTOCOL, none)

    def home(self, kind: str) -> str:
        """The address-book home (``kind`` "card") or calendar home ("cal")."""
        principal = self.principal(kind)
        prop = "card:addressbook-home-set" if kind == "card" else "cal:calendar-home-set"
        clark = (
            f"{{{CARD}}}addressbook-home-set" if kind == "card" else (f"{{{CAL}}}calendar-home-set")
        )
        for response in self.propfind(principal, "0", prop).responses:
            hrefs = response.hrefs(clark)
            if hrefs:
                return self.absolute(hrefs[0])
        missing = _("{principal} names no {property}").format(
            principal=principal, property=prop.split(":")[1]
        )
        raise DavError(Failure.PROTOCOL, missing)

    def collections(self, home: str, kind: str) -> list[Collection]:
        found = self.propfind(
            home, "1", "d:resourcetype", "d:displayname", "cal:supported-calendar-component-set"
        )
        return [
            Collection(
                self.absolute(r.href),
                r.text(f"{{{DAV}}}displayname"),
                davxml.components(r) if kind == "cal" else (),
            )
            for r in found.responses
            if davxml.is_collection_of(r, kind)
        ]

    def make_collection(
        self, url: str, kind: str, name: str, components: tuple[str, ...] = ()
    ) -> str:
        """Create an address book (``kind`` "card") or calendar at ``url``."""
        if kind == "card":
            self.request("MKCOL", url, body=davxml.mkcol_addressbook(name), ok=(201,))
        else:
            self.request("MKCALENDAR", url, body=davxml.mkcalendar(name, components), ok=(201,))
        return self.absolute(url)

    # --- listing ----------------------------------------------------------------------
    def changes_since(self, url: str, token: str | None) -> Listing:
        """What changed since ``token`` (sync-collection); everything with its ETag when
        there is no token, the token expired, or the server has no sync-collection."""
        if token:
            try:
                return self._sync_collection(url, token)
            except DavError as exc:
                if exc.kind is not Failure.TOKEN and exc.status not in (400, 403, 404, 501):
                    raise
        return self.list_all(url)

    def _sync_collection(self, url: str, token: str) -> Listing:
        body = davxml.sync_collection(token)
        response = self.request(
            "REPORT", url, body=body, headers={"Depth": "0"}, ok=(207,), listing=True
        )
        found = self._multistatus(response)
        etags: dict[str, str] = {}
        deleted: list[str] = []
        for r in found.responses:
            if davxml.same_path(r.href, url):
                continue
            if r.status == 404:
                deleted.append(r.href)
            elif etag := r.text(f"{{{DAV}}}getetag"):
                etags[r.href] = etag
        return Listing(etags, tuple(deleted), found.sync_token, full=False)

    def list_all(self, url: str) -> Listing:
        """Every item of the collection with its ETag, and the current token (if any).
        (Asking the token apart, first, then only the ETags, was no faster on Radicale:
        99-108 s against 99 s at 20,000 journal entries, interleaved; bench/sync_join.py.)"""
        found = self.propfind(url, "1", "d:getetag", "d:resourcetype", "d:sync-token", listing=True)
        etags: dict[str, str] = {}
        token = None
        for r in found.responses:
            if davxml.same_path(r.href, url):
                token = r.text(f"{{{DAV}}}sync-token") or None
                continue
            etag = r.text(f"{{{DAV}}}getetag")
            if etag:
                etags[r.href] = etag
        return Listing(etags, (), token, full=True)

    def fetch(self, url: str, kind: str, hrefs: Iterable[str]) -> Iterator[Resource]:
        """The items at ``hrefs`` with their ETags (multiget, a batch at a time, so
        memory does not grow with the collection)."""
        wanted = list(hrefs)
        data = f"{{{CARD}}}address-data" if kind == "card" else f"{{{CAL}}}calendar-data"
        for start in range(0, len(wanted), MULTIGET_BATCH):
            body = davxml.multiget(kind, wanted[start : start + MULTIGET_BATCH])
            response = self.request("REPORT", url, body=body, headers={"Depth": "1"}, ok=(207,))
            for r in self._multistatus(response).responses:
                text = r.props.get(data)
                if r.status == 200 and text is not None and text.text:
                    yield Resource(r.href, r.text(f"{{{DAV}}}getetag"), text.text)

    # --- writing ----------------------------------------------------------------------
    def put(self, href: str, text: str, content_type: str, *, etag: str | None) -> str | None:
        """Write an item: a new one (``etag`` None: ``If-None-Match: *``, so a second
        try after a crash never makes two) or a change of the version ``etag``. Returns
        the new ETag when the server gives one. 412: ``DavError`` of kind CONFLICT."""
        headers = {"Content-Type": f"{content_type}; charset=utf-8"}
        headers["If-Match" if etag else "If-None-Match"] = etag or "*"
        response = self.request("PUT", href, body=text, headers=headers, ok=(200, 201, 204))
        return response.headers.get("ETag")

    def delete(self, href: str, etag: str | None) -> None:
        """Delete an item (only the version ``etag``); one already gone is fine."""
        headers = {"If-Match": etag} if etag else {}
        self.request("DELETE", href, headers=headers, ok=(200, 204, 404))


def _host(url: str) -> str:
    return urlsplit(url).netloc or url
