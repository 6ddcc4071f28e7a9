"""Qt fixtures: a background runner that is drained after each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from relapp.ui.tasks import TaskRunner


@pytest.fixture
def runner(qapp) -> Iterator[TaskRunner]:
    task_runner = TaskRunner()
    yield task_runner
    task_runner.wait()
    qapp.processEvents()
