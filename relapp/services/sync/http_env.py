"""What the environment says about HTTP requests to a server (``HTTP_PROXY``,
``HTTPS_PROXY``, ``NO_PROXY``, ``REQUESTS_CA_BUNDLE``), worked out once per server.

``requests`` works these out again on every request of a session that trusts the
environment: it walks the whole environment twice (0.2-0.3 ms of CPU, a tenth of a PUT
on a first sync that is 100,000 PUTs). ``Environment`` asks ``requests`` the same
question, with its own rules, the first time a server is named, and the session then
takes the answer as given (``trust_env`` off: the session has its login, so
``requests`` would read no ``.netrc`` either)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import requests


class Environment:
    def __init__(self, session: requests.Session) -> None:
        self.session = session
        self.trusted = session.trust_env
        session.trust_env = False
        self.known: dict[tuple[str, str], dict[str, Any]] = {}

    def settings(self, url: str) -> dict[str, Any]:
        """The ``proxies`` and ``verify`` arguments of a request to ``url``."""
        parts = urlsplit(url)
        where = (parts.scheme, parts.netloc)
        found = self.known.get(where)
        if found is None:
            found = {"proxies": {}, "verify": self.session.verify}
            if self.trusted:
                self.session.trust_env = True
                try:
                    got = self.session.merge_environment_settings(url, {}, None, None, None)
                finally:
                    self.session.trust_env = False
                found = {"proxies": got["proxies"], "verify": got["verify"]}
            self.known[where] = found
        return found
