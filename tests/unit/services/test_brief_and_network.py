"""The brief read from the database, the network graph, and who can introduce you."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np

from relapp.domain.introductions import IntroductionDraft
from relapp.domain.model import (
    Channel,
    Direction,
    InteractionDraft,
    InteractionKind,
    PersonDraft,
)
from relapp.domain.promises import Promiser
from relapp.services import interactions, introductions, people
from relapp.services.brief import brief_for
from relapp.services.network import arrange, label_text, load_network, who_can_introduce
from relapp.storage import Database

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def add(db: Database, name: str, **kw) -> int:
    return people.add_person(db, PersonDraft(name, **kw)).id


def log(db: Database, days_ago: float, who: tuple[int, ...], summary: str, kind=None) -> None:
    interactions.log_interaction(
        db,
        InteractionDraft(
            NOW - timedelta(days=days_ago),
            Channel.CALL,
            Direction.BOTH,
            who,
            summary,
            kind=kind or InteractionKind.ORDINARY,
        ),
    )


def promise(db: Database, person: int, promiser: str, what: str, due: datetime, status="open"):
    db.connection().execute(
        "INSERT INTO promise (person_id, promiser, what, due_at, status, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (person, promiser, what, int(due.timestamp()), status, int(NOW.timestamp())),
    )


def test_the_brief_shows_who_introduced_them_and_what_each_owes(db: Database) -> None:
    carol = add(db, "Carol Roth")
    dan = add(db, "Dan Whitaker", preferred_channel=Channel.CALL, tags=("golf", "logistics"))
    introductions.record_introduction(
        db, IntroductionDraft(carol, None, dan, date(2024, 2, 1), "at SmallBiz"), now=NOW
    )
    for days in (40, 20, 10, 2):
        log(db, days, (dan,), f"talk {days}")
    log(db, 30, (dan,), "recommended us in Tulsa", InteractionKind.FAVOUR_RECEIVED)
    log(db, 300, (dan,), "fixed his dashboard", InteractionKind.FAVOUR_GIVEN)
    log(db, 200, (dan,), "helped with hiring", InteractionKind.FAVOUR_GIVEN)
    promise(db, dan, "me", "send the pricing", NOW + timedelta(days=2))
    promise(db, dan, "them", "send the quotes", NOW - timedelta(days=1))
    promise(db, dan, "me", "old thing", NOW - timedelta(days=9), status="done")

    brief = brief_for(db, dan, now=NOW)
    assert (brief.introducer_id, brief.introducer_name) == (carol, "Carol Roth")
    assert brief.met_on == date(2024, 2, 1)
    assert brief.met_how == "Introduced by Carol Roth at SmallBiz"
    assert [i.summary for i in brief.recent] == ["talk 2", "talk 10", "talk 20"]
    assert [(p.promiser, p.what) for p in brief.promises] == [
        (Promiser.THEM, "send the quotes"),
        (Promiser.ME, "send the pricing"),
    ]
    assert brief.favours_given.count == 2
    assert brief.favours_given.last_summary == "helped with hiring"
    assert brief.favours_received.count == 1
    assert brief.favours_received.last_at == NOW - timedelta(days=30)
    assert brief.preferred is Channel.CALL and brief.interests == ("golf", "logistics")
    texts = {line.key: line.text for line in brief.lines()}
    # a day past due is past the grace: broken (issue 13: one state rule everywhere)
    assert texts["they_owe"].startswith("send the quotes (broken")
    assert "introduced by" not in texts["met"]  # already said by how you met


def test_a_brief_for_someone_new_is_mostly_empty(db: Database) -> None:
    zed = add(db, "Zed")
    brief = brief_for(db, zed, now=NOW)
    assert brief.introducer_id is None and brief.recent == () and brief.promises == ()


def test_the_network_leaves_out_archived_people(db: Database) -> None:
    carol, dan, ed, gone = (add(db, n) for n in ("Carol", "Dan", "Ed", "Gone"))
    introductions.record_introduction(db, IntroductionDraft(carol, None, dan), now=NOW)
    introductions.record_introduction(db, IntroductionDraft(None, carol, ed), now=NOW)
    introductions.record_introduction(db, IntroductionDraft(gone, dan, ed), now=NOW)
    people.archive_person(db, gone)
    graph = load_network(db)
    assert set(graph.ids) == {None, carol, dan, ed}
    assert graph.edge_count == 4
    picture = arrange(graph, label_width=lambda t: 7.0 * len(t), label_px=16, viewport=(800, 600))
    assert picture.positions.shape == (4, 2) and np.all(np.isfinite(picture.positions))
    assert picture.labels[-1].shown.all()  # zoomed in, every name fits
    assert picture.level_for(picture.scales[0] / 2) == 0
    assert picture.level_for(picture.scales[3]) == 3
    assert picture.order[0] == picture.graph.center


def test_long_names_are_shortened_on_the_map() -> None:
    assert label_text("Ann") == "Ann"
    long = "International Association of Independent Bookbinders"
    assert len(label_text(long)) == 28 and label_text(long).endswith("…")


def test_who_can_introduce_me_lists_paths_with_the_last_contact_on_each_step(
    db: Database,
) -> None:
    carol, dan, ed, ben = (add(db, n) for n in ("Carol Roth", "Dan Whitaker", "Ed Navarro", "Ben"))
    log(db, 20, (carol,), "coffee")
    log(db, 3, (dan, ben), "kick-off with Dan and Ben")
    introductions.record_introduction(
        db, IntroductionDraft(carol, dan, ed, date(2025, 6, 1)), now=NOW
    )
    view = who_can_introduce(db, ed, now=NOW)
    assert view.target_name == "Ed Navarro" and view.direct == ""
    assert [[s.name for s in path] for path in view.paths] == [
        ["Dan Whitaker", "Ed Navarro"],
        ["Carol Roth", "Ed Navarro"],
    ]
    first = view.paths[0]
    assert first[0].how == "you have talked"
    assert first[0].last_contact_text(NOW) == "last contact 3 days ago"
    assert first[1].how == "Carol Roth introduced Dan Whitaker to Ed Navarro"
    assert first[1].last_contact_text(NOW) == "no contact yet"  # the introduction was not yours

    via_ben = who_can_introduce(db, ben, now=NOW)
    assert via_ben.direct == "you have talked"  # you were at the kick-off yourself
    assert [[s.name for s in p] for p in via_ben.paths] == [["Dan Whitaker", "Ben"]]
    assert via_ben.paths[0][1].how.startswith("were together")
