"""A tiny local HTTP server for the failures a real server has: every request answered
500, or never answered in time, or (as a proxy in front of Radicale) PUTs refused with
503 after the first few, or every request passed on after a delay (a slow network), or
listings passed on after a longer one (a large collection)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests

_HOP_BY_HOP = ("content-length", "transfer-encoding", "connection", "content-encoding")
METHODS = ("GET", "PUT", "DELETE", "PROPFIND", "REPORT", "MKCOL", "MKCALENDAR", "OPTIONS")


def is_listing(method: str, depth: str | None, body: bytes | None) -> bool:
    """A request a server answers by looking at every item of a collection: a PROPFIND
    of Depth 1 asking their ETags, one asking the sync token, a sync-collection REPORT."""
    text = body or b""
    if method == "PROPFIND":
        return (depth == "1" and b"getetag" in text) or b"sync-token" in text
    return method == "REPORT" and b"sync-collection" in text


def _handler(
    mode: str, upstream: str, puts_allowed: int, delay: float, listing_delay: float = 0.0
) -> type[BaseHTTPRequestHandler]:
    state = {"puts": 0}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _any(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            if mode == "500":
                self._answer(500, b"Internal Server Error")
            elif mode == "slow":
                time.sleep(3)
                self._answer(207, b"")
            else:  # a proxy in front of the real server
                time.sleep(delay)
                if listing_delay and is_listing(self.command, self.headers.get("Depth"), body):
                    time.sleep(listing_delay)
                if self.command == "PUT" and puts_allowed >= 0:
                    state["puts"] += 1
                    if state["puts"] > puts_allowed:
                        self._answer(503, b"Service Unavailable")
                        return
                headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
                got = requests.request(
                    self.command, upstream + self.path, data=body, headers=headers, timeout=10
                )
                self.send_response(got.status_code)
                for key, value in got.headers.items():
                    if key.lower() not in _HOP_BY_HOP:
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(got.content)))
                self.end_headers()
                self.wfile.write(got.content)

        def _answer(self, status: int, body: bytes) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except OSError:
                pass  # the client gave up waiting

    for method in METHODS:
        setattr(Handler, f"do_{method}", Handler._any)
    return Handler


@contextmanager
def fault_server(
    mode: str,
    upstream: str = "",
    puts_allowed: int = 0,
    delay: float = 0.0,
    listing_delay: float = 0.0,
) -> Iterator[str]:
    """The URL of a server that fails as ``mode`` says ("500", "slow", "proxy"). A proxy
    refuses PUTs after ``puts_allowed`` (-1: never), waits ``delay`` seconds before
    passing each request on, and ``listing_delay`` more before a listing (as a server
    that looks at every item of a large collection before it answers)."""
    handler = _handler(mode, upstream, puts_allowed, delay, listing_delay)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
