"""Merging two stored people into one, and undoing it, against a real SQLite file."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest

from relapp.domain.errors import NotFound
from relapp.domain.model import PersonDraft
from relapp.domain.person_merge import CannotMerge
from relapp.services import interactions, merging, people, promises
from relapp.storage import Database
from tests.export_fixture import dump
from tests.merge_fixture import PHOTO, build


def participants(db: Database, interaction_id: int) -> list[int]:
    return sorted(interactions.get_interaction(db, interaction_id).person_ids)


def introduction_rows(db: Database) -> dict[int, tuple]:
    rows = db.connection().execute(
        "SELECT id, introducer_id, person_a_id, person_b_id FROM introduction"
    )
    return {row[0]: tuple(row[1:]) for row in rows}


def test_merging_moves_every_kind_of_row_to_the_kept_person(db: Database) -> None:
    ids = build(db)
    carol, carrie, dan, ed = ids["carol"], ids["carrie"], ids["dan"], ids["ed"]

    before_history = {
        e.interaction.id
        for pid in (carol, carrie)
        for e in interactions.history_page(db, pid, 0, 100)
    }
    before_last = [people.get_person(db, pid).last_contact_at for pid in (carol, carrie)]

    result = merging.merge_people(db, carol, carrie)

    with pytest.raises(NotFound):
        people.get_person(db, carrie)
    kept = people.get_person(db, carol)
    # Contact points: the same email in other case once; the new one added after hers.
    assert [(p.kind.value, p.value, p.label) for p in kept.contact_points] == [
        ("email", "carol@acme.example", "work"),
        ("phone", "+1 972 555 0100", "mobile"),
        ("email", "carrie@home.example", "home"),
    ]
    assert kept.tags == ("golf", "jazz")
    assert kept.photo == PHOTO
    # Her values stay, empty ones are filled, the other name is kept, notes are joined.
    assert (kept.display_name, kept.organisation) == ("Carol Roth", "Acme")
    assert kept.birthday is not None and kept.birthday.year == 1980
    assert kept.met_how == "golf club"
    assert kept.notes == "Loves jazz\nPlays golf on Sundays\nAlso known as Carrie Roth"
    # History: every entry of both (the introductions are entries too), each once.
    history = {e.interaction.id for e in interactions.history_page(db, carol, 0, 100)}
    assert history == set(before_history)
    assert {ids["call_carol"], ids["call_carrie"], ids["lunch_all"]} <= history
    assert participants(db, ids["lunch_all"]) == sorted([carol, dan])
    assert participants(db, ids["call_carrie_ed"]) == sorted([carol, ed])
    assert kept.last_contact_at == max(before_last)
    # Promises both ways now hers.
    open_for = {e.promise.id for e in promises.open_promises_for(db, carol)}
    assert open_for == {ids["p_carol"], ids["p_carrie_me"], ids["p_carrie_them"]}
    # Introductions in every role; none introduces Carol to herself.
    intros = introduction_rows(db)
    assert intros[ids["i_carrie_to_me_dan"]] == (carol, None, dan)
    assert intros[ids["i_ed_dan_carrie"]] == (ed, dan, carol)
    assert ids["i_dan_carol_carrie"] not in intros
    assert ids["i_carol_me_carrie"] not in intros
    # "Not the same person" follows her; search finds her by what Carrie had.
    pairs = db.connection().execute("SELECT person_low_id, person_high_id FROM not_duplicate")
    assert pairs.fetchall() == [(min(carol, ed), max(carol, ed))]
    assert people.list_people(db, "carrie home") == [carol]
    assert people.list_people(db, "golf") == [carol]
    assert people.count_people(db) == 3

    counts = result.counts
    assert (counts.contact_points, counts.contact_points_dropped) == (1, 1)
    assert counts.tags == 1 and counts.photo
    assert (counts.interactions, counts.interactions_shared) == (7, 3)  # 4 introductions
    assert counts.promises == 2
    assert (counts.introductions, counts.introductions_dropped) == (4, 2)
    assert result.summary() == (
        "Merged Carrie Roth into Carol Roth: 7 interactions, 2 promises, 4 introductions,"
        " 1 contact detail, 1 tag moved."
    )


def test_no_row_anywhere_still_names_the_absorbed_person(db: Database) -> None:
    ids = build(db)
    merging.merge_people(db, ids["carol"], ids["carrie"])
    conn = db.connection()
    for table, column in (
        ("contact_point", "person_id"),
        ("person_tag", "person_id"),
        ("person_photo", "person_id"),
        ("interaction_person", "person_id"),
        ("promise", "person_id"),
        ("introduction", "introducer_id"),
        ("introduction", "person_a_id"),
        ("introduction", "person_b_id"),
        ("not_duplicate", "person_low_id"),
        ("not_duplicate", "person_high_id"),
        ("person_search", "rowid"),
    ):
        found = conn.execute(f"SELECT count(*) FROM {table} WHERE {column} = ?", (ids["carrie"],))
        assert found.fetchone()[0] == 0, table
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_undo_restores_both_people_and_every_row_exactly(db: Database) -> None:
    ids = build(db)
    before = dump(db)
    result = merging.merge_people(db, ids["carol"], ids["carrie"])
    assert dump(db) != before
    assert merging.undo_merge(db, result) == ids["carrie"]
    assert dump(db) == before
    with pytest.raises(CannotMerge, match="already undone"):
        merging.undo_merge(db, result)
    assert dump(db) == before


def test_merging_the_other_way_keeps_carrie(db: Database) -> None:
    ids = build(db)
    before = dump(db)
    result = merging.merge_people(db, ids["carrie"], ids["carol"])
    kept = people.get_person(db, ids["carrie"])
    assert kept.display_name == "Carrie Roth"
    assert "Also known as Carol Roth" in kept.notes.splitlines()
    assert kept.organisation == "Acme"
    assert [p.value for p in kept.contact_points] == [
        "Carol@ACME.example",
        "carrie@home.example",
        "+1 972 555 0100",
    ]
    assert len(promises.open_promises_for(db, ids["carrie"])) == 3
    merging.undo_merge(db, result)
    assert dump(db) == before


def test_a_person_cannot_be_merged_into_themself(db: Database) -> None:
    ids = build(db)
    before = dump(db)
    with pytest.raises(CannotMerge, match="themself"):
        merging.merge_people(db, ids["carol"], ids["carol"])
    with pytest.raises(NotFound):
        merging.merge_people(db, ids["carol"], 9999)
    assert dump(db) == before


def test_undo_after_the_old_id_was_taken_restores_under_a_new_id(db: Database) -> None:
    ids = build(db)
    last = people.add_person(db, PersonDraft("Zoe Last")).id
    result = merging.merge_people(db, ids["carol"], last)
    newcomer = people.add_person(db, PersonDraft("Newcomer")).id
    assert newcomer == last  # SQLite hands the freed id out again
    restored = merging.undo_merge(db, result)
    assert restored != last
    assert people.get_person(db, restored).display_name == "Zoe Last"
    assert people.get_person(db, newcomer).display_name == "Newcomer"


def test_undo_keeps_an_edit_made_to_the_kept_person_after_the_merge(db: Database) -> None:
    ids = build(db)
    result = merging.merge_people(db, ids["carol"], ids["carrie"])
    kept = people.get_person(db, ids["carol"])
    people.update_person(db, ids["carol"], replace(kept.draft(), organisation="Initech"))
    merging.undo_merge(db, result)
    assert people.get_person(db, ids["carol"]).organisation == "Initech"
    assert people.get_person(db, ids["carrie"]).display_name == "Carrie Roth"


def test_a_table_the_merge_does_not_know_stops_it_before_anything_changes(db: Database) -> None:
    ids = build(db)
    conn: sqlite3.Connection = db.connection()
    conn.execute(
        "CREATE TABLE later_feature (id INTEGER PRIMARY KEY,"
        " person_id INTEGER REFERENCES person (id) ON DELETE CASCADE)"
    )
    conn.execute("INSERT INTO later_feature (person_id) VALUES (?)", (ids["carrie"],))
    before = dump(db)
    with pytest.raises(CannotMerge, match="later_feature"):
        merging.merge_people(db, ids["carol"], ids["carrie"])
    assert dump(db) == before


def test_possible_duplicates_lists_pairs_with_evidence_until_told_apart(db: Database) -> None:
    ids = build(db)
    pairs = merging.possible_duplicates(db)
    pair = next(p for p in pairs if set(p.ids) == {ids["carol"], ids["carrie"]})
    assert any("email" in reason for reason in pair.reasons)
    assert {pair.first.display_name, pair.second.display_name} == {"Carol Roth", "Carrie Roth"}
    merging.not_the_same(db, ids["carrie"], ids["carol"])
    assert all(set(p.ids) != {ids["carol"], ids["carrie"]} for p in merging.possible_duplicates(db))
    merging.maybe_the_same(db, ids["carol"], ids["carrie"])
    assert any(set(p.ids) == {ids["carol"], ids["carrie"]} for p in merging.possible_duplicates(db))


def test_archived_people_are_not_offered_as_duplicates(db: Database) -> None:
    ids = build(db)
    people.archive_person(db, ids["carrie"])
    assert merging.possible_duplicates(db) == []


def test_shared_contacts_are_always_compared_and_names_up_to_the_budget(
    db: Database,
) -> None:
    ids = build(db)
    for _n in range(40):
        people.add_person(db, PersonDraft("Jordan Lee"))
    found = merging.possible_duplicates(db, max_comparisons=5)
    # Sharing an email, they are always asked about, whatever the budget...
    assert any(set(p.ids) == {ids["carol"], ids["carrie"]} for p in found)
    # ...while the forty people called Jordan Lee are compared only up to it.
    assert 1 < len(found) <= 6
    assert len(merging.possible_duplicates(db, limit=3)) == 3


def test_possible_duplicates_weigh_birthday_and_organisation_as_an_import_does(
    db: Database,
) -> None:
    # The view reads the same keys as the import (organisation, birthday): two John Smiths
    # with one phone but other birthdays are never a strong pair.
    from relapp.domain.model import Birthday, ContactKind, ContactPoint

    phone = (ContactPoint(ContactKind.PHONE, "+1 972 555 0199", "home"),)
    people.add_person(
        db, PersonDraft("John Smith", birthday=Birthday(3, 1, 1950), contact_points=phone)
    )
    people.add_person(
        db, PersonDraft("John Smith", birthday=Birthday(9, 9, 1980), contact_points=phone)
    )
    (pair,) = merging.possible_duplicates(db)
    assert not pair.strong
    assert "different birthday" in pair.against
