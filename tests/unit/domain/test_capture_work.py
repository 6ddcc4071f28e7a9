"""How much work planning a capture does per record: bounded by the parties and keys a
file names, not by its instances (a weekly event read over years is one set of
parties). Counted calls, not timings."""

from __future__ import annotations

from datetime import timedelta

import pytest

from relapp.domain.capture import collect
from relapp.domain.capture.collect import Collector
from relapp.domain.capture.known import KnownPeople
from relapp.domain.capture.me import Me
from relapp.domain.capture.records import AddressKind, Party, RecordKind
from tests.capture.generators.records import DAY, ME, email, record

CAROL, DAN = "carol@example.org", "dan@example.org"


def weekly(uid: str, weeks: int, parties: tuple[Party, ...]) -> list[object]:
    """The instances of one repeating event, sharing its parties as the reader gives
    them (one organizer and one tuple of attendees for the whole series)."""
    organizer = email(ME)
    return [
        record(
            RecordKind.EVENT,
            f"{uid}#{n}",
            occurred_at=DAY - timedelta(weeks=n),
            subject="Weekly",
            sender=organizer,
            recipients=parties,
        )
        for n in range(weeks)
    ]


def test_a_repeating_events_parties_are_keyed_once_and_each_key_matched_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    keyed = [0]
    real_key = collect.party_key

    def counting_key(party: Party) -> str:
        keyed[0] += 1
        return real_key(party)

    monkeypatch.setattr(collect, "party_key", counting_key)
    known = KnownPeople(
        by_key={"email:carol@example.org": ((1, False),), "email:dan@example.org": ((2, False),)}
    )
    matched = [0]
    real_match = KnownPeople._match

    def counting_match(self: KnownPeople, key: str) -> object:
        matched[0] += 1
        return real_match(self, key)

    monkeypatch.setattr(KnownPeople, "_match", counting_match)
    attendees = (email(CAROL), Party(DAN, AddressKind.EMAIL, "Dan", declined=False))
    collector = Collector(now=DAY + timedelta(days=1))
    collector.add_all([*weekly("a", 200, attendees), *weekly("b", 200, (email(CAROL),))])

    plan = collector.finish(Me.of([ME]), known)

    assert len(plan.interactions) == 400
    assert {p.person_ids for p in plan.interactions} == {(1, 2), (1,)}
    assert keyed[0] <= 2 * 3  # per series: the organizer and its attendees (it was 1,000)
    assert matched[0] <= 3  # carol, dan and me (it was 1,200: every instance asked again)
