"""Issue 13's "Must show": the four stories on the demo database, in the real app under a
real X server with a tray, as screenshots to look at (tests/e2e/artifacts/story-*.png)
and as the terminal tells the same data afterwards.

The data folder is prepared through the services before the app starts, so every scene
is the same on every run: the demo database, with Priya's late promise snoozed for three
hours and a person added just now.

(a) Dan Whitaker's brief: "Introduced by Carol Roth", years and many contacts later.
(b) Priya's snoozed promise: snoozed on her page (brief and promise row), in Due and
    not in Today; ``relapp due --json`` and ``relapp show --json`` agree.
(c) Nora Newman, added just now: health "new", no red score and no line on the chart.
(d) Priya avoids calls: choosing Call in the log dialog (Ctrl+L) and in the New Promise
    dialog (Ctrl+Shift+P) offers "Use email instead".
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.e2e.screen import Screen
from tests.e2e.xserver import XServer, xserver

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
SNOOZE = timedelta(hours=3)
NEWCOMER = "Nora Newman"


def prepare(folder: Path) -> None:
    """The demo database in ``folder``, Priya's late promise snoozed, a newcomer added."""
    from relapp.demo.build import build_demo
    from relapp.domain.model import PersonDraft
    from relapp.services import people, promises
    from relapp.storage import open_database

    folder.mkdir(parents=True, exist_ok=True)
    db = open_database(folder / "relapp.sqlite3", backups_dir=folder / "backups")
    try:
        build_demo(db)
        now = datetime.now(UTC)
        priya = people.list_people(db, "Priya Nair")[0]
        late = [e for e in promises.open_promises_for(db, priya) if e.promise.due_at < now]
        assert late, "the demo should owe Priya something late (story 3)"
        for entry in late:
            promises.snooze_promise(db, entry.id, SNOOZE, now=now)
        people.add_person(db, PersonDraft(NEWCOMER, met_how="Met at the school fair today"))
    finally:
        db.close()


def cli(folder: Path, *args: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "relapp", "--data-dir", str(folder), *args, "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode in (0, 4), done.stderr  # 4: something needs attention
    return json.loads(done.stdout)


def key(x: XServer, window: str, *keys: str) -> None:
    """Keys to the main window (with no window manager, focus does not come back to it
    by itself when a dialog closes)."""
    x.run("xdotool", "windowfocus", "--sync", window)
    x.run("xdotool", "key", *keys)


def open_person(x: XServer, screen: Screen, window: str, query: str, shot: str) -> Path:
    """Search for ``query``, Return opens the person: the picture once the page is drawn."""
    key(x, window, "ctrl+f")
    x.run("xdotool", "key", "ctrl+a")
    x.run("xdotool", "type", "--delay", "30", query)
    typed = screen.settle(still=0.8, what=f"the list searched for {query!r}")
    x.run("xdotool", "key", "Return")
    screen.settle(typed, still=1.0, what=f"the page of {query!r}")
    return x.screenshot(shot)


def wait_until_started(folder: Path, app: subprocess.Popen[bytes], timeout: float = 60) -> None:
    """Until the app has installed its features (after the first paint: the Due and
    Today tabs, Ctrl+F, Ctrl+L) and listens for later launches, which it does right
    after (relapp.ui.app's ``started``): its socket is there."""
    from relapp.ui.single_instance import server_name

    name = server_name(folder)
    if not name:
        return  # no private folder for a socket: the screen settling has to do
    deadline = time.monotonic() + timeout
    while not Path(name).exists():
        assert app.poll() is None, "the app exited early"
        assert time.monotonic() < deadline, f"the app did not start within {timeout:.0f} s"
        time.sleep(0.1)


def test_the_four_stories_on_the_demo(tmp_path: Path) -> None:
    """Each scene is pictured once what its keys changed has been drawn and has stayed
    the same for a moment (tests/e2e/screen.py), not after fixed sleeps (20 s of them)."""
    folder = tmp_path / "data"
    prepare(folder)
    with xserver("1280x860") as x:
        env = {**x.env, "PYTHONPATH": str(ROOT)}
        app = subprocess.Popen(
            [sys.executable, "-m", "relapp", "--data-dir", str(folder)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        shots: list[Path] = []
        screen = Screen(x.display)
        try:
            window = x.wait_for_window("Relapp", timeout=60)
            wait_until_started(folder, app)
            screen.settle(still=1.0, what="the main window")
            x.run("xdotool", "windowfocus", "--sync", window)

            # (a) story 1: the introduction stays in Dan's brief, whatever came since.
            shots.append(open_person(x, screen, window, "dan whitaker", "story-1-introduction.png"))

            # (b) story 3: Priya's snoozed promise on her page ...
            shots.append(open_person(x, screen, window, "priya", "story-2-snoozed-person.png"))

            # (d) ... and her wish: no calls. The log dialog, Call chosen by keyboard.
            before = screen.pixels()
            key(x, window, "ctrl+l")
            x.wait_for_window("Log Interaction", timeout=30)
            shown = screen.settle(before, what="the Log Interaction dialog")
            x.run("xdotool", "key", "alt+c")
            x.run("xdotool", "type", "Call")
            avoided = screen.settle(shown, what="Call chosen in the log dialog")
            shots.append(x.screenshot("story-4-log-avoided.png"))
            x.run("xdotool", "key", "alt+e")  # "Use email instead"
            screen.settle(avoided, what="email chosen instead")
            shots.append(x.screenshot("story-4-log-used-email.png"))
            x.run("xdotool", "key", "Escape")
            x.wait_for_no_window("Log Interaction")
            before = screen.settle(what="the log dialog closed")

            # The New Promise dialog: it starts on email, Call chosen by keyboard.
            key(x, window, "ctrl+shift+p")
            x.wait_for_window("New Promise", timeout=30)
            shown = screen.settle(before, what="the New Promise dialog")
            shots.append(x.screenshot("story-4-promise-default.png"))
            x.run("xdotool", "key", "alt+h")
            x.run("xdotool", "type", "Call")
            screen.settle(shown, what="Call chosen in the promise dialog")
            shots.append(x.screenshot("story-4-promise-avoided.png"))
            x.run("xdotool", "key", "Escape")
            screen.settle(what="the first Escape")
            x.run("xdotool", "key", "Escape")
            x.wait_for_no_window("New Promise")
            before = screen.settle(what="the promise dialog closed")

            # (b) the same promise in the Due tab and (not) in Today.
            key(x, window, "ctrl+f")
            x.run("xdotool", "key", "ctrl+Tab")
            due = screen.settle(before, what="the Due tab")
            shots.append(x.screenshot("story-2-due.png"))
            x.run("xdotool", "key", "ctrl+Tab")
            today = screen.settle(due, what="the Today tab")
            shots.append(x.screenshot("story-2-today.png"))
            x.run("xdotool", "key", "ctrl+Tab")
            screen.settle(today, what="the People tab")

            # (c) a person just added: "new", not a red score.
            shots.append(open_person(x, screen, window, "newman", "story-new-person.png"))

            for shot in shots:
                assert x.colour_spread(shot) > 0.05, f"{shot.name} looks blank"
            for before, after in itertools.pairwise(shots):
                assert x.differs(before, after), f"{after.name} shows the same as {before.name}"
            assert app.poll() is None, "the app exited early"
        finally:
            screen.close()
            app.terminate()
            output, _ = app.communicate(timeout=15)
        assert b"Traceback" not in output, output.decode(errors="replace")

    # What the window showed, the terminal says from the same folder.
    due = cli(folder, "due")
    snoozed = [p for group in due.values() for p in group if p["name"] == "Priya Nair"]
    assert snoozed and all(p["state"] == "snoozed" for p in snoozed), snoozed
    assert not any(p["name"] == "Priya Nair" for p in due["overdue"])
    priya = cli(folder, "show", "Priya Nair")
    assert {p["state"] for p in priya["promises"] if p["promiser"] == "me"} == {"snoozed"}
    you_owe = next(line for line in priya["brief"] if line["key"] == "you_owe")
    assert "snoozed" in you_owe["text"] and not you_owe["warn"], you_owe
    assert not any("broken or overdue" in f for f in priya["health"]["factors"])
    today = cli(folder, "today")
    assert not any(
        r["reason"] == "promise_mine" and r["name"] == "Priya Nair" for r in today["rows"]
    )
    dan = cli(folder, "show", "Dan Whitaker")
    intro = [i for i in dan["introductions"] if i["group"] == "introduced_to_you_by"]
    assert intro and intro[0]["people"][0]["name"] == "Carol Roth", dan["introductions"]
    assert len(dan["last_contacts"]) >= 3
    newcomer = cli(folder, "show", NEWCOMER)
    assert newcomer["health"]["band"] == "new", newcomer["health"]
