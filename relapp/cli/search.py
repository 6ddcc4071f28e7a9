"""``relapp search QUERY [--json]``: what the search box finds, in the terminal.

People first (names, emails, phones, tags, organisations, notes; as the people list
finds them, in name order), then the interactions, promises and introductions whose
text has the query's words, newest first, each saying where it is:
``Carol Roth — 12 Mar 2025, email: '…gardening…'``. Read-only, through
``services.search``, as the window.

Exit codes: 0 something found; 1 nothing found, or there is no database; 2 bad usage;
3 and 4 as for every command.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from relapp.cli.command import Command
from relapp.domain.dates import number_text
from relapp.domain.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from relapp.paths import AppPaths
    from relapp.services.search import Found


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", metavar="QUERY", help=_("words to look for, as typed in the box"))
    parser.add_argument("--json", action="store_true", help=_("print JSON (for scripts)"))


def found_json(found: Found) -> dict[str, Any]:
    return {
        "people": [
            {"id": row.id, "name": row.display_name, "organisation": row.organisation}
            for row in found.people
        ],
        "text": [
            {
                "kind": hit.match.kind.value,
                "id": hit.match.record_id,
                "person_id": hit.person_id,
                "person": hit.person_name,
                "where": hit.where,
                "snippet": hit.snippet,
                "when": hit.match.when.isoformat() if hit.match.when else None,
            }
            for hit in found.text.hits
        ],
        "people_found": found.people_found,
        "more_text": found.text.more,
    }


def found_text(found: Found, query: str) -> str:
    if not found.people and not found.text.hits:
        return _("Nothing matches {query}.").format(query=repr(query.strip()))
    out: list[str] = []
    if found.people:
        shown, total = len(found.people), found.people_found
        if total > shown:
            heading = ngettext(
                "People (the first {shown} of {n} person)",
                "People (the first {shown} of {n} people)",
                total,
            )
            out.append(heading.format(shown=number_text(shown), n=number_text(total)))
        else:
            heading = ngettext("People ({n} person)", "People ({n} people)", shown)
            out.append(heading.format(n=number_text(shown)))
        out.extend(
            f"  {row.display_name}" + (f" — {row.organisation}" if row.organisation else "")
            for row in found.people
        )
    if found.text.hits:
        hits = len(found.text.hits)
        if found.text.more:
            heading = ngettext(
                "In your notes ({n} match, the latest written shown)",
                "In your notes ({n} matches, the latest written shown)",
                hits,
            )
        else:
            heading = ngettext("In your notes ({n} match)", "In your notes ({n} matches)", hits)
        out.append(heading.format(n=number_text(hits)))
        out.extend(f"  {hit.line()}" for hit in found.text.hits)
    return "\n".join(out)


def search(args: argparse.Namespace, paths: AppPaths) -> int:
    import json

    from relapp.cli.views import read_db
    from relapp.services.search import search_everything

    with read_db(paths) as db:
        found = search_everything(db, args.query)
    if args.json:
        print(json.dumps(found_json(found), ensure_ascii=False, indent=2))
    else:
        print(found_text(found, args.query))
    return 0 if found.people or found.text.hits else 1


SEARCH = Command(
    "search",
    N_(
        "find people and the interactions, promises and introductions whose text has the "
        "words (read-only)"
    ),
    _arguments,
    run=search,
)
