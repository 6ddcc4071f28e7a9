"""``relapp import`` for history archives (mail, calendars, chats): plan, print the
preview, apply. ``--me`` keeps my addresses; ``--add-people`` adds the people the
preview offers (unknown correspondents you wrote to at least twice)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from relapp.domain.dates import day_text, number_text
from relapp.domain.i18n import _, ngettext

if TYPE_CHECKING:
    from relapp.domain.capture.plan import CapturePlan, PersonSummary
    from relapp.services.capture import CaptureResult
    from relapp.storage import Database

SHOW_PEOPLE = 20
SHOW_PROBLEMS = 10


def is_archive(name: str) -> bool:
    """Whether ``relapp import NAME`` captures history from it (a folder, or a file whose
    content is a mail, calendar or chat archive)."""
    path = Path(name)
    if path.is_dir():
        return True
    if not path.is_file() or _starts_as_vcard(path):
        return False  # a vCard file: the archive readers (icalendar...) are not loaded
    from relapp.services.capture import sources

    return sources.detect(path) is not None


def _starts_as_vcard(path: Path) -> bool:
    from relapp.domain.vcard.textcodec import starts_as_vcard

    try:
        with path.open("rb") as stream:
            return starts_as_vcard(stream.read(4096))
    except OSError:
        return False


def capture_files(
    db: Database,
    files: list[str],
    *,
    me: list[str] | None,
    add_people: bool,
    backup_first: bool = True,
    guard: Callable[[bool], None] | None = None,
) -> tuple[bool, dict[str, Any], list[str]]:
    """(anything read, the JSON report, the text lines). ``backup_first=False``: the
    caller's verified backup already holds the state before it (but for ``me``).
    ``guard(writes)``: called after planning (read-only), before anything is written,
    with whether the capture writes (the caller backs up) or adds nothing (the caller
    only checks); and with False when planning fails, so damage is said as such."""
    from relapp.domain.errors import RelappError
    from relapp.services import capture

    if me and not files:
        if guard is not None:
            guard(True)
        capture.set_my_addresses(db, me)
        kept = _("My addresses kept: {addresses}").format(addresses=", ".join(me))
        return True, {"me": me}, [kept]
    try:
        plan = capture.plan_capture(db, files, me=me or None)
        new_me = bool(me) and tuple(me or ()) != capture.my_addresses(db)
    except RelappError:
        raise
    except Exception:
        if guard is not None:
            guard(False)  # a damaged database: exit code 4, not this error
        raise
    add = [p.placeholder for p in plan.offered] if add_people else []
    writes = bool(add) or bool(plan.chosen(add)) or new_me
    if guard is not None:
        guard(writes)
    if writes and not backup_first:  # one commit: it waits for the backup under way
        with db.atomic():
            if me:
                capture.set_my_addresses(db, me)
            result = capture.apply_capture(db, plan, add, backup_first=False)
    elif writes:  # its own backup first (the caller wrote before it)
        if me:
            capture.set_my_addresses(db, me)
        result = capture.apply_capture(db, plan, add, backup_first=True)
    else:  # nothing new: nothing written, no backup made (``guard``)
        result = capture.CaptureResult(None, 0, (), (), plan.skipped_total, plan.problem_count)
    names = _names(db, result.person_ids)
    created = dict(zip((p.placeholder for p in plan.offered), result.created_ids, strict=False))
    per_person = plan.per_person(created)  # once: it walks every interaction
    report = _report(plan, result, names, per_person)
    lines = _lines(plan, result, names, per_person)
    return plan.records > 0 or result.batch_id is not None, report, lines


def _names(db: Database, ids: tuple[int, ...]) -> dict[int, str]:
    from relapp.services import people

    return {pid: row.display_name for pid, row in people.person_rows(db, list(ids)).items()}


def _span(first: Any, last: Any) -> str:
    a, b = day_text(first), day_text(last)
    return a if a == b else f"{a} – {b}"


def _report(
    plan: CapturePlan,
    result: CaptureResult,
    names: dict[int, str],
    per_person: dict[int, PersonSummary],
) -> dict[str, Any]:
    from relapp.domain.capture.me import shown

    created = dict(zip((p.placeholder for p in plan.offered), result.created_ids, strict=False))
    return {
        "files": list(plan.files),
        "records": plan.records,
        "me": list(plan.me.addresses),
        "me_suggested": plan.me_suggested,
        "batch_id": result.batch_id,
        "interactions": result.interactions,
        "people": [
            {
                "id": created.get(pid, pid),
                "name": names.get(created.get(pid, pid), ""),
                "interactions": s.count,
                "first": s.first.isoformat(),
                "last": s.last.isoformat(),
                "by_name": s.by_name,
            }
            for pid, s in sorted(per_person.items(), key=lambda item: -item[1].count)
        ],
        "created_ids": list(result.created_ids),
        "offered": [
            {"address": shown(p.key), "name": p.name, "written_to": p.written_to}
            for p in plan.offered
        ],
        "unknown": plan.unknown_count,
        "skipped": {reason.value: n for reason, n in plan.skipped.items()},
        "problems": [
            {"file": p.file, "where": p.where, "message": p.message} for p in plan.problems
        ],
        "problem_count": plan.problem_count,
        "summary": result.summary(),
    }


def _lines(
    plan: CapturePlan,
    result: CaptureResult,
    names: dict[int, str],
    per_person: dict[int, PersonSummary],
) -> list[str]:
    from relapp.domain.capture.me import shown

    lines = [
        ngettext(
            "History from {files}: {n} message, call or event",
            "History from {files}: {n} messages, calls and events",
            plan.records,
        ).format(files=", ".join(plan.files), n=number_text(plan.records))
    ]
    me = ", ".join(plan.me.addresses)
    if not me:
        lines.append("  " + _("me: (nobody: give your addresses with --me)"))
    elif plan.me_suggested:
        said = _("me: {addresses} (suggested from the file; keep it with --me)")
        lines.append("  " + said.format(addresses=me))
    else:
        lines.append("  " + _("me: {addresses}").format(addresses=me))
    created = dict(zip((p.placeholder for p in plan.offered), result.created_ids, strict=False))
    summaries = sorted(per_person.items(), key=lambda item: -item[1].count)
    for pid, s in summaries[:SHOW_PEOPLE]:
        name = names.get(created.get(pid, pid)) or _("person {id}").format(id=pid)
        if s.by_name:
            line = ngettext(
                "{name}: {n} interaction ({span}) (matched by name)",
                "{name}: {n} interactions ({span}) (matched by name)",
                s.count,
            )
        else:
            line = ngettext(
                "{name}: {n} interaction ({span})", "{name}: {n} interactions ({span})", s.count
            )
        said = line.format(name=name, n=number_text(s.count), span=_span(s.first, s.last))
        lines.append("    " + said)
    if len(summaries) > SHOW_PEOPLE:
        more = len(summaries) - SHOW_PEOPLE
        said = ngettext("… and {n} more person", "… and {n} more people", more)
        lines.append("    " + said.format(n=number_text(more)))
    if plan.offered and not result.created_ids:
        offered = _("new people offered, not added (add them with --add-people): {n}")
        lines.append("  " + offered.format(n=number_text(len(plan.offered))))
        for person in plan.offered[:SHOW_PEOPLE]:
            who = f"{person.name} <{shown(person.key)}>" if person.name else shown(person.key)
            wrote = ngettext(
                "{who}: you wrote to them {n} time",
                "{who}: you wrote to them {n} times",
                person.written_to,
            )
            lines.append("    " + wrote.format(who=who, n=number_text(person.written_to)))
    if plan.unknown_count:
        unknown = _("other correspondents, not known (only counted): {n}")
        lines.append("  " + unknown.format(n=number_text(plan.unknown_count)))
    if plan.skipped:
        from relapp.domain.capture.conversation import skip_words  # not needed for vCards

        skipped = "; ".join(f"{skip_words(r)} {number_text(n)}" for r, n in plan.skipped.items())
        lines.append("  " + _("skipped: {what}").format(what=skipped))
    if plan.problem_count:
        unread = _("could not be read: {n}").format(n=number_text(plan.problem_count))
        lines.append("  " + unread)
        for problem in plan.problems[:SHOW_PROBLEMS]:
            lines.append(f"    {problem.file}, {problem.where}: {problem.message}")
    lines.append(result.summary())
    if result.batch_id is not None:
        undo = _("(to undo it: File ▸ Imports… in Relapp, import number {batch})")
        lines.append("  " + undo.format(batch=result.batch_id))
    return lines
