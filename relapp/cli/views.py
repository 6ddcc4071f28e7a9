"""``relapp show NAME``, ``relapp today`` and ``relapp due``: what the window tells, in
the terminal, as text or ``--json`` (the shapes: docs/cli.md).

They read through the same services as the window — the brief (``services.brief``),
health and the Today list (``services.health``), the Due board (``services.promises``),
people search (``services.people.list_people``, as the search box) — and put the words
together in one place (``relapp.cli.words``, imported only when a command runs, so
the app's start-up does not pay for it). They never write: the database is opened
read-only, and a data folder without one is reported, not created.

Exit codes: 0 shown; 1 no person matches NAME, or there is no database; 2 several people
match NAME (they are listed) or bad usage; 3 and 4 as for every command (locked; needs
attention).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from relapp.cli.command import Command
from relapp.cli.folder import CommandFailed
from relapp.domain.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from relapp.domain.model import PersonRow
    from relapp.paths import AppPaths
    from relapp.storage import Database

CONTACTS_SHOWN = 5


@contextmanager
def read_db(paths: AppPaths) -> Iterator[Database]:
    """The user's database, read-only; none there is exit 1 (nothing to show), one that
    cannot be read is 3 (locked) or 4 (needs attention), as for every command."""
    from relapp.domain.errors import DatabaseError
    from relapp.storage.readonly import NoDatabase, open_readonly

    try:
        db = open_readonly(paths.database)
    except NoDatabase as error:
        nothing = _("{problem} Nothing to show.").format(problem=error)
        raise CommandFailed(nothing, 1) from None  # not a damage code
    except DatabaseError as error:
        raise CommandFailed(str(error)) from error
    try:
        yield db
    finally:
        db.close()


def _print(data: dict[str, Any] | list[Any]) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help=_("print JSON (for scripts)"))


# --- relapp show NAME -------------------------------------------------------------------


def _show_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "name", metavar="NAME", help=_("whom to show, matched as the search box matches")
    )
    _json_flag(parser)
    parser.add_argument(
        "--contacts",
        type=int,
        default=CONTACTS_SHOWN,
        metavar="N",
        help=_("how many last contacts to list (default {n})").format(n=CONTACTS_SHOWN),
    )


def find_person(db: Database, query: str) -> PersonRow:
    """The one person ``query`` finds, as the window's search box finds them (people who
    are not archived, else archived ones). Of several, the one whose name is ``query``, or
    else the one whose name has every word of it ("Dan" is Dan Whitaker, not everyone
    whose notes mention Dan). Else ``CommandFailed``: nobody (1), several (2, listed)."""
    from relapp.cli import words
    from relapp.services import people

    if not query.strip():
        raise CommandFailed(_("say whom to show: a name, or part of one."))
    ids = people.list_people(db, query) or people.list_people(db, query, archived=True)
    if not ids:
        raise CommandFailed(_("nobody matches {query}.").format(query=repr(query)), 1)
    rows = people.person_rows(db, ids)
    found = [rows[i] for i in ids if i in rows]
    if len(found) == 1:
        return found[0]
    named = [r for r in found if words.name_has(r.display_name, query)]
    exact = [r for r in named if words.name_is(r.display_name, query)]
    for tier in (exact, named):
        if len(tier) == 1:
            return tier[0]
    several = named or found
    listed = "\n".join(f"  {words.person_label(r)}" for r in several)
    raise CommandFailed(
        ngettext(
            "{n} person matches {query}; say more of the name:\n{listed}",
            "{n} people match {query}; say more of the name:\n{listed}",
            len(several),
        ).format(n=len(several), query=repr(query), listed=listed),
        2,
    )


def show(args: argparse.Namespace, paths: AppPaths) -> int:
    from relapp.cli import words
    from relapp.services import brief, health, interactions, introductions, people
    from relapp.services import promises as promise_service

    if args.contacts < 0:
        raise CommandFailed("--contacts must be 0 or more.")
    now = datetime.now(UTC)
    with read_db(paths) as db:
        row = find_person(db, args.name)
        person = people.get_person(db, row.id)
        view = words.PersonView(
            person=person,
            now=now,
            brief=brief.brief_for(db, row.id, now=now),
            score=health.person_health(db, row.id, now),
            introductions=introductions.introductions_of(db, row.id),
            promises=tuple(promise_service.open_promises_for(db, row.id)),
            contacts=tuple(interactions.history_page(db, row.id, 0, args.contacts)),
        )
    if args.json:
        _print(words.person_json(view))
    else:
        print(words.person_text(view))
    return 0


SHOW = Command(
    "show",
    N_(
        "show a person as the window does: the brief, introductions, open promises, health "
        "with its reasons and the last contacts (read-only)"
    ),
    _show_arguments,
    run=show,
)


# --- relapp today -----------------------------------------------------------------------


def today(args: argparse.Namespace, paths: AppPaths) -> int:
    from relapp.cli import words
    from relapp.services import health

    now = datetime.now(UTC)
    with read_db(paths) as db:
        found = health.needs_attention(db, now)
    if args.json:
        _print(words.today_json(found, now))
    else:
        print(words.today_text(found, now))
    return 0


TODAY = Command(
    "today",
    N_("list who needs you today, and why, as the Today view does"),
    _json_flag,
    run=today,
)


# --- relapp due -------------------------------------------------------------------------


def due(args: argparse.Namespace, paths: AppPaths) -> int:
    from relapp.cli import words
    from relapp.services import promises

    now_local = datetime.now(UTC).astimezone(promises.local_zone())
    with read_db(paths) as db:
        board = promises.due_board(db, now_local)
    if args.json:
        _print(words.due_json(board, now_local))
    else:
        print(words.due_text(board, now_local))
    return 0


DUE = Command(
    "due",
    N_("list open promises as the Due view does: overdue, today, upcoming, owed to you"),
    _json_flag,
    run=due,
)
