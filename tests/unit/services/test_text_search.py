"""Search over what you wrote down (issue 15): interaction summaries and notes, promise
text and introduction context, on real SQLite files; the FTS5 indexes follow every
change (triggers), and nothing the user types is read as FTS5 syntax."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from relapp.domain.introductions import IntroductionDraft
from relapp.domain.model import Channel, Direction, InteractionDraft, PersonDraft
from relapp.domain.promises import PromiseDraft, Promiser
from relapp.domain.text_search import HitKind
from relapp.services import importing, interactions, introductions, merging, people, promises
from relapp.services.search import search_everything, search_text
from relapp.storage import Database

WHEN = datetime(2025, 3, 12, 15, 0, tzinfo=UTC)


def add(db: Database, name: str) -> int:
    return people.add_person(db, PersonDraft(name)).id


def log(db: Database, who: int, summary: str = "", notes: str = "", **kw) -> int:
    draft = InteractionDraft(
        kw.get("at", WHEN),
        kw.get("channel", Channel.EMAIL),
        Direction.OUTBOUND,
        (who,),
        summary,
        notes,
    )
    return interactions.log_interaction(db, draft).id


def found(db: Database, query: str, **kw) -> list[tuple[HitKind, int]]:
    return [(h.match.kind, h.match.record_id) for h in search_text(db, query, **kw).hits]


@pytest.fixture
def carol(db: Database) -> int:
    return add(db, "Carol Roth")


def test_a_word_in_the_notes_is_found_and_says_where(db: Database, carol: int) -> None:
    iid = log(db, carol, "Coffee", "She talked about gardening and her roses for an hour.")
    hits = search_text(db, "gardening").hits
    assert [(h.match.kind, h.match.record_id, h.person_id) for h in hits] == [
        (HitKind.INTERACTION, iid, carol)
    ]
    day = WHEN.astimezone().date()
    assert hits[0].where == f"Carol Roth — {day.day} {day:%b %Y}, email"
    assert "gardening" in hits[0].snippet
    assert hits[0].line().startswith("Carol Roth — ") and hits[0].line().endswith("'")


def test_summary_promise_text_and_introduction_context_are_found(db: Database, carol: int) -> None:
    dan = add(db, "Dan Whit")
    iid = log(db, carol, "Quote for the greenhouse")
    promise = promises.create_promise(
        db,
        PromiseDraft(carol, Promiser.ME, "send the greenhouse brochure", None, WHEN),
        now=WHEN - timedelta(days=1),
    )
    introductions.record_introduction(
        db, IntroductionDraft(None, carol, dan, date(2024, 2, 1), "at the orchid show")
    )
    assert set(found(db, "greenhouse")) == {
        (HitKind.INTERACTION, iid),
        (HitKind.PROMISE, promise.id),
    }
    orchid = search_text(db, "orchid").hits
    # The introduction's own entry in the history says it once.
    assert len(orchid) == 1 and "orchid show" in orchid[0].snippet
    assert {p.id for p in orchid[0].match.people} == {carol, dan}
    promise_hit = search_text(db, "brochure").hits[0]
    assert promise_hit.where.startswith("Carol Roth — your promise, due ")


def test_the_introduction_itself_is_found_when_its_entry_is_not(db: Database, carol: int) -> None:
    dan = add(db, "Dan Whit")
    intro = introductions.record_introduction(
        db, IntroductionDraft(None, carol, dan, date(2024, 2, 1), "at the orchid show")
    )
    assert intro.interaction_id is not None
    interactions.delete_interaction(db, intro.interaction_id)
    hits = search_text(db, "orchid").hits
    assert [(h.match.kind, h.match.record_id) for h in hits] == [(HitKind.INTRODUCTION, intro.id)]
    assert hits[0].where == "Carol Roth & Dan Whit — introduction, 1 Feb 2024"


def test_the_index_follows_edits_and_deletes(db: Database, carol: int) -> None:
    iid = log(db, carol, "Lunch", "talked about sailing")
    assert found(db, "sailing") == [(HitKind.INTERACTION, iid)]
    before = interactions.get_interaction(db, iid)
    edited = InteractionDraft(WHEN, Channel.CALL, Direction.OUTBOUND, (carol,), "Lunch", "kayaks")
    interactions.update_interaction(db, iid, edited)
    assert found(db, "sailing") == []
    assert found(db, "kayak") == [(HitKind.INTERACTION, iid)]
    interactions.delete_interaction(db, iid)
    assert found(db, "kayak") == []
    interactions.restore_interaction(db, before)  # Undo of the delete
    assert found(db, "sailing") == [(HitKind.INTERACTION, iid)]
    p = promises.create_promise(
        db, PromiseDraft(carol, Promiser.THEM, "lend the sextant", None, WHEN), now=WHEN
    )
    promises.update_promise(
        db, p.id, PromiseDraft(carol, Promiser.THEM, "lend the compass", None, WHEN), now=WHEN
    )
    assert found(db, "sextant") == [] and found(db, "compass") == [(HitKind.PROMISE, p.id)]
    promises.delete_promise(db, p.id)
    assert found(db, "compass") == []


def test_a_merged_persons_history_is_found_under_the_survivor(db: Database) -> None:
    keep, absorb = add(db, "Carol Roth"), add(db, "Caroline Roth")
    iid = log(db, absorb, "Call", "beekeeping course in May")
    promises.create_promise(
        db, PromiseDraft(absorb, Promiser.ME, "send beekeeping book", None, WHEN), now=WHEN
    )
    result = merging.merge_people(db, keep, absorb)
    hits = search_text(db, "beekeeping").hits
    assert {h.person_id for h in hits} == {keep}
    assert {h.match.kind for h in hits} == {HitKind.INTERACTION, HitKind.PROMISE}
    assert all(h.where.startswith("Carol Roth — ") for h in hits)
    merging.undo_merge(db, result)
    assert {h.person_id for h in search_text(db, "beekeeping").hits} == {absorb}
    assert (HitKind.INTERACTION, iid) in found(db, "beekeeping")


def test_undo_of_an_import_takes_the_hits_out_of_the_list(db: Database, tmp_path: Path) -> None:
    card = tmp_path / "d.vcf"
    card.write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dana Ortiz\r\nEND:VCARD\r\n")
    result = importing.apply_import(db, importing.plan_import(db, [card]))
    (dana,) = result.created_ids
    log(db, dana, "Intro call", "wants a quote for solar panels")
    assert [h.person_id for h in search_text(db, "solar").hits] == [dana]
    assert result.batch_id is not None
    importing.undo_import(db, result.batch_id)  # Dana has history: archived, not deleted
    assert search_text(db, "solar").hits == ()
    assert [h.person_id for h in search_text(db, "solar", archived=True).hits] == [dana]


def test_a_deleted_person_takes_their_promises_out_of_the_index(db: Database) -> None:
    dana = add(db, "Dana Ortiz")
    promises.create_promise(
        db, PromiseDraft(dana, Promiser.ME, "send the solar quote", None, WHEN), now=WHEN
    )
    with db.atomic():
        db.connection().execute("DELETE FROM person WHERE id = ?", (dana,))  # cascades
    assert search_text(db, "solar").hits == ()
    row = db.connection().execute(
        "SELECT count(*) FROM promise_text WHERE promise_text MATCH 'solar'"
    )
    assert row.fetchone()[0] == 0


@pytest.mark.parametrize("typed", ["garden", "GARDEN", "Gärden", "gar", "gard ro", "roses gar"])
def test_prefix_case_and_accents(db: Database, carol: int, typed: str) -> None:
    iid = log(db, carol, "", "Her gardening club loves roses")
    assert found(db, typed) == [(HitKind.INTERACTION, iid)]


def test_accented_text_is_found_typed_without_the_accents(db: Database, carol: int) -> None:
    iid = log(db, carol, "Café in Kraków", "crème brûlée in Łódź")
    # "ł" has no accent to take off (as for FTS5's tokenizer): typed as written, any case.
    for typed in ("cafe krakow", "CRÈME", "brulee", "Crem", "łódź", "ŁODZ"):
        assert found(db, typed) == [(HitKind.INTERACTION, iid)], typed


@pytest.mark.parametrize(
    "typed",
    [
        '"',
        '"garden',
        'garden"',
        "garden*",
        "-garden",
        "garden -roses",
        "NEAR(garden roses)",
        "garden OR roses",
        "(garden",
        "garden)",
        "roses AND",
        "NOT garden",
        "^garden",
        "col:garden",
        "garden + roses",
        "{summary}: garden",
        "'",
        "*",
        "--",
        'a"b',
        "\\",
        "%",
        "\x00",
    ],
)
def test_fts_syntax_typed_by_the_user_never_raises(db: Database, carol: int, typed: str) -> None:
    log(db, carol, "", "gardening and roses")
    search_text(db, typed)  # no exception
    search_everything(db, typed)


def test_html_in_notes_is_kept_as_text(db: Database, carol: int) -> None:
    log(db, carol, "", "<b>orchard</b> visit <img src=x onerror=alert(1)>")
    (hit,) = search_text(db, "orchard").hits
    assert "<b>orchard</b>" in hit.snippet


def test_short_words_and_phone_numbers_do_not_search_the_text(db: Database, carol: int) -> None:
    log(db, carol, "", "ok at 555 0123")
    assert found(db, "ok") == [] and found(db, "555 01") == []


def test_hits_are_limited_newest_first(db: Database, carol: int) -> None:
    for day in range(60):
        log(db, carol, "", f"talked tennis number {day}", at=WHEN + timedelta(days=day))
    result = search_text(db, "tennis", limit=50)
    assert len(result.hits) == 50 and result.more
    moments = [h.match.moment for h in result.hits]
    assert moments == sorted(moments, reverse=True)  # type: ignore[type-var]
    assert moments[0] == WHEN + timedelta(days=59)


def test_archived_people_hits_only_with_the_archive(db: Database, carol: int) -> None:
    iid = log(db, carol, "", "quilting weekend")
    people.archive_person(db, carol)
    assert found(db, "quilting") == []
    assert found(db, "quilting", archived=True) == [(HitKind.INTERACTION, iid)]


def test_people_come_first_then_the_text(db: Database, carol: int) -> None:
    gardener = people.add_person(db, PersonDraft("Gardenia Lee")).id
    iid = log(db, carol, "", "gardening tips")
    result = search_everything(db, "garden")
    assert [row.id for row in result.people] == [gardener]
    assert [h.match.record_id for h in result.text.hits] == [iid]


def test_a_rare_long_word_behind_a_common_start_is_still_found(
    db: Database, carol: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Candidates come by the first six letters ("garden"); when those are all other
    words for longer than the scan allows, the exact expression is asked."""
    from relapp.storage import text_search_repo

    monkeypatch.setattr(text_search_repo, "SCAN", 4)
    old = log(db, carol, "", "gardenias by the door", at=WHEN - timedelta(days=900))
    for day in range(10):
        log(db, carol, "", "garden party", at=WHEN + timedelta(days=day))
    assert found(db, "gardenias") == [(HitKind.INTERACTION, old)]
    assert len(found(db, "gardens")) == 0 and len(found(db, "garden")) == 11
