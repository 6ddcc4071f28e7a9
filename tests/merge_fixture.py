"""Two records of one person (Carol Roth, and "Carrie Roth" from an old phone) with
history of every kind on both, and people around them (for the merging tests)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from relapp.domain.introductions import IntroductionDraft
from relapp.domain.model import (
    Birthday,
    Channel,
    ContactKind,
    ContactPoint,
    Direction,
    InteractionDraft,
    PersonDraft,
)
from relapp.domain.promises import PromiseDraft, Promiser
from relapp.services import interactions, introductions, merging, people, promises
from relapp.storage import Database

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
# A 1x1 PNG, so the avatar can draw it.
PHOTO = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c49444154"
    "789c6338639c0600033401663886e0ac0000000049454e44ae426082"
)

CAROL = PersonDraft(
    "Carol Roth",
    given_name="Carol",
    family_name="Roth",
    organisation="Acme",
    notes="Loves jazz",
    tags=("jazz",),
    contact_points=(
        ContactPoint(ContactKind.EMAIL, "carol@acme.example", "work"),
        ContactPoint(ContactKind.PHONE, "+1 972 555 0100", "mobile"),
    ),
)
CARRIE = PersonDraft(
    "Carrie Roth",
    given_name="Carrie",
    family_name="Roth",
    birthday=Birthday(4, 12, 1980),
    met_how="golf club",
    notes="Loves jazz\nPlays golf on Sundays",
    tags=("Jazz", "golf"),
    contact_points=(
        ContactPoint(ContactKind.EMAIL, "Carol@ACME.example", "old"),
        ContactPoint(ContactKind.EMAIL, "carrie@home.example", "home"),
    ),
    photo=PHOTO,
)


def build(db: Database) -> dict[str, int]:
    """Carol (kept), Carrie (absorbed), Dan and Ed, with history both ways."""
    ids = {
        "carol": people.add_person(db, CAROL).id,
        "carrie": people.add_person(db, CARRIE).id,
        "dan": people.add_person(db, PersonDraft("Dan Whitaker")).id,
        "ed": people.add_person(db, PersonDraft("Ed Navarro")).id,
    }
    carol, carrie, dan, ed = ids["carol"], ids["carrie"], ids["dan"], ids["ed"]

    def log(days: int, who: tuple[int, ...], summary: str) -> int:
        draft = InteractionDraft(
            NOW - timedelta(days=days), Channel.CALL, Direction.BOTH, who, summary
        )
        return interactions.log_interaction(db, draft).id

    ids["call_carol"] = log(30, (carol,), "Call with Carol about the pricing")
    ids["call_carrie"] = log(3, (carrie,), "Carrie called about golf")
    ids["lunch_all"] = log(10, (carol, carrie, dan), "Lunch with Carol and Dan")
    ids["call_carrie_ed"] = log(50, (carrie, ed), "Call with Carrie and Ed")

    def promise(person: int, promiser: Promiser, what: str) -> int:
        draft = PromiseDraft(person, promiser, what, Channel.EMAIL, NOW + timedelta(days=2))
        return promises.create_promise(db, draft, now=NOW).id

    ids["p_carol"] = promise(carol, Promiser.ME, "send the pricing")
    ids["p_carrie_me"] = promise(carrie, Promiser.ME, "book the tee time")
    ids["p_carrie_them"] = promise(carrie, Promiser.THEM, "send the club's rules")

    def intro(introducer: int | None, a: int | None, b: int | None) -> int:
        draft = IntroductionDraft(introducer, a, b, date(2025, 5, 1), "at the club")
        return introductions.record_introduction(db, draft, now=NOW).id

    ids["i_carrie_to_me_dan"] = intro(carrie, None, dan)  # Carrie introduced me to Dan
    ids["i_dan_carol_carrie"] = intro(dan, carol, carrie)  # becomes Carol meets Carol
    ids["i_carol_me_carrie"] = intro(carol, None, carrie)  # Carol introduced me to Carrie
    ids["i_ed_dan_carrie"] = intro(ed, dan, carrie)  # Ed introduced Dan to Carrie
    merging.not_the_same(db, carrie, ed)
    return ids
