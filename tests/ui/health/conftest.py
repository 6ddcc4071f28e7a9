"""The health feature of the shared main window (``tests/ui/conftest.py``)."""

from __future__ import annotations

import pytest

from relapp.ui.health.feature import HealthFeature
from relapp.ui.main_window import MainWindow


@pytest.fixture
def feature(window: MainWindow) -> HealthFeature:
    return window.features.get(HealthFeature)
