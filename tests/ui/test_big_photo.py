"""A 4096 x 4096 photo is decoded off the GUI thread, at display size (issue 12 item 7).

It was decoded whole on the GUI thread for about a second every time the person opened.
Opening such a person now returns at once (the initials show), the GUI thread keeps
ticking, and the photo appears when the worker has decoded it. Before: set_person took
1,190 ms and opening the person 1,320 ms.

No wall-clock budget (on two shared cores a wall-clock gap also holds the time other
processes had them): the decoding is seen to run on another thread, and what the GUI
thread itself spends (``time.thread_time``) is held to the budget.
"""

from __future__ import annotations

import threading
import time
from functools import cache

import pytest
from PySide6.QtCore import QBuffer, QIODevice, QTimer
from PySide6.QtGui import QColor, QImage, QPainter

from relapp.domain.model import PersonDraft
from relapp.paths import AppPaths
from relapp.services import people
from relapp.storage import Database
from relapp.ui.app import open_window
from relapp.ui.tasks import TaskRunner
from relapp.ui.widgets import avatar as avatar_module
from relapp.ui.widgets.avatar import Avatar

SIDE = 4096
BLOCK_MS = 50


@cache
def big_photo(fmt: str) -> bytes:
    """A 4096 x 4096 picture with detail in it (so it does not compress to nothing)."""
    image = QImage(SIDE, SIDE, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    for i in range(0, SIDE, 16):
        painter.setPen(QColor((i * 7) % 256, (i * 13) % 256, (i * 29) % 256))
        painter.drawLine(0, i, SIDE, SIDE - i)
        painter.drawLine(i, 0, SIDE - i, SIDE)
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, fmt, 90)
    return bytes(buffer.data())


@pytest.fixture
def decoded_on(monkeypatch) -> list[int]:
    """The threads photos are decoded on."""
    threads: list[int] = []
    decode = avatar_module.decode_photo

    def noted(*args, **kwargs):
        threads.append(threading.get_ident())
        return decode(*args, **kwargs)

    monkeypatch.setattr(avatar_module, "decode_photo", noted)
    monkeypatch.setattr(avatar_module, "_CACHE", avatar_module._DecodedPhotos())  # decoded anew
    return threads


def test_setting_a_big_photo_returns_at_once_and_the_photo_appears(
    qtbot, decoded_on: list[int]
) -> None:
    for fmt in ("JPEG", "PNG"):
        avatar = Avatar(64)
        qtbot.addWidget(avatar)
        data = big_photo(fmt)
        cpu = time.thread_time()
        avatar.set_person("Ada Lovelace", data)
        cpu_ms = (time.thread_time() - cpu) * 1000
        assert cpu_ms < BLOCK_MS, f"{fmt}: set_person took {cpu_ms:.0f} ms of the GUI thread"
        qtbot.waitUntil(avatar.has_photo, timeout=15_000)
        assert avatar.photo_size().width() <= 2 * 64 * 2  # decoded near display size
    assert decoded_on and threading.get_ident() not in decoded_on


def test_opening_a_person_with_a_big_photo_keeps_the_gui_thread_free(
    qtbot, db: Database, paths: AppPaths, runner: TaskRunner, decoded_on: list[int]
) -> None:
    ada = people.add_person(db, PersonDraft("Ada Lovelace", photo=big_photo("JPEG")))
    bo = people.add_person(db, PersonDraft("Bo Brown"))
    window = open_window(db, paths, runner=runner)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.list_loaded)
    # Someone without a photo first: what the first page loads once (the chart's
    # library) is not what is measured here.
    window.open_person(bo.id)
    qtbot.waitUntil(lambda: window.page.person is not None and window.page.person.id == bo.id)
    runner.wait()
    qtbot.wait(200)

    gaps: list[float] = []  # the GUI thread's own CPU time between two ticks
    last = [time.thread_time()]

    def tick() -> None:
        now = time.thread_time()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    timer.start()
    qtbot.wait(50)
    decoded_on.clear()
    last[0] = time.thread_time()
    cpu = time.thread_time()
    window.open_person(ada.id)
    open_ms = (time.thread_time() - cpu) * 1000
    qtbot.waitUntil(lambda: window.page.avatar.has_photo(), timeout=15_000)
    qtbot.wait(30)
    timer.stop()

    assert window.page.person is not None and window.page.person.id == ada.id
    assert decoded_on and threading.get_ident() not in decoded_on
    assert open_ms < 4 * BLOCK_MS, f"opening took {open_ms:.0f} ms of the GUI thread"
    # The page's own work (history, chart) is the GUI thread's too: the photo's share is
    # checked strictly above (set_person under 50 ms); here, that nothing near the second
    # a full decode took is the GUI thread's between two ticks.
    worst = max(gaps) * 1000
    assert worst < 6 * BLOCK_MS, f"the GUI thread worked {worst:.0f} ms between two ticks"
