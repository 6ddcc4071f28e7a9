"""A background task can say how far it is; the GUI thread hears it, throttled."""

from __future__ import annotations

import threading

from relapp.ui.tasks import Report, TaskRunner


def test_progress_reaches_the_gui_thread_and_the_last_step_always_arrives(
    qtbot, runner: TaskRunner
) -> None:
    heard: list[tuple[int, int]] = []
    signalled: list[tuple[int, int, int]] = []
    threads: set[int] = set()
    runner.progress.connect(lambda task, done, total: signalled.append((task, done, total)))
    results: list[str] = []

    def work(report: Report) -> str:
        for done in range(1, 10_001):
            report(done, 10_000)  # far more often than anyone can see
        return "done"

    def on_progress(done: int, total: int) -> None:
        threads.add(threading.get_ident())
        heard.append((done, total))

    task = runner.submit_with_progress(work, results.append, None, on_progress)
    qtbot.waitUntil(lambda: results == ["done"])
    assert heard[-1] == (10_000, 10_000)
    assert len(heard) < 1_000  # throttled
    assert threads == {threading.get_ident()}  # delivered on the GUI thread
    assert signalled[-1] == (task, 10_000, 10_000)


def test_a_failing_task_with_progress_reports_its_error(qtbot, runner: TaskRunner) -> None:
    errors: list[BaseException] = []

    def work(report: Report) -> None:
        report(1, 2)
        raise ValueError("broken")

    runner.submit_with_progress(work, None, errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert str(errors[0]) == "broken" and runner.idle


def test_plain_tasks_work_as_before(qtbot, runner: TaskRunner) -> None:
    results: list[int] = []
    runner.submit(lambda: 41 + 1, results.append)
    qtbot.waitUntil(lambda: results == [42])


def test_after_wait_the_next_turn_of_the_event_loop_hands_results_on(qapp) -> None:
    runner = TaskRunner()
    results: list[int] = []
    runner.submit(lambda: 7, results.append)
    assert runner.wait(5000)
    qapp.processEvents()  # no waiting for the delivery timer's next tick
    assert results == [7] and runner.idle


def test_a_result_is_handed_on_when_it_is_ready_not_at_the_next_poll(qapp, monkeypatch) -> None:
    """The worker wakes the GUI thread as a task ends (a search result reaches the
    window at once, not up to a poll interval later): with the poll made 10 s long,
    the result still arrives within a second."""
    import time

    from PySide6.QtCore import QEventLoop

    from relapp.ui import tasks

    monkeypatch.setattr(tasks, "POLL_INTERVAL_MS", 10_000)
    runner = TaskRunner()
    results: list[int] = []
    runner.submit(lambda: 7, results.append)
    deadline = time.monotonic() + 1.0
    while not results and time.monotonic() < deadline:
        qapp.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
    assert results == [7] and runner.idle
    runner.wait()
