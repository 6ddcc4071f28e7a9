"""From a stream of records to a ``CapturePlan``: grouping, who is me, matching.

``Collector.add`` takes the records one at a time and keeps only what the rules need
(keys, flags and times, never a body); ``finish`` applies the rules once "me", the
people behind the keys and the keys captured before are known:

- **Grouping.** Mail: one interaction per thread (the root of References / In-Reply-To,
  else the message itself) per LOCAL calendar day, channel email, summary = the
  subject, with its message count. Chats: one per chat per local day, channel message.
  Calls: one per call, channel call, with its duration (missed calls are skipped).
  Calendar: one meeting per past event instance at its start, direction both; an event
  still to come, or one I declined, is skipped.
- **Direction.** Outbound when every message of the group is from me, inbound when none
  is, both when mixed. A record is from me when the file says so (``from_me``), else
  when its sender's key is one of mine.
- **People.** Every party of the group's messages except me that ``KnownPeople``
  matches (see ``known.py``); an event counts its organizer and attendees. Unknown
  addresses I wrote to at least ``OFFER_AFTER`` times, and contacts a file lists
  (LinkedIn connections), are offered as new people; the rest are counted.
- **Idempotence.** Each interaction has a key (``PlannedInteraction.key``) and each
  message its own ("mail:<Message-ID>"; mail in several files of one capture counts
  once). A message whose key was captured before is skipped as "captured before"; the
  new messages of a thread-day (chat-day) captured before (an archive grown since,
  later that day) grow that day's entry (``PlannedInteraction.grows``, see ``grow.py``).
  When that entry was deleted by hand, its day's new messages stay out too ("captured
  before"): a deleted day does not come back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import NamedTuple

from relapp.domain.capture.conversation import SkipReason, skip_reason
from relapp.domain.capture.keys import call_summary, group_key, record_key
from relapp.domain.capture.known import KnownPeople
from relapp.domain.capture.me import NAME, Me, party_key, shown, suggest_chat_name, suggest_me
from relapp.domain.capture.plan import CapturePlan, NewPerson, PlannedInteraction
from relapp.domain.capture.records import (
    AddressKind,
    Captured,
    CapturedPerson,
    CaptureItem,
    CaptureProblem,
    Party,
    RecordKind,
    SourceKind,
)
from relapp.domain.model import Channel, Direction

OFFER_AFTER = 2
_PartyKeys = tuple[str, tuple[str, ...], tuple[str, ...]]
KEEP_PROBLEMS = 1000  # problems kept to show; all are counted
SHOW_UNKNOWN = 20

_CHANNEL = {
    RecordKind.MAIL: Channel.EMAIL,
    RecordKind.MESSAGE: Channel.MESSAGE,
    RecordKind.CALL: Channel.CALL,
    RecordKind.EVENT: Channel.MEETING,
}


class _Message(NamedTuple):
    """A message as the rules need it. A tuple of strings, times and flags: the cycle
    collector stops tracking it, so holding 100,000 of them costs a collection (which
    the window runs on the GUI thread) nothing."""

    key: str
    at: datetime
    sender: str
    from_me: bool | None
    parties: tuple[str, ...]  # recipients' keys (attendees, chat members)
    declined: tuple[str, ...] = ()
    duration: int | None = None


@dataclass(slots=True)
class _Group:
    key: str
    kind: RecordKind
    source: SourceKind
    subject: str
    messages: list[_Message] = field(default_factory=list)


class Collector:
    """Collects records (``add``) and plans the capture (``finish``)."""

    def __init__(self, *, now: datetime, tz: tzinfo | None = None) -> None:
        self.now = now
        self.tz = tz
        self.groups: dict[str, _Group] = {}
        self.seen_records: set[str] = set()
        self.skipped: Counter[SkipReason] = Counter()
        self.problems: list[CaptureProblem] = []
        self.problem_count = 0
        self.people: list[CapturedPerson] = []
        self.names: dict[str, str] = {}
        self.sent_by: Counter[str] = Counter()
        self.seen_on: Counter[str] = Counter()
        self.chat_authors: dict[tuple[str, str], set[str]] = {}  # name-only authors by chat
        self.mail = 0
        self.records = 0
        self.kinds: set[RecordKind] = set()
        self._last_parties: tuple[Party | None, tuple[Party, ...], _PartyKeys] | None = None

    def add_all(self, items: Iterable[CaptureItem]) -> None:
        for item in items:
            self.add(item)

    def add(self, item: CaptureItem) -> None:
        if isinstance(item, CaptureProblem):
            self.problem_count += 1
            if len(self.problems) < KEEP_PROBLEMS:
                self.problems.append(item)
        elif isinstance(item, CapturedPerson):
            self.people.append(item)
        else:
            self._add_record(item)

    def _key(self, party: Party) -> str:
        key = party_key(party)
        if key and party.name:
            self.names[key] = party.name
        return key

    def _party_keys(self, record: Captured) -> _PartyKeys:
        """The sender's key, the recipients' and those of who declined. The instances of
        a repeating event come one after the other and share their parties: the keys
        of the last record's parties are kept for the next."""
        last = self._last_parties
        if last is not None and last[0] is record.sender and last[1] is record.recipients:
            return last[2]
        sender = self._key(record.sender) if record.sender is not None else ""
        parties = tuple(k for k in (self._key(p) for p in record.recipients) if k)
        declined = tuple(party_key(p) for p in record.recipients if p.declined)
        self._last_parties = (record.sender, record.recipients, (sender, parties, declined))
        return sender, parties, declined

    def _add_record(self, record: Captured) -> None:
        self.records += 1
        self.kinds.add(record.kind)
        reason = skip_reason(record)
        if reason is None and record.kind is RecordKind.CALL and record.missed:
            reason = SkipReason.MISSED_CALL
        if reason is None and record.kind is RecordKind.EVENT and record.occurred_at > self.now:
            reason = SkipReason.FUTURE
        if reason is not None:
            self.skipped[reason] += 1
            return
        rkey = record_key(record)
        if rkey in self.seen_records:
            return  # the same message twice in this capture (Inbox and All mail)
        self.seen_records.add(rkey)
        sender, parties, declined = self._party_keys(record)
        if record.from_me and sender:
            self.sent_by[sender] += 1
        if record.kind is RecordKind.MESSAGE and sender.startswith(NAME):
            self.chat_authors.setdefault((record.source, record.thread), set()).add(sender)
        if record.kind is RecordKind.MAIL:
            self.mail += 1
            self.seen_on.update({k for k in (sender, *parties) if k})
        day = record.occurred_at.astimezone(self.tz).date().isoformat()
        gkey = group_key(record, day)
        group = self.groups.get(gkey)
        if group is None:
            group = self.groups[gkey] = _Group(gkey, record.kind, record.source, record.subject)
        elif not group.subject:
            group.subject = record.subject
        group.messages.append(
            _Message(
                rkey,
                record.occurred_at,
                sender,
                record.from_me,
                parties,
                declined,
                record.duration_seconds,
            )
        )

    # --- what finishing needs to look up ------------------------------------------------

    def party_keys(self) -> set[str]:
        """Every key the records name (to look up the people behind them)."""
        found = {m.sender for g in self.groups.values() for m in g.messages if m.sender}
        found.update(k for g in self.groups.values() for m in g.messages for k in m.parties)
        for person in self.people:
            found.update(_person_keys(person))
        return found

    def capture_keys(self) -> set[str]:
        """Every interaction and message key (to ask which were captured before)."""
        return set(self.groups) | self.seen_records

    def day_keys(self) -> set[str]:
        """The interaction keys (a day captured before may have grown since)."""
        return set(self.groups)

    def suggested_me(self) -> Me:
        return suggest_me(self.sent_by, self.seen_on, self.mail)

    def suggested_name(self) -> str:
        """My chat name's key, suggested from the chats (see ``suggest_chat_name``)."""
        return suggest_chat_name(self.chat_authors.values())

    # --- the plan ---------------------------------------------------------------------------

    def finish(
        self,
        me: Me,
        known: KnownPeople,
        existing: Iterable[str] = (),
        files: Iterable[str] = (),
        entries: Mapping[str, int] | None = None,
    ) -> CapturePlan:
        """The plan. ``existing``: the keys captured before; ``entries``: of those, the
        day keys whose entry is still there (key -> its interaction id)."""
        suggested = not me
        if suggested:
            me = self.suggested_me()
        if not me.has_name and (name := self.suggested_name()):
            me = me.with_name(name, self.names.get(name, shown(name)))
            suggested = True
        before = set(existing)
        skipped = Counter(self.skipped)
        counts = self._counts(me, known)  # once: it walks every message
        offered = self._offer(counts, known)
        by_key = {p.key: p.placeholder for p in offered}
        planned: list[PlannedInteraction] = []
        for group in self.groups.values():
            fresh = [m for m in group.messages if m.key not in before]
            skipped[SkipReason.ALREADY] += len(group.messages) - len(fresh)
            if not fresh:
                continue
            grows = None
            if group.key in before:  # a day captured before, grown since
                grows = (entries or {}).get(group.key)
                if grows is None:  # its entry was deleted by hand: the day stays out
                    skipped[SkipReason.ALREADY] += len(fresh)
                    continue
            if group.kind is RecordKind.EVENT and any(k in me for m in fresh for k in m.declined):
                skipped[SkipReason.DECLINED] += len(fresh)
                continue
            made = self._interaction(group, fresh, me, known, by_key, grows)
            if made is None:
                skipped[SkipReason.NOBODY_KNOWN] += len(fresh)
            else:
                planned.append(made)
        planned.sort(key=lambda p: (p.occurred_at, p.key))
        unknown = self._unknown(counts[1], set(by_key))
        return CapturePlan(
            interactions=tuple(planned),
            offered=offered,
            unknown=tuple(unknown[:SHOW_UNKNOWN]),
            unknown_count=len(unknown),
            skipped={r: n for r, n in skipped.items() if n},
            problems=tuple(self.problems),
            problem_count=self.problem_count,
            me=me,
            me_suggested=suggested,
            records=self.records,
            kinds=frozenset(self.kinds),
            files=tuple(files),
        )

    def _from_me(self, message: _Message, me: Me) -> bool:
        return message.from_me if message.from_me is not None else message.sender in me

    def _interaction(
        self,
        group: _Group,
        messages: list[_Message],
        me: Me,
        known: KnownPeople,
        offered: dict[str, int],
        grows: int | None = None,
    ) -> PlannedInteraction | None:
        ids: dict[int, None] = {}
        by_name: dict[int, None] = {}
        mine = [self._from_me(m, me) for m in messages]
        for message, from_me in zip(messages, mine, strict=True):
            keys = message.parties if from_me else (message.sender, *message.parties)
            for key in keys:
                if not key or key in me:
                    continue
                match = known.match(key)
                if match is not None:
                    ids.update(dict.fromkeys(match.person_ids))
                    if match.by_name:
                        by_name.update(dict.fromkeys(match.person_ids))
                elif key in offered:
                    ids[offered[key]] = None
        if not ids and grows is None:  # a growth may bring nobody new: it still counts
            return None
        if group.kind is RecordKind.EVENT:
            direction = Direction.BOTH
        elif all(mine):
            direction = Direction.OUTBOUND
        elif not any(mine):
            direction = Direction.INBOUND
        else:
            direction = Direction.BOTH
        first = min(messages, key=lambda m: m.at)
        duration = first.duration if group.kind is RecordKind.CALL else None
        summary = call_summary(duration) if group.kind is RecordKind.CALL else group.subject
        return PlannedInteraction(
            key=group.key,
            record_keys=tuple(m.key for m in messages),
            source=group.source,
            occurred_at=first.at,
            channel=_CHANNEL[group.kind],
            direction=direction,
            summary=summary,
            person_ids=tuple(ids),
            by_name=tuple(by_name),
            message_count=len(messages),
            duration_seconds=duration,
            grows=grows,
        )

    def _counts(self, me: Me, known: KnownPeople) -> tuple[Counter[str], Counter[str]]:
        """Per unknown address: messages I wrote to it, messages it is on."""
        written: Counter[str] = Counter()
        seen: Counter[str] = Counter()
        for group in self.groups.values():
            for message in group.messages:
                from_me = self._from_me(message, me)
                keys = set(message.parties) | ({message.sender} if not from_me else set())
                for key in keys:
                    if not key or key.startswith(NAME) or key in me or known.match(key):
                        continue
                    seen[key] += 1
                    if from_me and key in message.parties:
                        written[key] += 1
        return written, seen

    def _offer(
        self, counts: tuple[Counter[str], Counter[str]], known: KnownPeople
    ) -> tuple[NewPerson, ...]:
        written, seen = counts
        wanted = sorted(
            (k for k, n in written.items() if n >= OFFER_AFTER), key=lambda k: (-written[k], k)
        )
        out: dict[str, NewPerson] = {}
        for key in wanted:
            name = self.names.get(key, "")
            out[key] = NewPerson(-(len(out) + 1), key, name, written[key], seen[key])
        for person in self.people:
            keys = _person_keys(person)
            if not keys or any(known.match(k) for k in keys) or any(k in out for k in keys):
                continue
            name = " ".join(f"{person.first_name} {person.last_name}".split())
            out[keys[0]] = NewPerson(
                -(len(out) + 1),
                keys[0],
                name,
                organisation=person.organisation,
                title=person.title,
                connected_on=person.connected_on,
            )
        return tuple(out.values())

    def _unknown(self, seen: Counter[str], offered: set[str]) -> list[NewPerson]:
        rest = sorted((k for k in seen if k not in offered), key=lambda k: (-seen[k], k))
        return [NewPerson(0, k, self.names.get(k, ""), seen=seen[k]) for k in rest]


def _person_keys(person: CapturedPerson) -> tuple[str, ...]:
    keys = []
    if person.email:
        keys.append(party_key(Party(person.email, AddressKind.EMAIL)))
    if person.profile_url:
        keys.append(party_key(Party(person.profile_url, AddressKind.PROFILE_URL)))
    return tuple(k for k in keys if k)
