"""Recording introductions: the history of everyone in them, "how we met", undo data."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from relapp.domain.errors import InvalidInput, NotFound
from relapp.domain.introductions import IntroductionDraft
from relapp.domain.model import (
    Channel,
    Direction,
    InteractionDraft,
    InteractionKind,
    PersonDraft,
)
from relapp.services import interactions, introductions, people
from relapp.storage import Database, introductions_repo

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
SMALLBIZ = date(2024, 3, 1)


@pytest.fixture
def folks(db: Database) -> dict[str, int]:
    names = ("Carol Roth", "Dan Whitaker", "Ed Navarro", "Fay Lin")
    return {n.split()[0].lower(): people.add_person(db, PersonDraft(n)).id for n in names}


def history(db: Database, person_id: int) -> list:
    return [e.interaction for e in interactions.history_page(db, person_id, 0, 100)]


def test_carol_introduced_me_to_dan(db: Database, folks: dict[str, int]) -> None:
    carol, dan = folks["carol"], folks["dan"]
    draft = IntroductionDraft(carol, dan, None, SMALLBIZ, "at the SmallBiz conference")
    intro = introductions.record_introduction(db, draft, channel=Channel.MEETING, now=NOW)
    assert (intro.introducer_id, intro.person_a_id, intro.person_b_id) == (carol, None, dan)
    assert intro.interaction_id is not None

    (logged,) = history(db, carol)
    assert history(db, dan) == [logged]
    assert logged.id == intro.interaction_id
    assert logged.kind is InteractionKind.INTRODUCTION
    assert logged.channel is Channel.MEETING and logged.direction is Direction.BOTH
    assert set(logged.person_ids) == {carol, dan}
    assert logged.summary == (
        "Carol Roth introduced you to Dan Whitaker at the SmallBiz conference"
    )
    noon = datetime.combine(SMALLBIZ, time(12)).astimezone()
    assert logged.occurred_at == noon

    dan_now = people.get_person(db, dan)
    assert dan_now.met_how == "Introduced by Carol Roth at the SmallBiz conference"
    assert dan_now.met_on == SMALLBIZ
    assert people.get_person(db, carol).met_how == ""
    assert people.list_people(db, "smallbiz") == [dan]  # the search index follows


def test_you_introduced_carol_to_ed_is_outbound_and_nobody_is_newly_met(
    db: Database, folks: dict[str, int]
) -> None:
    carol, ed = folks["carol"], folks["ed"]
    intro = introductions.record_introduction(
        db, IntroductionDraft(None, carol, ed, context="by email"), now=NOW
    )
    (logged,) = history(db, ed)
    assert logged.direction is Direction.OUTBOUND and logged.channel is Channel.EMAIL
    assert logged.summary == "You introduced Carol Roth to Ed Navarro by email"
    assert logged.occurred_at == NOW  # no date: now
    assert history(db, carol) == [logged]
    assert people.get_person(db, ed).met_how == "" and people.get_person(db, carol).met_on is None
    assert intro.shape.value == "by_me"


def test_an_introduction_among_others_is_logged_for_all_three(
    db: Database, folks: dict[str, int]
) -> None:
    carol, dan, ed = folks["carol"], folks["dan"], folks["ed"]
    introductions.record_introduction(db, IntroductionDraft(carol, dan, ed), now=NOW)
    (logged,) = history(db, carol)
    assert set(logged.person_ids) == {carol, dan, ed}
    assert logged.summary == "Carol Roth introduced Dan Whitaker to Ed Navarro"


def test_how_we_met_already_written_is_kept(db: Database, folks: dict[str, int]) -> None:
    dan = folks["dan"]
    people.update_person(db, dan, PersonDraft("Dan Whitaker", met_how="Golf club"))
    introductions.record_introduction(
        db, IntroductionDraft(folks["carol"], None, dan, SMALLBIZ), now=NOW
    )
    after = people.get_person(db, dan)
    assert (after.met_how, after.met_on) == ("Golf club", SMALLBIZ)


def test_bad_introductions_store_nothing(db: Database, folks: dict[str, int]) -> None:
    with pytest.raises(InvalidInput):
        introductions.record_introduction(db, IntroductionDraft(None, None, folks["dan"]))
    with pytest.raises(InvalidInput):
        introductions.record_introduction(
            db, IntroductionDraft(folks["dan"], folks["dan"], None), now=NOW
        )
    with pytest.raises(InvalidInput, match="future"):
        introductions.record_introduction(
            db, IntroductionDraft(folks["carol"], None, folks["dan"], date(2026, 3, 9)), now=NOW
        )
    with pytest.raises(NotFound):
        introductions.record_introduction(db, IntroductionDraft(folks["carol"], None, 999), now=NOW)
    assert introductions_repo.count(db) == 0
    assert all(not history(db, pid) for pid in folks.values())


def test_delete_takes_back_the_history_and_how_we_met_and_restore_puts_them_back(
    db: Database, folks: dict[str, int]
) -> None:
    carol, dan = folks["carol"], folks["dan"]
    intro = introductions.record_introduction(
        db, IntroductionDraft(carol, None, dan, SMALLBIZ, "at SmallBiz"), now=NOW
    )
    removed = introductions.delete_introduction(db, intro.id)
    assert introductions_repo.count(db) == 0
    assert history(db, carol) == history(db, dan) == []
    assert (people.get_person(db, dan).met_how, people.get_person(db, dan).met_on) == ("", None)

    back = introductions.restore_introduction(db, removed)
    assert back == intro
    (logged,) = history(db, dan)
    assert logged.id == intro.interaction_id
    assert people.get_person(db, dan).met_how == "Introduced by Carol Roth at SmallBiz"


def test_delete_leaves_a_how_we_met_you_rewrote(db: Database, folks: dict[str, int]) -> None:
    carol, dan = folks["carol"], folks["dan"]
    intro = introductions.record_introduction(db, IntroductionDraft(carol, None, dan), now=NOW)
    people.update_person(db, dan, PersonDraft("Dan Whitaker", met_how="Carol, over coffee"))
    introductions.delete_introduction(db, intro.id)
    assert people.get_person(db, dan).met_how == "Carol, over coffee"


def test_editing_moves_the_history_and_how_we_met(db: Database, folks: dict[str, int]) -> None:
    carol, dan, ed = folks["carol"], folks["dan"], folks["ed"]
    intro = introductions.record_introduction(
        db, IntroductionDraft(carol, None, dan, SMALLBIZ), channel=Channel.CALL, now=NOW
    )
    edited = introductions.update_introduction(
        db, intro.id, IntroductionDraft(carol, None, ed, SMALLBIZ, "at the fair"), now=NOW
    )
    assert edited.person_b_id == ed and edited.interaction_id == intro.interaction_id
    assert history(db, dan) == []
    (logged,) = history(db, ed)
    assert logged.channel is Channel.CALL
    assert logged.summary == "Carol Roth introduced you to Ed Navarro at the fair"
    assert people.get_person(db, dan).met_how == ""
    assert people.get_person(db, ed).met_how == "Introduced by Carol Roth at the fair"


def test_editing_after_its_history_entry_was_deleted_logs_a_new_one(
    db: Database, folks: dict[str, int]
) -> None:
    intro = introductions.record_introduction(
        db, IntroductionDraft(folks["carol"], None, folks["dan"]), now=NOW
    )
    assert intro.interaction_id is not None
    interactions.delete_interaction(db, intro.interaction_id)
    assert introductions.get_introduction(db, intro.id).interaction_id is None  # SET NULL
    edited = introductions.update_introduction(
        db, intro.id, IntroductionDraft(folks["carol"], None, folks["dan"], context="by phone")
    )
    assert edited.interaction_id is not None
    (logged,) = history(db, folks["dan"])
    assert logged.id == edited.interaction_id


def test_an_entry_already_logged_can_be_linked_instead_of_logging_another(
    db: Database, folks: dict[str, int]
) -> None:
    carol, dan = folks["carol"], folks["dan"]
    entry = interactions.log_interaction(
        db,
        InteractionDraft(
            NOW,
            Channel.MEETING,
            Direction.BOTH,
            (carol, dan),
            "Coffee",
            "",
            InteractionKind.INTRODUCTION,
        ),
    )
    intro = introductions.record_introduction(
        db, IntroductionDraft(carol, None, dan), interaction_id=entry.id, now=NOW
    )
    assert intro.interaction_id == entry.id
    assert len(history(db, dan)) == 1
    with pytest.raises(NotFound):
        introductions.record_introduction(
            db, IntroductionDraft(carol, None, folks["ed"]), interaction_id=9999, now=NOW
        )


def test_a_persons_page_view_sorts_introductions_and_names_everyone(
    db: Database, folks: dict[str, int]
) -> None:
    carol, dan, ed, fay = folks["carol"], folks["dan"], folks["ed"], folks["fay"]
    to_me = introductions.record_introduction(db, IntroductionDraft(carol, None, dan), now=NOW)
    introductions.record_introduction(db, IntroductionDraft(None, carol, ed), now=NOW)
    introductions.record_introduction(db, IntroductionDraft(carol, dan, fay), now=NOW)
    view = introductions.introductions_of(db, carol)
    assert [r.people for r in view.relations.introduced_you_to] == [(dan,)]
    assert [r.people for r in view.relations.you_introduced_them_to] == [(ed,)]
    assert [r.people for r in view.relations.they_introduced] == [(dan, fay)]
    assert view.names[fay] == "Fay Lin"
    assert view.describe(to_me) == "Carol Roth introduced you to Dan Whitaker"
    dan_view = introductions.introductions_of(db, dan)
    assert [r.people for r in dan_view.relations.introduced_to_you_by] == [(carol,)]
    assert introductions_repo.introduced_to_you_by(db, dan)[0].id == to_me.id
    assert [i.id for i in introductions_repo.introduced_you_to(db, carol)] == [to_me.id]
    assert len(introductions_repo.they_introduced(db, carol)) == 1
    assert len(introductions_repo.you_introduced_them_to(db, ed)) == 1
