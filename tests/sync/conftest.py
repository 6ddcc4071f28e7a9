"""Fixtures of the sync tests: one real Radicale for the session, a fresh login (so a
fresh, empty set of collections) per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.dav_server import Account, Radicale


@pytest.fixture(scope="session")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Radicale]:
    server = Radicale(tmp_path_factory.mktemp("radicale"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def account(radicale: Radicale) -> Account:
    return radicale.new_account()
