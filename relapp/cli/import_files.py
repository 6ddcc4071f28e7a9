"""``relapp import FILE...``: vCards planned and applied with the defaults (strong matches
merge, other cards are created, cards imported before are skipped), or a Relapp JSON export
through the JSON format's own ``import_json``. Holds the folder's lock while it works.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from relapp.cli.command import Command
from relapp.cli.folder import backed_up_first, backup_done, checked, open_db
from relapp.domain.dates import number_text
from relapp.domain.i18n import N_, _

if TYPE_CHECKING:
    from relapp.paths import AppPaths
    from relapp.services.backups import BackupUnderWay
    from relapp.services.importing import ImportResult
    from relapp.storage import Database


def _import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help=_(
            "vCard files (.vcf) or folders of them to import, a Relapp JSON export (.json), "
            "or history archives (mbox, Maildir, .eml, calendars, chats; files or folders)"
        ),
    )
    parser.add_argument(
        "--me",
        action="append",
        metavar="ADDRESS",
        help=_(
            'an email address, phone number or chat name of yours ("Ana Silva", as '
            "WhatsApp and Telegram name you; repeatable; kept for later captures, replacing "
            "the ones kept before)"
        ),
    )
    parser.add_argument(
        "--add-people",
        action="store_true",
        help=_("add the unknown correspondents you wrote to at least twice as new people"),
    )
    parser.add_argument(
        "--json", action="store_true", help=_("print the summary as JSON (for scripts)")
    )


def import_files(args: argparse.Namespace, paths: AppPaths) -> int:
    from relapp.cli.capture import is_archive

    json_files = [f for f in args.files if f.lower().endswith(".json")]
    archives = [f for f in args.files if f not in json_files and is_archive(f)]
    card_files = [f for f in args.files if f not in json_files and f not in archives]
    card_files, archives = _cards_in_folders(card_files, archives)
    me = _my_addresses(args.me)
    report: dict[str, Any] = {}
    hint = _("If it is the open window, hand the files to it: relapp {files}").format(
        files=shlex.join(args.files)
    )
    with open_db(paths, hint=hint, check=False) as db:
        under_way: list[BackupUnderWay] = []  # the backup being checked while this works
        try:
            ok = _import_into(db, args, card_files, json_files, archives, me, report, under_way)
        except KeyboardInterrupt:
            # Stopped now, not once the pre-import copy is made (a minute for a million
            # people): nothing was committed, and a copy cut short is a temporary file
            # the next command cleans up (``services.leftovers``); none is rotated out.
            raise
        except BaseException:
            backup_done(db, under_way[0] if under_way else None)  # damage said as such
            raise
        backup_done(db, under_way[0] if under_way else None)
    report["ok"] = ok
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    elif not ok:
        nothing = _("nothing could be imported; nothing was changed.")
        print(f"relapp import: {nothing}", file=sys.stderr)
    return 0 if ok else 1


def _cards_in_folders(card_files: list[str], archives: list[str]) -> tuple[list[str], list[str]]:
    """A folder's vCard files (all the way down) join the cards; the folder stays among
    the archives only if it holds some too, or holds no cards (then the capture says
    that nothing was found in it)."""
    cards, kept = list(card_files), []
    for name in archives:
        if not Path(name).is_dir():
            kept.append(name)
            continue
        from relapp.services.capture.planning import find_archives  # a folder given: read
        from relapp.services.importing.folders import vcard_files_in

        inside = vcard_files_in(Path(name))
        cards.extend(str(path) for path in inside)
        if not inside or find_archives([name]):
            kept.append(name)
    return cards, kept


def _import_into(
    db: Database,
    args: argparse.Namespace,
    card_files: list[str],
    json_files: list[str],
    archives: list[str],
    me: list[str],
    report: dict[str, Any],
    under_way: list[BackupUnderWay],
) -> bool:
    """The command's work on the open database; whether anything was read. The backup
    made first goes into ``under_way``."""
    ok = False
    if card_files or json_files:
        under_way.append(backed_up_first(db))  # the state before the command: the check too
    fresh = True  # nothing written since that copy: the first import needs no other
    if card_files:
        result, cards = _import_cards(db, card_files, backup_first=not fresh)
        fresh = False
        report.update(cards)
        ok = ok or result.imported_anything or cards["readable"] > 0
        if not args.json:
            _print_cards(result, cards)
    if json_files:
        backup_done(db, under_way[0] if under_way else None)  # its failure said as such
        restored = [_import_json(db, Path(f)) for f in json_files]
        fresh = False
        report["json"] = restored
        ok = ok or any(item["ok"] for item in restored)
        if not args.json:
            for item in restored:
                if item["ok"]:
                    print(item["summary"])
                else:
                    print(_("error: {error}").format(error=item["error"]))
    # history last, so the people just imported are known to it
    if archives or me:
        from relapp.cli.capture import capture_files

        def guard(writes: bool) -> None:
            """Archives alone are planned first: backed up (and so checked) when they
            write, only checked when they add nothing."""
            if writes:
                under_way.append(backed_up_first(db))
            else:
                checked(db)

        captured, report["capture"], lines = capture_files(
            db,
            archives,
            me=me,
            add_people=args.add_people,
            backup_first=not fresh,
            guard=None if card_files or json_files else guard,
        )
        ok = ok or captured
        if not args.json:
            print("\n".join(lines))
    return ok


def _my_addresses(given: list[str] | None) -> list[str]:
    """``--me`` values, checked before anything is opened (a typo is a usage error)."""
    if not given:
        return []
    from relapp.cli.folder import CommandFailed
    from relapp.domain.errors import InvalidInput
    from relapp.services.capture.settings import clean_addresses

    try:
        return list(clean_addresses(given))
    except InvalidInput as error:
        refused = _("--me: {problem}; nothing was done").format(problem=error.message)
        raise CommandFailed(refused) from None


IMPORT = Command(
    "import",
    N_(
        "import vCard files (people you already know are merged, cards imported before are "
        "skipped), a Relapp JSON export, or history from mail, calendar and chat archives "
        "(interactions with the people you know); prints what was created, merged, skipped "
        "and what could not be read"
    ),
    _import_arguments,
    run=import_files,
)


def _import_cards(
    db: Database, files: list[str], *, backup_first: bool
) -> tuple[ImportResult, dict[str, Any]]:
    """Plan and apply with the defaults: strong matches merge, other cards are created,
    cards imported before are skipped."""
    from relapp.domain.importing.plan import Decision
    from relapp.services import importing

    plan = importing.plan_import(db, files)
    try:
        result = importing.apply_import(db, plan, backup_first=backup_first)
    except importing.StaleImport:  # someone wrote between plan and apply: plan again
        plan = importing.plan_import(db, files)
        result = importing.apply_import(db, plan)
    report = {
        "files": [
            {
                "file": f.name,
                "path": f.path,
                "cards": f.cards,
                "error": f.error.message if f.error is not None else None,
            }
            for f in plan.files
        ],
        "batch_id": result.batch_id,
        "readable": plan.readable,
        "created": result.created,
        "merged": result.merged,
        "combined": result.combined,
        "skipped": result.skipped,
        "already_imported": sum(1 for c in plan.cards if c.decision is Decision.ALREADY_IMPORTED),
        "created_ids": list(result.created_ids),
        "merged_ids": list(result.merged_ids),
        "errors": [
            {"file": e.file, "card": e.card_index, "line": e.line, "message": e.message}
            for e in result.errors
        ],
        "summary": result.summary(),
    }
    return result, report


def _print_cards(result: ImportResult, report: dict[str, Any]) -> None:
    print(result.summary())
    labels = {
        "created": _("created:"),
        "merged": _("merged:"),
        "combined": _("combined:"),
        "skipped": _("skipped:"),
        "errors": _("errors:"),
    }
    width = max(len(label) for label in labels.values()) + 1

    def row(key: str, value: str) -> None:
        print(f"  {labels[key]:<{width}}{value}")

    row("created", number_text(result.created))
    merged = _("{n} (people you already knew)").format(n=number_text(result.merged))
    row("merged", merged)
    if result.combined:
        combined = _("{n} (cards that were the same person as another)")
        row("combined", combined.format(n=number_text(result.combined)))
    before = report["already_imported"]
    if before:
        skipped = _("{n} ({before} imported before)").format(
            n=number_text(result.skipped), before=number_text(before)
        )
    else:
        skipped = number_text(result.skipped)
    row("skipped", skipped)
    if result.batch_id is not None:
        undo = _("(to undo it: File ▸ Imports… in Relapp, import number {batch})")
        print("  " + undo.format(batch=result.batch_id))
    if result.errors:
        row("errors", number_text(len(result.errors)))
        for error in result.errors:
            print(f"    {error}")


def _import_json(db: Database, path: Path) -> dict[str, Any]:
    """A Relapp JSON export, through the JSON format's own ``import_json``."""
    from relapp.domain.errors import RelappError

    if importlib.util.find_spec("relapp.services.json_file.format") is None:
        return {"file": path.name, "ok": False, "error": _("JSON import is not available")}
    from relapp.services.json_file import format as json_format

    importer = getattr(json_format, "import_json", None)
    if importer is None:
        return {"file": path.name, "ok": False, "error": _("JSON import is not available")}
    try:
        result = importer(db, path)
    except RelappError as error:
        return {"file": path.name, "ok": False, "error": str(error)}
    imported = _("Imported {file}").format(file=path.name)
    summary = result.summary() if hasattr(result, "summary") else imported
    details = result.as_dict() if hasattr(result, "as_dict") else {}
    return {"file": path.name, "ok": True, "summary": summary, "result": details}
