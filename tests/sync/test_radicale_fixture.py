"""The test server itself: it answers, refuses a wrong password, and keeps each test's
login apart."""

from __future__ import annotations

import requests

from tests.dav_server import Account


def test_radicale_answers_a_login_and_refuses_a_wrong_password(account: Account) -> None:
    ok = requests.request("PROPFIND", account.url, auth=(account.user, account.password), timeout=5)
    assert ok.status_code == 207
    wrong = requests.request("PROPFIND", account.url, auth=(account.user, "nope"), timeout=5)
    assert wrong.status_code == 401
