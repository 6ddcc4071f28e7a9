"""The merging feature of the shared main window (``tests/ui/conftest.py``)."""

from __future__ import annotations

import pytest

from relapp.ui.main_window import MainWindow
from relapp.ui.merging.feature import MergingFeature


@pytest.fixture
def feature(window: MainWindow) -> MergingFeature:
    return window.features.get(MergingFeature)
