"""The backups tests wait for the start-up check of the database: it starts at once
here instead of ``DatabaseGuard.START_CHECK_DELAY_MS`` after the features install."""

from __future__ import annotations

import pytest

from relapp.ui.backups.feature import DatabaseGuard


@pytest.fixture(autouse=True)
def check_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(DatabaseGuard, "START_CHECK_DELAY_MS", 0)
