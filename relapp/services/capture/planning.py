"""Planning a capture: find the archives, read them as streams, apply the rules.

Nothing is written. ``plan_capture`` reads every record once (memory holds keys and
flags, never a message), looks up in a few queries who owns the addresses the files
name and which keys were captured before, and returns the ``CapturePlan`` the preview
shows and ``apply_capture`` writes.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from relapp.domain.capture.collect import Collector
from relapp.domain.capture.known import KnownPeople
from relapp.domain.capture.me import NAME, Me
from relapp.domain.capture.plan import CapturePlan
from relapp.domain.capture.records import SourceKind
from relapp.domain.errors import RelappError
from relapp.domain.i18n import N_, _
from relapp.services.capture import sources
from relapp.services.importing.pipeline import ImportCancelled
from relapp.storage import Database, capture_growth_repo, capture_repo

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]
_EVERY = 500  # records between progress reports (and cancel checks)


class NothingToCapture(RelappError):
    title = N_("Nothing to capture")


def find_archives(paths: Iterable[str | os.PathLike[str]]) -> list[tuple[Path, SourceKind]]:
    """The history archives among ``paths``: each file or Maildir that is one (by its
    content), and those inside the other folders given (searched all the way down)."""
    found: list[tuple[Path, SourceKind]] = []
    for given in paths:
        path = Path(given)
        kind = sources.detect(path)
        if kind is not None:
            found.append((path, kind))
        elif path.is_dir():
            found.extend(_inside(path))
    return found


def _inside(folder: Path) -> list[tuple[Path, SourceKind]]:
    found: list[tuple[Path, SourceKind]] = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        here = Path(root)
        for name in list(dirs):
            kind = sources.detect(here / name)
            if kind is not None:
                found.append((here / name, kind))
                dirs.remove(name)  # a Maildir is read as a whole
        for name in sorted(files):
            path = here / name
            if path.is_file() and not path.is_symlink():
                kind = sources.detect(path)
                if kind is not None:
                    found.append((path, kind))
    return found


def plan_capture(
    db: Database,
    paths: Sequence[str | os.PathLike[str]],
    *,
    me: Sequence[str] | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    now: datetime | None = None,
    tz: tzinfo | None = None,
) -> CapturePlan:
    """Read the archives and plan; ``me`` overrides the kept addresses (None: the kept
    ones, else the suggestion from the files). Raises ``NothingToCapture`` when no path
    is an archive, ``ImportCancelled`` when ``cancel()`` says so."""
    archives = find_archives(paths)
    if not archives:
        names = ", ".join(Path(p).name for p in paths)
        if not names:
            raise NothingToCapture(_("No mail, calendar or chat archive found."))
        raise NothingToCapture(
            _("{files}: no mail, calendar or chat archive found.").format(files=names)
        )
    collector = Collector(now=now or datetime.now(UTC), tz=tz)

    def check(done: int, total: int) -> None:
        if cancel is not None and cancel():
            raise ImportCancelled
        if progress is not None:
            progress(done, total)

    total = len(archives) + 1
    for index, (path, _kind) in enumerate(archives):
        check(index, total)
        for count, item in enumerate(sources.read(path), start=1):
            collector.add(item)
            if count % _EVERY == 0:
                check(index, total)
    addresses = capture_repo.my_addresses(db) if me is None else tuple(me)
    keys = collector.party_keys()
    by_name = capture_repo.active_names(db) if any(k.startswith(NAME) for k in keys) else {}
    known = KnownPeople(capture_repo.owners(db, keys), by_name)
    existing = capture_repo.existing_keys(db, collector.capture_keys())
    entries = capture_growth_repo.live_entries(db, existing & collector.day_keys())
    check(total - 1, total)
    plan = collector.finish(
        Me.of(addresses), known, existing, files=[p.name for p, _ in archives], entries=entries
    )
    check(total, total)
    return plan
