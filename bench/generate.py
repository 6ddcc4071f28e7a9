"""Build a believable large Relapp database, deterministically, through the storage
layer's bulk fast path (``relapp.storage.bulk``), in batches inside transactions.

People and their interactions first; then introductions and promises, each from a random
stream of its own (so the people and interactions of a seed stay what they were), written
as the services would write them: an introduction logged in the history of everyone in it
and filling in "how we met", a promise kept sometimes logged as the interaction that kept
it. Times are relative to a fixed "now" (1 November 2026, noon UTC); introductions'
history entries fall at noon local time, as the app logs them.

    python -m bench.generate OUT_DIR [--size xl|full|small|tiny] [--seed 7]

Memory stays flat in the interactions: they are drawn and written 20,000 at a time, so
what the generator holds grows with the people (their ids, names, first contacts), not
with the 10,000,000 interactions of ``xl``. Generating ``xl`` this way is an hour or
more of one core; ``bench.tile`` makes it from the full size in SQL.
"""

from __future__ import annotations

import argparse
import itertools
import math
import random
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as wall_time
from pathlib import Path

from bench import note_words
from relapp.domain.introductions import (
    IntroductionDraft,
    Shape,
    describe,
    met_how_text,
    validated,
    with_context,
)
from relapp.domain.model import (
    Birthday,
    Channel,
    ContactKind,
    ContactPoint,
    Direction,
    InteractionDraft,
    InteractionKind,
    PersonDraft,
)
from relapp.domain.promises import Promise, Promiser, PromiseStatus
from relapp.storage import Database, bulk, open_database


@dataclass(frozen=True)
class Size:
    people: int
    interactions: int
    introductions: int
    promises: int


SIZES = {
    "xl": Size(1_000_000, 10_000_000, 200_000, 50_000),  # issue 18: a million people
    "full": Size(100_000, 1_000_000, 20_000, 5_000),
    "small": Size(2_000, 20_000, 400, 100),
    "tiny": Size(300, 3_000, 60, 20),  # for the test that runs the benchmark runner
}

GIVEN = [
    "Carol",
    "Dan",
    "Jeff",
    "Sandra",
    "Marcus",
    "Priya",
    "José",
    "Zoë",
    "Łukasz",
    "Émile",
    "Ana",
    "Björn",
    "Chloé",
    "Dmitri",
    "Fatima",
    "Grace",
    "Hiroshi",
    "Inés",
    "Jamal",
    "Katarzyna",
    "Liam",
    "María",
    "Nikolai",
    "Olga",
    "Pedro",
    "Quentin",
    "Rosa",
    "Søren",
    "Tomás",
    "Uma",
    "Valentina",
    "Wei",
    "Xavier",
    "Yara",
    "Zoltán",
    "Aiko",
    "Bruno",
    "Camille",
    "Diego",
    "Elif",
    "Farah",
    "Gustav",
    "Hana",
    "Ivan",
    "Jonas",
    "Kofi",
    "Lucía",
    "Mateo",
    "Noor",
    "Oskar",
    "Paula",
    "Rafael",
    "Sofia",
    "Thabo",
    "Ulla",
    "Vera",
]
FAMILY = [
    "Roth",
    "Whitaker",
    "Park",
    "Blake",
    "Hill",
    "Nair",
    "Núñez",
    "Ågren",
    "Wójcik",
    "Dubois",
    "García",
    "Müller",
    "Rossi",
    "Kowalski",
    "Nguyen",
    "Okafor",
    "Tanaka",
    "Jensen",
    "O'Brien",
    "Silva",
    "Novak",
    "Ivanova",
    "Schmidt",
    "Haddad",
    "Kim",
    "Lindqvist",
    "Moreau",
    "Costa",
    "Yilmaz",
    "Mensah",
    "Fernández",
    "Petrov",
    "Andersson",
    "Bianchi",
    "Horvat",
    "Sato",
    "Katz",
    "Ferreira",
    "Öztürk",
    "Ramírez",
    "Larsen",
    "Duarte",
    "Lefèvre",
    "Kuznetsov",
    "Chen",
    "Patel",
    "Cohen",
    "Walsh",
]
ORGS = (
    "Northwind Traders",
    "Contoso",
    "Fabrikam",
    "Adventure Works",
    "Tailspin Toys",
    "Wide World Importers",
    "Litware",
    "Proseware",
    "Lucerne Publishing",
    "Blue Yonder Airlines",
    "Coho Winery",
    "Alpine Ski House",
    "",
    "",
)
TAGS = [
    "jazz",
    "sailing",
    "sourdough",
    "chess",
    "linen",
    "tailoring",
    "climbing",
    "poetry",
    "cycling",
    "wine",
    "photography",
    "gardening",
    "startups",
    "investing",
    "running",
    "opera",
    "football",
    "pottery",
    "birding",
    "coffee",
]
SUMMARIES = (
    "Caught up over coffee",
    "Sent the proposal",
    "Quick call about the quote",
    "Lunch, talked about the move",
    "Thank-you note for the introduction",
    "Shared an article on sourdough",
    "Asked about the new collection",
    "Follow-up on the meeting",
    "Birthday wishes",
    "Video call with the team",
)
NOTES_SHARE = 0.6  # interactions with notes
CHANNELS = list(Channel)
CHANNEL_WEIGHTS = [30, 20, 12, 20, 8, 5, 2, 3]
CHANNEL_CUM_WEIGHTS = list(itertools.accumulate(CHANNEL_WEIGHTS))  # the same draws, summed once
DIRECTIONS = list(Direction)
TEN_YEARS = timedelta(days=3650)
NOON = wall_time(12)
MORNING = wall_time(9)


def _person(rng: random.Random, i: int) -> PersonDraft:
    given, family = rng.choice(GIVEN), rng.choice(FAMILY)
    emails = [
        ContactPoint(ContactKind.EMAIL, f"{given}.{family}{i}@example.com".lower(), "work"),
    ]
    if rng.random() < 0.5:
        emails.append(ContactPoint(ContactKind.EMAIL, f"{given}{i}@mail.example".lower(), "home"))
    phones = [
        ContactPoint(
            ContactKind.PHONE,
            f"+1 ({rng.randint(201, 989)}) {rng.randint(200, 999)}-{rng.randint(0, 9999):04}",
            rng.choice(("mobile", "work", "home")),
        )
        for _ in range(rng.choice((0, 1, 1, 2)))
    ]
    return PersonDraft(
        display_name=f"{given} {family}",
        given_name=given,
        family_name=family,
        organisation=rng.choice(ORGS),
        birthday=Birthday(rng.randint(1, 12), rng.randint(1, 28), rng.choice((None, 1980, 1991)))
        if rng.random() < 0.3
        else None,
        cadence_days=rng.choice((None, None, None, 7, 30, 90)),
        tags=tuple(rng.sample(TAGS, rng.choice((0, 1, 2, 3)))),
        notes=rng.choice(("", "", "Likes long walks and old maps.", "Prefers mornings.")),
        contact_points=tuple(emails + phones),
    )


def _interaction_counts(rng: random.Random, people: int, total: int) -> list[int]:
    """A heavy-tailed spread: a few people with thousands, most with a handful."""
    weights = [rng.paretovariate(1.2) for _ in range(people)]
    scale = total / sum(weights)
    counts = [int(w * scale) for w in weights]
    heavy = sorted(range(people), key=lambda i: -weights[i])[:3]
    for i in heavy:
        counts[i] = max(counts[i], 5_000 if total >= 500_000 else total // 20)
    shortfall = total - sum(counts)
    for _ in range(max(0, shortfall)):
        counts[rng.randrange(people)] += 1
    excess = sum(counts) - total  # counted once: summing a million counts a step is O(n^2)
    while excess > 0:
        i = rng.randrange(people)
        if counts[i] > 0 and i not in heavy:
            counts[i] -= 1
            excess -= 1
    return counts


def generate(out_dir: Path, size: Size, seed: int = 7, now: datetime | None = None) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "relapp.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = open_database(path, backups_dir=out_dir / "backups")
    # A larger page cache for this one writer: the indexes of interaction_person and the
    # full-text index take their inserts in person order, all over a file of gigabytes.
    db.connection().execute("PRAGMA cache_size = -262144")  # 256 MB
    rng = random.Random(seed)
    now = now or datetime(2026, 11, 1, 12, tzinfo=UTC)
    batch = 5_000
    ids: list[int] = []
    names: dict[int, str] = {}
    for start in range(0, size.people, batch):
        drafts = [_person(rng, i) for i in range(start, min(size.people, start + batch))]
        with db.atomic():
            new_ids = bulk.insert_people(db, drafts)
        ids.extend(new_ids)
        names.update(zip(new_ids, (d.display_name for d in drafts), strict=True))
    # Notes from a stream of their own too (real words: the full-text search's load).
    notes = random.Random(f"{seed}:notes")
    first_seen, counts = _interactions(db, rng, ids, size.interactions, now, notes)
    # Introductions and promises draw from streams of their own, so that adding them left
    # the people and interactions of a seed exactly as they were.
    known = _known_since(random.Random(f"{seed}:known"), ids, first_seen, now)
    _introductions(
        db, random.Random(f"{seed}:introductions"), ids, names, known, size.introductions, now
    )
    _promises(db, random.Random(f"{seed}:promises"), ids, counts, known, size.promises, now)
    db.connection().execute("PRAGMA optimize")
    db.connection().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


def _interactions(
    db: Database,
    rng: random.Random,
    ids: list[int],
    total: int,
    now: datetime,
    notes: random.Random,
) -> tuple[dict[int, datetime], list[int]]:
    """Log ``total`` interactions; return everyone's first one and how many each has."""
    counts = _interaction_counts(rng, len(ids), total)
    ten_years = 3650 * 86400
    kinds = list(InteractionKind)
    first_seen: dict[int, datetime] = {}
    pending: list[InteractionDraft] = []
    for pid, count in zip(ids, counts, strict=True):
        for _ in range(count):
            others = (rng.choice(ids),) if rng.random() < 0.05 else ()
            occurred_at = now - timedelta(seconds=int(ten_years * rng.random() ** 1.5))
            pending.append(
                InteractionDraft(
                    occurred_at=occurred_at,
                    channel=rng.choices(CHANNELS, cum_weights=CHANNEL_CUM_WEIGHTS)[0],
                    direction=rng.choice(DIRECTIONS),
                    person_ids=(pid, *others),
                    summary=rng.choice(SUMMARIES),
                    notes=note_words.note(notes) if notes.random() < NOTES_SHARE else "",
                    kind=InteractionKind.ORDINARY if rng.random() < 0.95 else rng.choice(kinds),
                )
            )
            for who in (pid, *others):
                if who not in first_seen or occurred_at < first_seen[who]:
                    first_seen[who] = occurred_at
            if len(pending) >= 20_000:
                with db.atomic():
                    bulk.insert_interactions(db, pending)
                pending = []
    if pending:
        with db.atomic():
            bulk.insert_interactions(db, pending)
    return first_seen, counts


def _known_since(
    rng: random.Random, ids: list[int], first_seen: dict[int, datetime], now: datetime
) -> dict[int, datetime]:
    """Since when each person has been in your life: their first interaction, or for
    someone never in touch, a moment in the ten years."""
    span = TEN_YEARS.total_seconds()
    return {
        pid: first_seen.get(pid) or now - timedelta(seconds=int(span * rng.random())) for pid in ids
    }


def _local(day: date, at: wall_time) -> datetime:
    """``day`` at wall time ``at`` in the local zone, in UTC (as the services do)."""
    return datetime.combine(day, at).astimezone().astimezone(UTC)


def _day_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, (last - first).days))


# --- introductions ---------------------------------------------------------------------------

# Where and how an introduction happened, how it is logged in the history, and how often.
INTRODUCTION_CONTEXTS: tuple[tuple[str, Channel, int], ...] = (
    ("by email", Channel.EMAIL, 24),
    ("over coffee", Channel.MEETING, 12),
    ("at the SmallBiz conference", Channel.MEETING, 6),
    ("over lunch", Channel.MEETING, 7),
    ("at a dinner party", Channel.MEETING, 5),
    ("at the Chamber of Commerce mixer", Channel.MEETING, 4),
    ("at the trade show in Chicago", Channel.MEETING, 3),
    ("at a wedding", Channel.MEETING, 2),
    ("at the sailing club", Channel.MEETING, 2),
    ("on a video call", Channel.VIDEO, 6),
    ("on a call", Channel.CALL, 5),
    ("by text", Channel.MESSAGE, 5),
    ("in a group chat", Channel.MESSAGE, 4),
    ("on LinkedIn", Channel.SOCIAL, 4),
    ("by letter", Channel.LETTER, 1),
    ("Kids' football practice", Channel.MEETING, 2),
    ("Board retreat", Channel.MEETING, 1),
    ("", Channel.EMAIL, 7),  # no context said; the app logs it by email
)
# How the introductions split by where you are in them.
SHAPE_WEIGHTS = {Shape.TO_ME: 45, Shape.BY_ME: 25, Shape.AMONG_OTHERS: 30}
CONNECTOR_SHARE = 0.7  # of introductions someone else made, the share a connector made


def _introductions(
    db: Database,
    rng: random.Random,
    ids: list[int],
    names: dict[int, str],
    known: dict[int, datetime],
    total: int,
    now: datetime,
) -> None:
    """Record ``total`` introductions as ``services.introductions.record_introduction``
    would, in bulk: each is logged (kind INTRODUCTION) in the history of everyone in it,
    and the person it brought into your life gets "how we met" and "met on".

    A few connectors (among the people you have known longest, with Zipf-like weights)
    make most of the introductions; everyone else is introduced once or never,
    and introduced to you at most once. An introduction to you comes shortly before your
    first contact with the person; any other after all three were in your life. Known
    since moves to the day someone was introduced to you when that is earlier."""
    if total <= 0 or len(ids) < 3:
        return
    last_day = now.date() - timedelta(days=1)  # before "today" in any time zone
    longest = sorted(ids, key=lambda pid: (known[pid], pid))[: max(3, len(ids) // 10)]
    connectors = rng.sample(longest, max(3, len(ids) // 500))
    # Zipf-like: at the full size the busiest makes about 900, the 200th about 15.
    connector_weights = list(
        itertools.accumulate((rank + 1) ** -0.8 for rank in range(len(connectors)))
    )
    shapes = list(SHAPE_WEIGHTS)
    shape_weights = list(itertools.accumulate(SHAPE_WEIGHTS.values()))
    contexts = list(itertools.accumulate(w for _, _, w in INTRODUCTION_CONTEXTS))
    met: set[int] = set()  # people introduced to you
    pairs: set[frozenset[int | None]] = set()

    def introducer() -> int:
        if rng.random() < CONNECTOR_SHARE:
            return rng.choices(connectors, cum_weights=connector_weights)[0]
        return rng.choice(ids)

    plan: list[tuple[IntroductionDraft, Channel]] = []
    for attempt in itertools.count():
        if len(plan) == total:
            break
        if attempt > total * 100:
            raise ValueError(f"{total} introductions do not fit among {len(ids)} people")
        shape = rng.choices(shapes, cum_weights=shape_weights)[0]
        if shape is Shape.TO_ME:
            found = _introduced_to_you(rng, ids, known, met, introducer(), last_day)
        else:
            x = None if shape is Shape.BY_ME else introducer()
            found = _introduced_others(rng, ids, known, pairs, x, last_day)
        if found is None:
            continue
        x, a, b, day = found
        context, channel, _ = rng.choices(INTRODUCTION_CONTEXTS, cum_weights=contexts)[0]
        draft = validated(IntroductionDraft(x, a, b, day, context), today=last_day)
        if a is None and b is not None:
            met.add(b)
            known[b] = min(known[b], _local(day, NOON))
        pairs.add(frozenset((a, b)))
        plan.append((draft, channel))
    plan.sort(key=lambda item: item[0].occurred_on or date.min)  # recorded as they happened
    for start in range(0, len(plan), 5_000):
        chunk = plan[start : start + 5_000]
        history = [
            InteractionDraft(
                occurred_at=_local(d.occurred_on or last_day, NOON),
                channel=channel,
                direction=Direction.OUTBOUND if d.shape is Shape.BY_ME else Direction.BOTH,
                person_ids=d.people(),
                summary=with_context(describe(d, names), d.context),
                kind=InteractionKind.INTRODUCTION,
            )
            for d, channel in chunk
        ]
        met_rows = []  # as the service fills them in: nobody's were filled in before
        for d, _ in chunk:
            newly_met, how = d.newly_met(), met_how_text(d, names)
            if newly_met is not None and how is not None:
                met_rows.append((newly_met, how, d.occurred_on))
        with db.atomic():
            logged = bulk.insert_interactions(db, history)
            bulk.insert_introductions(db, [d for d, _ in chunk], logged)
            bulk.set_met(db, met_rows)


def _introduced_to_you(
    rng: random.Random,
    ids: list[int],
    known: dict[int, datetime],
    met: set[int],
    x: int,
    last_day: date,
) -> tuple[int, None, int, date] | None:
    """(x, you, b, day): someone x introduced you to, before your first contact with them
    (within a few weeks) and after you knew x; None when no one fits at once."""
    for _ in range(8):
        b = rng.choice(ids)
        if b == x or b in met:
            continue
        first = known[x].date()
        last = min(known[b].date(), last_day)
        if first > last:
            continue
        gap = int(rng.expovariate(1 / 12))  # days before your first contact
        return x, None, b, max(first, last - timedelta(days=gap))
    return None


def _introduced_others(
    rng: random.Random,
    ids: list[int],
    known: dict[int, datetime],
    pairs: set[frozenset[int | None]],
    x: int | None,
    last_day: date,
) -> tuple[int | None, int, int, date] | None:
    """(x, a, b, day): x (None: you) introduced a to b, after all of them were in your
    life; None when the pick does not fit."""
    a, b = rng.choice(ids), rng.choice(ids)
    if len({x, a, b}) < 3 or frozenset((a, b)) in pairs:
        return None
    first = max(known[p] for p in (x, a, b) if p is not None).date()
    if first > last_day:
        return None
    return x, a, b, _day_between(rng, first, last_day)


# --- promises --------------------------------------------------------------------------------

MY_PROMISES = (
    "send the pricing",
    "send the pilot results summary",
    "call back about the quote",
    "share the slides from the talk",
    "introduce them to a good accountant",
    "return the book",
    "send the photos from the trip",
    "review the contract draft",
    "check in after the surgery",
    "send a proper thank-you note",
    "follow up on the proposal",
    "book a table for lunch",
    "send the reference letter",
    "look over the business plan",
)
THEIR_PROMISES = (
    "send the quotes",
    "call back with options",
    "send the Tulsa firm's contact details",
    "share the spreadsheet",
    "return the ladder",
    "send the signed contract",
    "introduce me to their CFO",
    "get back about the dates",
    "send the invoice",
    "confirm the venue",
)
OPEN_SHARE = 0.08  # of all promises, at least three
OVERDUE_SHARE = 0.4  # of the open ones; the rest fall due in the coming days and weeks
CANCELLED_SHARE = 0.07
MINE_SHARE = 0.7
LOGGED_SHARE = 0.55  # of those kept, the share logged in the history as they were kept


def _promises(
    db: Database,
    rng: random.Random,
    ids: list[int],
    counts: list[int],
    known: dict[int, datetime],
    total: int,
    now: datetime,
) -> None:
    """``total`` promises, as ``services.promises`` would have left them: mostly yours,
    mostly kept (some logged in the history as they were kept, linked), some cancelled,
    and some open (overdue, a few snoozed, and due in the coming days and weeks). Kept and
    cancelled ones fall due over the years; each was made after you knew the person,
    busier relationships holding more promises."""
    if total <= 0 or not ids:
        return
    n_open = min(total, max(3, round(total * OPEN_SHARE)))
    n_overdue = round(n_open * OVERDUE_SHARE)
    n_cancelled = min(total - n_open, round(total * CANCELLED_SHARE))
    kinds = (
        ["overdue"] * n_overdue
        + ["upcoming"] * (n_open - n_overdue)
        + ["cancelled"] * n_cancelled
        + ["done"] * (total - n_open - n_cancelled)
    )
    weights = list(itertools.accumulate(c + 1 for c in counts))
    made: list[tuple[Promise, InteractionDraft | None]] = []
    for kind in kinds:
        for _ in range(1_000):
            person = rng.choices(ids, cum_weights=weights)[0]
            found = _promise(rng, kind, person, known[person], now)
            if found is not None:
                made.append(found)
                break
        else:
            raise ValueError(f"no one was known long enough for a {kind} promise")
    made.sort(key=lambda item: (item[0].created_at, item[0].due_at))  # recorded in order
    for start in range(0, len(made), 5_000):
        chunk = made[start : start + 5_000]
        with db.atomic():
            logged = iter(bulk.insert_interactions(db, [log for _, log in chunk if log]))
            bulk.insert_promises(
                db, [p for p, _ in chunk], [next(logged) if log else None for _, log in chunk]
            )


def _hours(value: float) -> timedelta:
    return timedelta(minutes=round(value * 60))


def _promise(
    rng: random.Random, kind: str, person: int, since: datetime, now: datetime
) -> tuple[Promise, InteractionDraft | None] | None:
    """One promise of ``kind`` with ``person`` (known ``since``), and the interaction
    that kept it if it was logged; None when the person was not known early enough."""
    mine = rng.random() < MINE_SHARE
    what = rng.choice(MY_PROMISES if mine else THEIR_PROMISES)
    channel = (
        rng.choices(CHANNELS, cum_weights=CHANNEL_CUM_WEIGHTS)[0] if rng.random() < 0.85 else None
    )
    lead = _hours(max(0.25, rng.expovariate(1 / 120)))  # made ~5 days before it is due
    at = wall_time(rng.randint(8, 17), rng.choice((0, 0, 30)))
    status = PromiseStatus.OPEN
    snoozed = notified = done = None
    log = None
    if kind in ("done", "cancelled"):
        latest = now - timedelta(days=2) - lead
        if since >= latest:
            return None
        made_at = since + (latest - since) * rng.random()
        due = _local((made_at + lead).date(), at)
        if due <= made_at:
            due += timedelta(days=1)
        if kind == "done":
            status = PromiseStatus.DONE
            done = due + _hours(rng.triangular(-72, 168, 0))  # early, on time or late
        else:
            status = PromiseStatus.CANCELLED
            done = made_at + (due + timedelta(days=14) - made_at) * rng.random()
        done = min(max(done, made_at + timedelta(minutes=10)), now - timedelta(hours=1))
        notified = due if done > due else None  # the reminder came before it was settled
        if kind == "done" and rng.random() < LOGGED_SHARE:
            log = InteractionDraft(
                occurred_at=done,
                channel=channel or rng.choices(CHANNELS, cum_weights=CHANNEL_CUM_WEIGHTS)[0],
                direction=Direction.OUTBOUND if mine else Direction.INBOUND,
                person_ids=(person,),
                summary=what[:1].upper() + what[1:],
            )
    elif kind == "overdue":  # mostly in the last few days, a few weeks late at most
        today = now.astimezone().date()
        due = _local(today - timedelta(days=min(60, int(rng.expovariate(1 / 5)))), at)
        if due > now - timedelta(hours=1):
            due -= timedelta(days=1)
        made_at = due - lead
        if made_at <= since:
            return None
        if rng.random() < 0.75:  # announced when it fell due; else due while Relapp was shut
            notified = due
            if rng.random() < 0.2:  # and snoozed till tomorrow morning, or an hour, just now
                snoozed = rng.choice(
                    (_local(today + timedelta(days=1), MORNING), now + _hours(rng.uniform(0.1, 1)))
                )
    else:  # upcoming: a few later today, most in the coming days and weeks
        today = now.astimezone().date()
        due = _local(today + timedelta(days=math.ceil(rng.expovariate(1 / 10))), at)
        if rng.random() < 0.1:  # later today: on a half hour, within six hours
            half_hours = math.ceil(now.timestamp() / 1800) + rng.randint(1, 12)
            due = datetime.fromtimestamp(half_hours * 1800, UTC)
        made_at = now - _hours(rng.uniform(0.1, 24 * 14))
        if made_at <= since or due <= now:
            return None
    promise = Promise(
        person_id=person,
        promiser=Promiser.ME if mine else Promiser.THEM,
        what=what,
        channel=channel,
        due_at=due,
        id=0,
        status=status,
        snoozed_until=snoozed,
        last_notified_at=notified,
        created_at=made_at,
        done_at=done,
    )
    return promise, log


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    started = time.perf_counter()
    path = generate(args.out_dir, SIZES[args.size], args.seed)
    print(f"{path}: {path.stat().st_size / 1e6:.0f} MB in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
