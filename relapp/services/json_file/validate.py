"""The two passes over a Relapp JSON file: check everything, then write it.

``Validator`` reads the whole file once and collects every problem with where it is:
the header (format, version), each record's fields, ids used twice, and references to
people, tags and interactions that are not in the file. Sections may come in any order;
a reference to a section not read yet is checked when the file ends. Only ids (and tag
names) are kept, never the records.

``Restorer`` reads the file a second time and writes the records in batches, inside the
caller's transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from relapp.domain.errors import RelappError
from relapp.domain.i18n import _, ngettext
from relapp.services.json_file import decode as json_decode
from relapp.services.json_file import decode_capture
from relapp.services.json_file.fields import Line, Problems, shown, tag_key
from relapp.services.json_file.stream import Member
from relapp.storage import Database, imports_repo, restore_repo

FORMAT_NAME = "relapp"
FORMAT_VERSION = 1
SECTIONS = (
    "settings",
    "tags",
    "people",
    "interactions",
    "introductions",
    "promises",
    "captured",
    "capture_keys",
)
HEADER = ("format", "version", "exported_at", "app_version", "schema_version")
BATCH = 2000
MAX_PROBLEMS = 1000  # stop reading a file this broken


class FileProblems(RelappError):
    """What is wrong with a file: a one-line message and the problems with where."""

    def __init__(self, message: str, problems: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.problems = problems


_DECODERS: dict[str, Callable[..., Any]] = {
    "people": json_decode.decode_person,
    "interactions": json_decode.decode_interaction,
    "introductions": json_decode.decode_introduction,
    "promises": json_decode.decode_promise,
    "captured": decode_capture.decode_captured,
    "capture_keys": decode_capture.decode_capture_key,
}


def _decode(section: str, m: Member, problems: Problems, now: int) -> Any:
    where = f"{section}[{m.index}]"
    if section == "tags":
        return json_decode.decode_tag(m.value, where, m.line, problems)
    if section == "settings":
        return json_decode.decode_setting(m.value, where, m.line, problems)
    return _DECODERS[section](m.value, where, m.line, problems, now)


def _identity(section: str, value: Any) -> Any:
    """The id (a setting's key) of a record that has problems, if that much is readable."""
    if not isinstance(value, dict):
        return None
    name = {"settings": "key", "capture_keys": "key", "captured": "interaction"}.get(section, "id")
    key = value.get(name)
    return key if isinstance(key, int | str) and not isinstance(key, bool) else None


def _used_twice(section: str, key: Any) -> str:
    if section in ("settings", "capture_keys"):
        return _('the key "{key}" is used twice').format(key=key)
    if section == "captured":
        return _("interaction {id} is marked captured twice").format(id=key)
    other = {
        "people": _("id {id} is used by another person too"),
        "tags": _("id {id} is used by another tag too"),
        "interactions": _("id {id} is used by another interaction too"),
        "introductions": _("id {id} is used by another introduction too"),
        "promises": _("id {id} is used by another promise too"),
    }
    return other.get(section, _("id {id} is used twice")).format(id=key)


def _not_relapp(message: str) -> FileProblems:
    return FileProblems(
        _("this is not a Relapp JSON file: {problem}. Nothing was changed.").format(problem=message)
    )


class Validator:
    def __init__(self, now: int) -> None:
        self.now = now
        self.problems = Problems()
        self.format: Any = None
        self.version: Any = None
        self.ids: dict[str, set[Any]] = {s: set() for s in SECTIONS}
        self.contact_point_ids: set[int] = set()
        self.uids: dict[str, set[str]] = {s: set() for s in SECTIONS}
        self.tag_ids: dict[str, int] = {}  # tag_key(name) -> id
        self.complete: set[str] = set()
        self.pending: list[tuple[str, Any, str, Line]] = []
        self.counts = {s: 0 for s in SECTIONS} | {"contact_points": 0}

    # --- reading ----------------------------------------------------------------
    def feed(self, m: Member) -> None:
        if self.problems.count > MAX_PROBLEMS:
            raise self._failure()
        if m.kind == "value":
            self._header(m)
        elif m.kind == "start" and m.key not in SECTIONS:
            self.problems.add("", self._unknown(m.key), m.line)
        elif m.kind == "item" and m.key in SECTIONS:
            self._record(m)
        elif m.kind == "end":
            self.complete.add(m.key)

    def _unknown(self, key: str) -> str:
        known = ", ".join((*HEADER, *SECTIONS))
        return _(
            'unknown member "{member}" at the top level (a Relapp JSON file has: {known})'
        ).format(member=key, known=known)

    def _header(self, m: Member) -> None:
        if m.key == "format":
            self.format = m.value
            if m.value != FORMAT_NAME:
                raise _not_relapp(
                    _('its "format" is {found}, not "relapp"').format(found=shown(m.value))
                )
        elif m.key == "version":
            self.version = m.value
            self._check_version()
        elif m.key in SECTIONS:
            self.problems.add(m.key, _("must be a list [...]"), m.line)
        elif m.key not in HEADER:
            self.problems.add("", self._unknown(m.key), m.line)

    def _check_version(self) -> None:
        version = self.version
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise FileProblems(
                _(
                    'its "version" must be a whole number like {version} '
                    "(found {found}). Nothing was changed."
                ).format(version=FORMAT_VERSION, found=shown(version))
            )
        if version > FORMAT_VERSION:
            raise FileProblems(
                _(
                    "it is Relapp JSON version {version}, written by a newer Relapp; this Relapp "
                    "reads version {ours}. Update Relapp to import it. Nothing was changed."
                ).format(version=version, ours=FORMAT_VERSION)
            )

    def _record(self, m: Member) -> None:
        section = m.key
        record = _decode(section, m, self.problems, self.now)
        where = f"{section}[{m.index}]"
        if record is None:
            # Still known by its id, so one bad field does not make every reference
            # to this record a second problem.
            key = _identity(section, m.value)
            if key is not None:
                self.ids[section].add(key)
            name = m.value.get("name") if section == "tags" and isinstance(m.value, dict) else None
            if isinstance(name, str):
                self.tag_ids.setdefault(tag_key(name), 0)
            return
        key = record.key if section == "settings" else record.id
        if key in self.ids[section]:
            self.problems.add(where, _used_twice(section, key), m.line)
            return
        self.ids[section].add(key)
        self.counts[section] += 1
        uid = getattr(record, "uid", None)
        if uid is not None:
            if uid in self.uids[section]:
                self.problems.add(where, _('the uid "{uid}" is used twice').format(uid=uid), m.line)
            self.uids[section].add(uid)
        if section != "settings":
            getattr(self, f"_check_{section}")(record, where, m.line)

    def _ref(self, section: str, ref: Any, where: str, line: Line) -> None:
        if section in self.complete:
            self._resolve(section, ref, where, line)
        else:
            self.pending.append((section, ref, where, line() if callable(line) else line))

    def _resolve(self, section: str, ref: Any, where: str, line: Line) -> None:
        if section == "tags":
            if ref not in self.tag_ids:
                self.problems.add(
                    where, _('names the tag "{tag}", which is not in "tags"').format(tag=ref), line
                )
        elif ref not in self.ids[section]:
            if section == "people":
                problem = _('person {id} is not in "people"')
            else:  # the only other section a record refers to
                problem = _('interaction {id} is not in "interactions"')
            self.problems.add(where, problem.format(id=ref), line)

    def _check_tags(self, record: Any, where: str, line: Line) -> None:
        key = tag_key(record.name)
        if key in self.tag_ids:
            self.problems.add(
                where, _('the tag name "{name}" is used twice').format(name=record.name), line
            )
        self.tag_ids[key] = record.id

    def _check_people(self, record: Any, where: str, line: Line) -> None:
        for i, point in enumerate(record.contact_points):
            if point.id in self.contact_point_ids:
                self.problems.add(
                    f"{where}.contact_points[{i}]",
                    _("id {id} is used twice").format(id=point.id),
                    line,
                )
            self.contact_point_ids.add(point.id)
        self.counts["contact_points"] += len(record.contact_points)
        for i, name in enumerate(record.tags):
            self._ref("tags", tag_key(name), f"{where}.tags[{i}]", line)

    def _check_interactions(self, record: Any, where: str, line: Line) -> None:
        for i, pid in enumerate(record.person_ids):
            self._ref("people", pid, f"{where}.people[{i}]", line)

    def _check_introductions(self, record: Any, where: str, line: Line) -> None:
        for name, pid in (
            ("introducer", record.introducer_id),
            ("person_a", record.person_a_id),
            ("person_b", record.person_b_id),
        ):
            if pid is not None:
                self._ref("people", pid, f"{where}.{name}", line)
        if record.interaction_id is not None:
            self._ref("interactions", record.interaction_id, f"{where}.interaction", line)

    def _check_captured(self, record: Any, where: str, line: Line) -> None:
        self._ref("interactions", record.interaction_id, f"{where}.interaction", line)

    def _check_capture_keys(self, record: Any, where: str, line: Line) -> None:
        if record.interaction_id is not None:
            self._ref("interactions", record.interaction_id, f"{where}.interaction", line)

    def _check_promises(self, record: Any, where: str, line: Line) -> None:
        self._ref("people", record.person_id, f"{where}.person", line)
        if record.interaction_id is not None:
            self._ref("interactions", record.interaction_id, f"{where}.interaction", line)

    # --- the end ----------------------------------------------------------------
    def finish(self) -> None:
        """Raise ``FileProblems`` unless the whole file can be restored."""
        if self.format is None:
            raise _not_relapp(_('it has no "format": "relapp" member'))
        if self.version is None:
            raise FileProblems(_('it has no "version" member. Nothing was changed.'))
        for section, ref, where, line in self.pending:
            self._resolve(section, ref, where, line)
        self.pending.clear()
        if self.problems:
            raise self._failure()

    def _failure(self) -> FileProblems:
        count = self.problems.count
        shown = len(self.problems.items)
        if count > shown:
            message = _(
                "the file has {count} problems (the first {shown} are listed); nothing was changed."
            ).format(count=f"{count:,}", shown=shown)
        else:
            message = ngettext(
                "the file has {count} problem; nothing was changed.",
                "the file has {count} problems; nothing was changed.",
                count,
            ).format(count=f"{count:,}")
        return FileProblems(
            message,
            tuple(self.problems.items),
        )


class Restorer:
    """Writes the records of a file that ``Validator`` accepted, in batches."""

    def __init__(
        self, db: Database, tag_ids: dict[str, int], now: int, *, file: str = "", captured: int = 0
    ) -> None:
        self.db = db
        self.tag_ids = tag_ids
        self.now = now
        self.file = file
        self.captured = captured  # how many interactions the file marks captured
        self.batch_id: int | None = None
        self.batches: dict[str, list[Any]] = {s: [] for s in SECTIONS}

    def feed(self, m: Member) -> None:
        if m.kind != "item" or m.key not in SECTIONS:
            return
        problems = Problems()
        record = _decode(m.key, m, problems, self.now)
        if record is None:
            raise FileProblems(
                _("the file changed while it was being imported; nothing was changed."),
                tuple(problems.items),
            )
        batch = self.batches[m.key]
        batch.append(record)
        if len(batch) >= BATCH:
            self._flush(m.key)

    def _flush(self, section: str) -> None:
        batch = self.batches[section]
        if not batch:
            return
        db = self.db
        if section == "settings":
            restore_repo.insert_settings(db, batch)
        elif section == "tags":
            restore_repo.insert_tags(db, batch)
        elif section == "people":
            restore_repo.insert_people(db, batch, lambda name: self.tag_ids[tag_key(name)])
        elif section == "interactions":
            restore_repo.insert_interactions(db, batch)
        elif section == "introductions":
            restore_repo.insert_introductions(db, batch)
        elif section == "promises":
            restore_repo.insert_promises(db, batch)
        elif section == "captured":
            restore_repo.insert_captured(db, self._capture_batch(), batch)
        else:
            restore_repo.insert_capture_keys(db, self._capture_batch(), batch)
        batch.clear()

    def _capture_batch(self) -> int:
        """The one import batch the restored captures belong to (File ▸ Imports… can
        undo them as a whole, as it could each capture before)."""
        if self.batch_id is None:
            self.batch_id = imports_repo.insert_batch(
                self.db,
                file_name=f"history captured before the restore of {self.file}",
                checksum="",
                imported_at=self.now,
                created=0,
                merged=0,
                skipped=0,
                errors=0,
                interactions=self.captured,
            )
        return self.batch_id

    def finish(self) -> None:
        for section in SECTIONS:
            self._flush(section)
        restore_repo.refresh_all_last_contact(self.db)
