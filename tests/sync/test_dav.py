"""The DAV client against a real Radicale: discovery, collections, conditional writes,
incremental listing and its fallback."""

from __future__ import annotations

import pytest

from relapp.services.sync.dav import DavClient, DavError, Failure
from tests.dav_server import Account

CARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{uid}\r\nFN:{name}\r\nN:;{name};;;\r\nEND:VCARD\r\n"
VCARD = "text/vcard"


@pytest.fixture
def client(account: Account) -> DavClient:
    return DavClient(account.url, account.user, account.password)


def book(client: DavClient) -> str:
    home = client.home("card")
    return client.make_collection(home + "relapp-people/", "card", "Relapp")


def test_discovery_finds_the_homes_and_a_created_address_book(
    client: DavClient, account: Account
) -> None:
    home = client.home("card")
    assert home.startswith(account.url) and account.user in home
    assert client.home("cal").startswith(account.url)
    url = book(client)
    found = client.collections(home, "card")
    assert [c.url for c in found] == [url] and found[0].name == "Relapp"
    cal = client.make_collection(client.home("cal") + "relapp-promises/", "cal", "P", ("VTODO",))
    (calendar,) = client.collections(client.home("cal"), "cal")
    assert calendar.url == cal and "VTODO" in calendar.components


def test_a_new_item_is_written_once_and_a_stale_write_is_a_conflict(client: DavClient) -> None:
    url = book(client)
    href = url + "a.vcf"
    etag = client.put(href, CARD.format(uid="a", name="Ada"), VCARD, etag=None)
    assert etag
    with pytest.raises(DavError) as again:  # If-None-Match: * -- never two
        client.put(href, CARD.format(uid="a", name="Ada"), VCARD, etag=None)
    assert again.value.kind is Failure.CONFLICT
    newer = client.put(href, CARD.format(uid="a", name="Ada L"), VCARD, etag=etag)
    with pytest.raises(DavError) as stale:
        client.put(href, CARD.format(uid="a", name="Ada X"), VCARD, etag=etag)
    assert stale.value.kind is Failure.CONFLICT
    with pytest.raises(DavError) as gone:
        client.delete(href, etag)
    assert gone.value.kind is Failure.CONFLICT
    client.delete(href, newer)
    assert client.list_all(url).etags == {}


def test_changes_since_a_token_and_the_fallback_when_it_is_invalid(client: DavClient) -> None:
    url = book(client)
    first = client.list_all(url)
    assert first.full and first.token
    a = client.put(url + "a.vcf", CARD.format(uid="a", name="Ada"), VCARD, etag=None)
    b = client.put(url + "b.vcf", CARD.format(uid="b", name="Bo"), VCARD, etag=None)
    listing = client.changes_since(url, first.token)
    assert not listing.full
    assert sorted(h.rsplit("/", 1)[1] for h in listing.etags) == ["a.vcf", "b.vcf"]
    client.delete(url + "a.vcf", a)
    later = client.changes_since(url, listing.token)
    assert [h.rsplit("/", 1)[1] for h in later.deleted] == ["a.vcf"]
    fallback = client.changes_since(url, "http://radicale.org/ns/sync/not-a-token")
    assert fallback.full and [h.rsplit("/", 1)[1] for h in fallback.etags] == ["b.vcf"]
    (got,) = client.fetch(url, "card", fallback.etags)
    assert "FN:Bo" in got.text and got.etag == b


def test_a_wrong_password_is_a_login_failure(account: Account) -> None:
    client = DavClient(account.url, account.user, "wrong")
    with pytest.raises(DavError) as caught:
        client.home("card")
    assert caught.value.kind is Failure.LOGIN
    assert "refused the user name or password" in str(caught.value)


def test_a_server_that_is_down_is_offline() -> None:
    from tests.dav_server import free_port

    client = DavClient(f"http://127.0.0.1:{free_port()}/", "u", "p")
    with pytest.raises(DavError) as caught:
        client.home("card")
    assert caught.value.kind is Failure.OFFLINE
