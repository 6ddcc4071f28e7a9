"""What a user sees when the process or its surroundings go wrong: a message and an exit
code, never a traceback, and nothing stored lost (issue 12, items 6 and 7).

Every test runs ``python -m relapp`` as a separate process. Exit codes: 0 done, 1 nothing
done, 2 usage, 3 another program holds the folder or the database, 4 the database or its
folder needs attention."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from tests.process_helpers import (
    PY,
    ROOT,
    cards,
    environment,
    make_read_only_fixture,  # noqa: F401 (the fixture make_read_only)
    people_in,
    quick_check,
    relapp,
    tiny_disk_fixture,  # noqa: F401 (the fixture tiny_disk)
    window,
    without_root_powers,
)


def no_traceback(done: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in done.stderr, done.stderr
    assert "Traceback" not in done.stdout, done.stdout


@pytest.fixture
def one_person(tmp_path: Path) -> Path:
    """A data folder whose database holds one person."""
    data = tmp_path / "data"
    data.mkdir()
    (tmp_path / "one.vcf").write_bytes(cards(1))
    done = relapp("--data-dir", data, "import", tmp_path / "one.vcf")
    assert done.returncode == 0, done.stderr
    return data


# --- a database locked by another program ------------------------------------------------


def test_a_database_locked_by_another_program_is_a_message_not_a_traceback(
    one_person: Path, tmp_path: Path
) -> None:
    (tmp_path / "more.vcf").write_bytes(cards(5, who="Other"))
    holder = sqlite3.connect(one_person / "relapp.sqlite3", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT INTO app_state (key, value) VALUES ('held', '1')")
    try:
        done = relapp("--data-dir", one_person, "import", tmp_path / "more.vcf")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    no_traceback(done)
    assert done.returncode == 3
    assert "locked" in done.stderr and "another program" in done.stderr
    assert people_in(one_person / "relapp.sqlite3") == 1


# --- a full disk ---------------------------------------------------------------------------


def test_a_full_disk_during_import_is_a_message_and_nothing_stored_is_lost(
    tiny_disk: Path, tmp_path: Path
) -> None:
    data = tiny_disk / "data"
    data.mkdir()
    (tmp_path / "one.vcf").write_bytes(cards(1))
    assert relapp("--data-dir", data, "import", tmp_path / "one.vcf").returncode == 0
    (tmp_path / "big.vcf").write_bytes(cards(1600, note=2000, who="Other"))  # 3.2 MB of notes
    done = relapp("--data-dir", data, "import", tmp_path / "big.vcf", timeout=180)
    no_traceback(done)
    assert done.returncode == 1
    assert "disk is full" in done.stderr
    assert people_in(data / "relapp.sqlite3") == 1
    assert quick_check(data / "relapp.sqlite3") == "ok"


# --- a read-only data folder, a data folder that is a file ---------------------------------


def test_a_read_only_data_folder_owned_by_someone_else_is_a_message(one_person: Path) -> None:
    prefix = without_root_powers()
    os.chown(one_person, 65534, 65534)  # nobody's folder, 0755: we may read, not write
    os.chmod(one_person, 0o755)
    card = one_person.parent / "x.vcf"
    card.write_bytes(cards(1, who="Other"))
    done = relapp("--data-dir", one_person, "import", card, prefix=prefix)
    no_traceback(done)
    assert done.returncode == 4
    assert "read-only" in done.stderr
    shown = window("--data-dir", one_person, prefix=prefix)
    no_traceback(shown)
    assert shown.returncode == 4
    assert "read-only" in shown.stdout + shown.stderr
    assert "WINDOW SHOWN" not in shown.stdout


def test_a_data_folder_that_is_a_file_is_a_usage_error(tmp_path: Path) -> None:
    a_file = tmp_path / "contacts.vcf"
    a_file.write_bytes(cards(1))
    done = relapp("--data-dir", a_file, "import", a_file)
    no_traceback(done)
    assert done.returncode == 2
    assert "is a file, not a folder" in done.stderr
    shown = window("--data-dir", a_file)
    no_traceback(shown)
    assert shown.returncode == 2
    assert "is a file, not a folder" in shown.stderr
    assert a_file.read_bytes() == cards(1)


def test_restore_into_a_read_only_folder_says_read_only_not_damaged(
    one_person: Path, tmp_path: Path, make_read_only
) -> None:
    backup = tmp_path / "copy.sqlite3"
    assert relapp("--data-dir", one_person, "backup", "--to", backup).returncode == 0
    make_read_only(one_person)
    done = relapp("--data-dir", one_person, "restore", backup)
    no_traceback(done)
    assert "read-only" in done.stderr
    assert "damaged" not in done.stderr
    assert done.returncode == 4
    names = sorted(p.name for p in one_person.iterdir())
    assert [n for n in names if n != "relapp.lock"] == ["backups", "relapp.sqlite3"]


# --- no display ------------------------------------------------------------------------------


def test_without_a_display_the_window_says_so_in_one_line(tmp_path: Path) -> None:
    env = environment()
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        env.pop(name, None)
    data = tmp_path / "data"
    done = relapp("--data-dir", data, env=env)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("Relapp needs a graphical desktop (no DISPLAY")
    assert "relapp --help" in lines[0]
    assert not data.exists()  # no lock, no log, no folder: nothing left behind
    assert "libxcb" not in done.stderr
    # The commands still work without one.
    (tmp_path / "a.vcf").write_bytes(cards(1))
    assert relapp("--data-dir", data, "import", tmp_path / "a.vcf", env=env).returncode == 0


def test_a_display_that_nobody_answers_is_said_in_one_line_too(tmp_path: Path) -> None:
    env = environment()
    for name in ("WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        env.pop(name, None)
    number = 900
    while Path(f"/tmp/.X11-unix/X{number}").exists():
        number += 1
    env["DISPLAY"] = f":{number}"  # set, but no X server there (a closed SSH forward...)
    data = tmp_path / "data"
    done = relapp("--data-dir", data, env=env)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"Relapp cannot reach the display :{number}"), done.stderr
    assert "libxcb" not in done.stderr
    assert not data.exists()


# --- a closed pipe ---------------------------------------------------------------------------


def test_import_into_a_closed_pipe_exits_quietly_and_the_import_stands(
    one_person: Path, tmp_path: Path
) -> None:
    (tmp_path / "more.vcf").write_bytes(cards(3, who="Other"))
    read_end, write_end = os.pipe()
    os.close(read_end)  # like `| head -1` once head has gone
    try:
        done = subprocess.run(
            [PY, "-m", "relapp", "--data-dir", one_person, "import", tmp_path / "more.vcf"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            env=environment(),
            cwd=ROOT,
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert "BrokenPipeError" not in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert done.stderr == ""
    assert done.returncode == 0
    assert people_in(one_person / "relapp.sqlite3") == 4


# --- mistyped words ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (("backp",), "unknown command 'backp' (did you mean backup?)"),
        (("exprot", "--json", "x.json"), "unknown command 'exprot' (did you mean export?)"),
        (("frobnicate",), "unknown command 'frobnicate'"),
    ],
)
def test_a_mistyped_command_is_not_opened_as_a_file(
    tmp_path: Path, words: tuple[str, ...], message: str
) -> None:
    data = tmp_path / "data"
    done = relapp("--data-dir", data, *words)
    no_traceback(done)
    assert done.returncode == 2
    assert message in done.stderr
    assert "relapp --help" in done.stderr
    assert not data.exists()


def test_a_missing_file_to_open_is_named(tmp_path: Path) -> None:
    done = relapp("--data-dir", tmp_path / "data", tmp_path / "nowhere.vcf")
    no_traceback(done)
    assert done.returncode == 2
    assert f"no such file: {tmp_path / 'nowhere.vcf'}" in done.stderr


@pytest.mark.parametrize("words", [("export", "--json", "out.json"), ("backup",)])
def test_a_mistyped_data_folder_is_refused_by_commands_that_read_it(
    tmp_path: Path, words: tuple[str, ...]
) -> None:
    typo = tmp_path / "relap-data"
    done = relapp("--data-dir", typo, *words, cwd=tmp_path)
    no_traceback(done)
    assert done.returncode == 2
    assert f"{typo}: there is no Relapp data folder here" in done.stderr
    assert not typo.exists()
    assert not (tmp_path / "out.json").exists()


def test_an_import_into_a_new_data_folder_says_it_made_one(tmp_path: Path) -> None:
    (tmp_path / "a.vcf").write_bytes(cards(2))
    fresh = tmp_path / "fresh"
    done = relapp("--data-dir", fresh, "import", tmp_path / "a.vcf")
    assert done.returncode == 0, done.stderr
    assert f"a new data folder was made at {fresh}" in done.stderr
    assert people_in(fresh / "relapp.sqlite3") == 2
    again = relapp("--data-dir", fresh, "import", tmp_path / "a.vcf")
    assert "new data folder" not in again.stderr


# Enough cards that the write after the pre-import backup lasts long enough to be
# interrupted (a few tenths of a second on a quiet machine; the backup is watched every
# 5 ms): was 20,000, whose planning alone took 9 s of CPU before the backup.
CTRL_C_CARDS = 4_000


@pytest.mark.slow
def test_ctrl_c_during_an_import_is_a_message_and_the_import_is_all_or_nothing(
    one_person: Path, tmp_path: Path
) -> None:
    (tmp_path / "many.vcf").write_bytes(cards(CTRL_C_CARDS, who="Other"))
    backups = one_person / "backups"
    before = set(backups.iterdir()) if backups.is_dir() else set()
    started = subprocess.Popen(
        [PY, "-m", "relapp", "--data-dir", one_person, "import", tmp_path / "many.vcf"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment(),  # with PYTHONFAULTHANDLER (tests/conftest.py): stacks on SIGABRT
        cwd=ROOT,
    )
    # Well into the import: its pre-import backup is written (a fixed sleep could still
    # be in Python's start-up on a loaded machine, before any handler is in place).
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and started.poll() is None:
        if backups.is_dir() and any(
            p.name.startswith("pre-import") for p in set(backups.iterdir()) - before
        ):
            break
        time.sleep(0.005)
    started.send_signal(signal.SIGINT)
    try:
        _out, err = started.communicate(timeout=120)
    except subprocess.TimeoutExpired:  # seen once in 48 runs under load: say where it is
        started.send_signal(signal.SIGABRT)  # faulthandler prints every thread's stack
        _out, err = started.communicate(timeout=30)
        pytest.fail(f"still running 120 s after Ctrl+C; its threads:\n{err}")
    print(f"Ctrl+C during an import of {CTRL_C_CARDS} cards: exit {started.returncode}")
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    if started.returncode == 0:  # it had finished: all of it is there
        assert people_in(one_person / "relapp.sqlite3") == CTRL_C_CARDS + 1
    else:
        # Seen: -2 (killed by the signal, nothing on stderr), cause not found yet.
        found = people_in(one_person / "relapp.sqlite3")
        assert started.returncode == 130, (started.returncode, err, _out, found)
        assert "interrupted" in err
        assert people_in(one_person / "relapp.sqlite3") in (1, CTRL_C_CARDS + 1)
    assert quick_check(one_person / "relapp.sqlite3") == "ok"


def _import_in_a_script(
    data: Path,
    vcf: Path,
    *,
    before: str = "",
    end: str = "sys.exit(main())\n",
    timeout: float | None = None,
) -> subprocess.CompletedProcess[str]:
    """``relapp --data-dir DATA import VCF`` run by a script, as ``python -m relapp`` runs
    it (``main()`` of the process), with ``before`` it and ``end`` in place of its exit."""
    script = (
        "import os, signal, sys\n"
        f"sys.argv = ['relapp', '--data-dir', {str(data)!r}, 'import', {str(vcf)!r}]\n"
        + before
        + "from relapp.__main__ import main\n"
        + end
    )
    return subprocess.run(
        [PY, "-c", script],
        capture_output=True,
        text=True,
        env=environment(),
        cwd=ROOT,
        timeout=timeout,
    )


def test_ctrl_c_that_lands_in_a_callback_still_interrupts_the_import(
    one_person: Path, tmp_path: Path
) -> None:
    """Python runs a Ctrl+C's KeyboardInterrupt wherever the main thread is, and where that
    is a weakref callback (importlib's module locks have one: every lazy import runs it)
    or a ``__del__``, Python only prints "Exception ignored ... Traceback" and goes on:
    the import finished, exit 0, a traceback on the screen (seen: 1 run in 16 of
    ``test_ctrl_c_during_an_import_...`` beside three others). Such a Ctrl+C is delivered
    again as the callback returns, so it interrupts the command as any other."""
    (tmp_path / "more.vcf").write_bytes(cards(30, who="Other"))
    done = _import_in_a_script(
        one_person,
        tmp_path / "more.vcf",
        before=(
            "import weakref\n"
            "from relapp.services import importing\n"
            "real = importing.plan_import\n"
            "def planned(*args, **kwargs):\n"
            "    class Thing:\n"
            "        pass\n"
            "    def landed_here(_ref):\n"
            "        raise KeyboardInterrupt  # as the signal's handler would, in a callback\n"
            "    thing = Thing()\n"
            "    ref = weakref.ref(thing, landed_here)\n"
            "    del thing\n"
            "    return real(*args, **kwargs)\n"
            "importing.plan_import = planned\n"
        ),
    )
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr, done.stderr
    assert done.returncode == 130, (done.returncode, done.stderr)
    assert "interrupted" in done.stderr
    assert people_in(one_person / "relapp.sqlite3") == 1  # nothing of the import stored
    assert quick_check(one_person / "relapp.sqlite3") == "ok"


def test_ctrl_c_stops_the_import_without_waiting_for_its_backup(
    one_person: Path, tmp_path: Path
) -> None:
    """The pre-import copy is made on a thread (a minute for a database of a million
    people); a Ctrl+C during planning waited for it to end before the command stopped.
    It stops at once: the copy's temporary file is a leftover the next command cleans
    up, and no backup is rotated out by a copy that never finished."""
    (tmp_path / "more.vcf").write_bytes(cards(30, who="Other"))
    backups = one_person / "backups"
    before = sorted(p.name for p in backups.iterdir()) if backups.is_dir() else []
    started = time.monotonic()
    done = _import_in_a_script(
        one_person,
        tmp_path / "more.vcf",
        before=(
            "import threading, time\n"
            "from relapp.services import backups, importing\n"
            "copying = threading.Event()\n"
            "def slow_copy(*args, **kwargs):\n"
            "    copying.set()\n"
            "    time.sleep(60)  # a copy of a large database\n"
            "backups.copy_verified_file = slow_copy\n"
            "def planned(*args, **kwargs):\n"
            "    copying.wait(10)\n"
            "    raise KeyboardInterrupt  # Ctrl+C while planning\n"
            "importing.plan_import = planned\n"
        ),
        timeout=50,
    )
    took = time.monotonic() - started
    assert done.returncode == 130, (done.returncode, done.stderr)
    assert "interrupted" in done.stderr and "Traceback" not in done.stderr
    assert took < 30, f"the command waited {took:.0f} s for the copy"
    assert people_in(one_person / "relapp.sqlite3") == 1
    after = sorted(p.name for p in backups.iterdir() if not p.name.endswith(".tmp"))
    assert after == before


def test_ctrl_c_as_a_finished_import_exits_leaves_it_finished(tmp_path: Path) -> None:
    """A Ctrl+C that lands once the command has done its work and said so (the process
    on its way out: its handlers torn down, it died of the signal, the shell saying
    "interrupted" after "imported") is ignored: the exit code is the command's."""
    data = tmp_path / "data"
    (tmp_path / "one.vcf").write_bytes(cards(1))
    done = _import_in_a_script(
        data,
        tmp_path / "one.vcf",
        end=(
            "code = main()\n"
            "os.kill(os.getpid(), signal.SIGINT)  # Ctrl+C as the process ends\n"
            "sys.exit(code)\n"
        ),
    )
    assert done.returncode == 0, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr and "KeyboardInterrupt" not in done.stderr
    assert people_in(data / "relapp.sqlite3") == 1
