"""Build a believable large Relapp database, deterministically, through the storage
layer's bulk fast path (``relapp.storage.bulk``), in batches inside transactions.

    python -m bench.generate OUT_DIR [--size full|small|tiny] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

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
from relapp.storage import Database, bulk, open_database


@dataclass(frozen=True)
class Size:
    people: int
    interactions: int
    introductions: int
    promises: int


SIZES = {
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
CHANNELS = list(Channel)
CHANNEL_WEIGHTS = [30, 20, 12, 20, 8, 5, 2, 3]
DIRECTIONS = list(Direction)


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
    while sum(counts) > total:
        i = rng.randrange(people)
        if counts[i] > 0 and i not in heavy:
            counts[i] -= 1
    return counts


def generate(out_dir: Path, size: Size, seed: int = 7, now: datetime | None = None) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "relapp.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = open_database(path, backups_dir=out_dir / "backups")
    rng = random.Random(seed)
    now = now or datetime(2026, 11, 1, 12, tzinfo=UTC)
    batch = 5_000
    ids: list[int] = []
    for start in range(0, size.people, batch):
        drafts = [_person(rng, i) for i in range(start, min(size.people, start + batch))]
        with db.atomic():
            ids.extend(bulk.insert_people(db, drafts))
    _interactions(db, rng, ids, size.interactions, now)
    db.connection().execute("PRAGMA optimize")
    db.connection().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


def _interactions(
    db: Database, rng: random.Random, ids: list[int], total: int, now: datetime
) -> None:
    counts = _interaction_counts(rng, len(ids), total)
    ten_years = 3650 * 86400
    pending: list[InteractionDraft] = []
    for pid, count in zip(ids, counts, strict=True):
        for _ in range(count):
            others = (rng.choice(ids),) if rng.random() < 0.05 else ()
            pending.append(
                InteractionDraft(
                    occurred_at=now - timedelta(seconds=int(ten_years * rng.random() ** 1.5)),
                    channel=rng.choices(CHANNELS, CHANNEL_WEIGHTS)[0],
                    direction=rng.choice(DIRECTIONS),
                    person_ids=(pid, *others),
                    summary=rng.choice(SUMMARIES),
                    kind=InteractionKind.ORDINARY
                    if rng.random() < 0.95
                    else rng.choice(list(InteractionKind)),
                )
            )
            if len(pending) >= 20_000:
                with db.atomic():
                    bulk.insert_interactions(db, pending)
                pending = []
    if pending:
        with db.atomic():
            bulk.insert_interactions(db, pending)


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
