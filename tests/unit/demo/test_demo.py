"""The demo database: believable people and histories from the four stories, always alive
relative to now, and the same every time it is built."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from relapp.demo.build import build_demo
from relapp.domain.errors import InvalidInput
from relapp.domain.model import (
    Channel,
    Direction,
    HistoryEntry,
    InteractionKind,
    Person,
    PersonDraft,
)
from relapp.services import interactions, people
from relapp.storage import Database, open_database

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def demo(db: Database) -> Database:
    build_demo(db, NOW)
    return db


def everyone(db: Database) -> list[Person]:
    return [people.get_person(db, pid) for pid in people.list_people(db)]


def named(db: Database, name: str) -> Person:
    (person,) = [p for p in everyone(db) if p.display_name == name]
    return person


def history(db: Database, person_id: int) -> list[HistoryEntry]:
    return interactions.history_page(db, person_id, 0, 1000)


def all_interactions(db: Database) -> dict[int, HistoryEntry]:
    return {entry.interaction.id: entry for p in everyone(db) for entry in history(db, p.id)}


def test_the_summary_counts_what_was_stored(db: Database) -> None:
    summary = build_demo(db, NOW)
    assert 25 <= summary.people <= 40
    assert people.count_people(db) == summary.people
    assert len(all_interactions(db)) == summary.interactions


def test_each_person_has_between_none_and_sixty_interactions(demo: Database) -> None:
    counts = [interactions.history_count(demo, p.id) for p in everyone(demo)]
    assert max(counts) <= 60
    assert min(counts) == 0
    assert sum(1 for c in counts if c >= 20) >= 5


def test_history_spans_about_three_years_up_to_now(demo: Database) -> None:
    times = [e.interaction.occurred_at for e in all_interactions(demo).values()]
    assert max(times) <= NOW
    assert max(times) >= NOW - timedelta(days=7)
    assert min(times) >= NOW - timedelta(days=3 * 366)
    assert min(times) <= NOW - timedelta(days=2 * 365)


def built_elsewhere(folder: Path, now: datetime) -> tuple[list[str], list[tuple[datetime, str]]]:
    """Build the demo in a database of its own, read it back, and close it again
    (the storage layer serves one open database at a time)."""
    folder.mkdir(parents=True, exist_ok=True)
    other = open_database(folder / "other.sqlite3", backups_dir=folder / "backups")
    try:
        build_demo(other, now)
        names = [p.display_name for p in everyone(other)]
        found = all_interactions(other).values()
        moments = sorted((e.interaction.occurred_at, e.interaction.summary) for e in found)
    finally:
        other.close()
    return names, moments


def test_history_follows_now_so_the_demo_always_looks_alive(tmp_path: Path) -> None:
    later = NOW + timedelta(days=400)
    _, moments = built_elsewhere(tmp_path, later)
    newest = max(when for when, _ in moments)
    assert later - timedelta(days=7) <= newest <= later


def test_the_mix_has_every_channel_direction_favours_and_group_moments(demo: Database) -> None:
    entries = [e.interaction for e in all_interactions(demo).values()]
    assert {i.channel for i in entries} >= set(Channel) - {Channel.OTHER}
    assert {i.direction for i in entries} == set(Direction)
    kinds = [i.kind for i in entries]
    assert kinds.count(InteractionKind.FAVOUR_GIVEN) >= 3
    assert kinds.count(InteractionKind.FAVOUR_RECEIVED) >= 3
    assert sum(1 for i in entries if len(i.person_ids) == 2) >= 3


def test_carol_introduced_dan_at_the_smallbiz_conference_two_years_ago(demo: Database) -> None:
    carol = named(demo, "Carol Roth")
    dan = named(demo, "Dan Whitaker")
    assert "SmallBiz" in carol.met_how and "Dan" in carol.met_how
    assert "Carol" in dan.met_how
    assert carol.met_on is not None
    assert 700 <= (NOW.date() - carol.met_on).days <= 760
    introductions = [
        e.interaction
        for e in history(demo, carol.id)
        if e.interaction.kind is InteractionKind.INTRODUCTION
    ]
    assert [set(i.person_ids) for i in introductions].count({carol.id, dan.id}) == 1


def test_sandra_blasts_while_jeff_calls_back_thursday_at_three(demo: Database) -> None:
    sandra = [e.interaction for e in history(demo, named(demo, "Sandra Blake").id)]
    from_her = [i for i in sandra if i.direction is Direction.INBOUND]
    assert len(from_her) >= 20
    per_day: dict[object, int] = {}
    for i in from_her:
        day = i.occurred_at.astimezone().date()
        per_day[day] = per_day.get(day, 0) + 1
    assert max(per_day.values()) >= 2

    jeff = [e.interaction for e in history(demo, named(demo, "Jeff Park").id)]
    callback = [i for i in jeff if "Thursday at 3" in i.summary and i.channel is Channel.CALL]
    local = [i.occurred_at.astimezone() for i in callback if i.direction is Direction.INBOUND]
    assert [(t.strftime("%A"), t.hour, t.minute) for t in local] == [("Thursday", 15, 0)]


def test_marcus_called_four_times_in_four_hours(demo: Database) -> None:
    calls = sorted(
        e.interaction.occurred_at
        for e in history(demo, named(demo, "Marcus Hill").id)
        if e.interaction.channel is Channel.CALL
        and e.interaction.direction is not Direction.OUTBOUND
    )
    assert len(calls) == 4
    assert calls[-1] - calls[0] <= timedelta(hours=4)


def test_priya_prefers_email_and_avoids_calls(demo: Database) -> None:
    priya = named(demo, "Priya Nair")
    assert priya.preferred_channel is Channel.EMAIL
    assert priya.avoid_channels == frozenset({Channel.CALL})
    said = [e.interaction.summary for e in history(demo, priya.id)]
    assert any("can't take calls" in line for line in said)


def test_a_search_for_jazz_finds_several_people(demo: Database) -> None:
    assert len(people.list_people(demo, "jazz")) >= 4


def test_mr_okafor_remembers_tailoring_and_linen(demo: Database) -> None:
    okafor = named(demo, "Emeka Okafor")
    assert okafor.nickname == "Mr. Okafor"
    assert {"tailoring", "linen"} <= set(okafor.tags)
    assert okafor.id in people.list_people(demo, "linen")


def test_the_little_details_are_there(demo: Database) -> None:
    folks = everyone(demo)
    names = {p.display_name for p in folks}
    assert {"José Núñez", "Zoë Ågren", "Łukasz Wójcik"} <= names
    assert {p.cadence_days for p in folks} >= {7, 30, 90}
    assert any(p.birthday is not None and p.birthday.year is None for p in folks)
    assert max(len(p.organisation) for p in folks) > 60
    phones = {c.value for p in folks for c in p.contact_points}
    assert {"+1 (972) 529-1234", "972.555.0142", "+44 20 7946 0958"} <= phones
    assert sum(len(p.emails()) for p in folks) >= 10
    fading = [p for p in folks if p.last_contact_at and NOW - p.last_contact_at > timedelta(365)]
    assert len(fading) >= 3
    assert all(not p.archived for p in folks)


def test_building_twice_gives_the_same_demo(tmp_path: Path) -> None:
    first = built_elsewhere(tmp_path / "first", NOW)
    second = built_elsewhere(tmp_path / "second", NOW)
    assert len(first[0]) >= 25
    assert second == first


def test_only_an_empty_database_gets_the_demo(db: Database) -> None:
    people.add_person(db, PersonDraft("Someone Real"))
    with pytest.raises(InvalidInput):
        build_demo(db, NOW)
    assert people.count_people(db) == 1
