"""The DAV client reads the environment's HTTP settings (``HTTP_PROXY``/``NO_PROXY``,
``REQUESTS_CA_BUNDLE``) once per server it talks to, not once per request: a first sync
of 100,000 history entries is 100,000 PUTs, and ``requests`` read the whole environment
twice on each (0.2-0.3 ms of CPU, a tenth of a PUT). The settings still count: a proxy
named there is used, ``NO_PROXY`` still bypasses it."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from relapp.services.sync.dav import DavClient, DavError, Failure
from tests.dav_server import Account, free_port

CARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{uid}\r\nFN:{uid}\r\nN:;{uid};;;\r\nEND:VCARD\r\n"


def no_proxy_here(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


def test_the_environment_is_read_once_per_server_not_per_request(
    account: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    no_proxy_here(monkeypatch)
    reads = [0]
    original = requests.sessions.get_environ_proxies

    def counted(*args: Any, **kwargs: Any) -> Any:
        reads[0] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(requests.sessions, "get_environ_proxies", counted)
    client = DavClient(account.url, account.user, account.password)
    try:
        home = client.home("card")
        book = client.make_collection(home + "relapp-people/", "card", "Relapp")
        for i in range(20):
            assert client.put(f"{book}c{i}.vcf", CARD.format(uid=f"c{i}"), "text/vcard", etag=None)
    finally:
        client.close()
    assert client.sent > 20
    assert reads[0] <= 1, reads[0]  # before: once a request (26)


def test_a_proxy_in_the_environment_is_still_used_and_no_proxy_still_bypasses_it(
    account: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    no_proxy_here(monkeypatch)
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{free_port()}")  # nobody listens
    client = DavClient(account.url, account.user, account.password)
    try:
        with pytest.raises(DavError) as failed:
            client.home("card")
        assert failed.value.kind is Failure.OFFLINE
    finally:
        client.close()
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    client = DavClient(account.url, account.user, account.password)
    try:
        assert client.home("card").startswith(account.url)
    finally:
        client.close()
