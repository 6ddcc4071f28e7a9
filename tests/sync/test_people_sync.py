"""Two Relapp data folders syncing people through one real Radicale."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urljoin

from relapp.domain.model import Birthday, Channel, ContactKind, ContactPoint, PersonDraft
from relapp.services import people
from relapp.storage import imports_repo, sync_repo
from tests.dav_server import Account
from tests.sync.helpers import cards_on_server, folder_db, people_of, sync

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4

ADA = PersonDraft(
    display_name="Ada Lovelace",
    given_name="Ada",
    family_name="Lovelace",
    organisation="Analytical Engines",
    title="Mathematician",
    birthday=Birthday(12, 10, 1815),
    met_on=date(2019, 5, 1),
    met_how="at Babbage's party, after the talk; we spoke of looms",
    preferred_channel=Channel.EMAIL,
    avoid_channels=frozenset({Channel.CALL, Channel.LETTER}),
    cadence_days=30,
    notes="Likes poetry, numbers",
    tags=("friends", "math"),
    contact_points=(
        ContactPoint(ContactKind.EMAIL, "ada@example.org", "work"),
        ContactPoint(ContactKind.PHONE, "+44 20 7946 0000", "Studio line"),
    ),
    photo=PNG,
)
BO = PersonDraft("Bo Diddley", given_name="Bo", family_name="Diddley", notes="guitar")
CAROL = PersonDraft("Carol Roth", organisation="Acme", cadence_days=7)
DAN = PersonDraft("Dan Brown", contact_points=(ContactPoint(ContactKind.EMAIL, "dan@x.org"),))


def test_two_folders_converge_to_identical_people(tmp_path: Path, account: Account) -> None:
    a, b = folder_db(tmp_path, "a"), folder_db(tmp_path, "b")
    for draft in (ADA, BO, CAROL):
        people.add_person(a, draft)
    people.add_person(b, DAN)
    first = sync(a, account)
    assert first.people.sent_new == 3
    second = sync(b, account)
    assert (second.people.received_new, second.people.sent_new) == (3, 1)
    third = sync(a, account)
    assert third.people.received_new == 1
    assert people_of(a, tmp_path) == people_of(b, tmp_path)
    assert len(people_of(a, tmp_path)) == 4
    # Relapp's own fields went through the server: the card says them once per value.
    (ada_card,) = [t for t in cards_on_server(account).values() if "FN:Ada Lovelace" in t]
    assert ada_card.count("X-RELAPP-AVOID-CHANNEL") == 2
    # Nothing to do: nothing sent, nothing received.
    again = sync(b, account)
    assert not again.people.anything


def test_edits_on_both_sides_between_syncs_merge(tmp_path: Path, account: Account) -> None:
    a, b = folder_db(tmp_path, "a"), folder_db(tmp_path, "b")
    ada_a = people.add_person(a, ADA)
    people.add_person(a, BO)
    sync(a, account)
    sync(b, account)
    ada_b = next(p for p in (people.get_person(b, i) for i in people.list_people(b, "Ada")))
    people.update_person(a, ada_a.id, dataclasses.replace(ADA, title="Countess"))
    new_phone = ContactPoint(ContactKind.PHONE, "+44 7700 900123", "mobile")
    people.update_person(
        b,
        ada_b.id,
        dataclasses.replace(
            ada_b, contact_points=(*ada_b.contact_points, new_phone), tags=("friends",)
        ),
    )
    sync(a, account)
    merged = sync(b, account).people
    assert merged.merged == 1
    sync(a, account)
    assert people_of(a, tmp_path) == people_of(b, tmp_path)
    ada = people.get_person(a, ada_a.id)
    assert ada.title == "Countess" and new_phone in ada.contact_points
    assert ada.tags == ("friends",)
    assert "Sync" not in ada.notes  # no field was changed on both sides


def test_one_field_changed_on_both_sides_takes_the_newer_and_keeps_the_older(
    tmp_path: Path, account: Account
) -> None:
    a, b = folder_db(tmp_path, "a"), folder_db(tmp_path, "b")
    ada_a = people.add_person(a, ADA)
    sync(a, account)
    sync(b, account)
    (ada_b_id,) = people.list_people(b, "Ada")
    people.update_person(a, ada_a.id, dataclasses.replace(ADA, title="CTO"))
    # A's change reaches the server stamped an hour ago; B's edit is newer.
    sync(a, account, clock=datetime.now(UTC) - timedelta(hours=1))
    people.update_person(b, ada_b_id, dataclasses.replace(ADA, title="CEO"))
    sync(b, account)
    sync(a, account)
    for db, pid in ((a, ada_a.id), (b, ada_b_id)):
        ada = people.get_person(db, pid)
        assert ada.title == "CEO"
        assert 'title was "CTO" on the server; a newer change replaced it.' in ada.notes
    assert people_of(a, tmp_path) == people_of(b, tmp_path)


def test_deletions_travel_both_ways_and_archiving_is_not_deleting(
    tmp_path: Path, account: Account
) -> None:
    a, b = folder_db(tmp_path, "a"), folder_db(tmp_path, "b")
    bo = people.add_person(a, BO)
    carol = people.add_person(a, CAROL)
    dan = people.add_person(a, DAN)
    sync(a, account)
    sync(b, account)
    people.archive_person(a, dan.id)
    with a.atomic():  # deleted here (as a merge deletes the person it absorbs)
        imports_repo.delete_people(a, [bo.id])
    assert sync(a, account).people.sent_deleted == 1
    got = sync(b, account).people
    assert got.received_deleted == 1
    names = {people.get_person(b, i).display_name for i in people.list_people(b, "")}
    assert names == {"Carol Roth"}
    # Archived travels too, and an archived person is still on the server.
    (dan_b,) = people.list_people(b, "Dan", archived=True)
    assert people.get_person(b, dan_b).archived_at is not None
    assert any("FN:Dan Brown" in t for t in cards_on_server(account).values())
    people.unarchive_person(b, dan_b)
    sync(b, account)
    # A content-addressed server (Xandikos) finds Dan as he was before A archived him:
    # the sync still sees the change (each sync ends with a token from after its writes).
    assert sync(a, account).people.received_changed == 1
    assert people.get_person(a, dan.id).archived_at is None
    # Deleted on the server (another device): deleted here.
    (carol_href,) = [h for h, t in cards_on_server(account).items() if "Carol" in t]
    from tests.sync.helpers import raw

    raw(account, "DELETE", urljoin(account.url, carol_href))
    assert sync(a, account).people.received_deleted == 1
    assert people.list_people(a, "Carol") == []
    # A copy was made first: Carol (and her history) are in it.
    (copy,) = (a.path.parent / "backups").glob("pre-sync-delete-*.sqlite3")
    assert copy.stat().st_size > 0
    assert sync(b, account).people.received_deleted == 1
    assert people_of(a, tmp_path) == people_of(b, tmp_path)
    assert carol.id not in people.list_people(a, "")


def test_an_expired_sync_token_falls_back_to_listing_everything(
    tmp_path: Path, account: Account
) -> None:
    a, b = folder_db(tmp_path, "a"), folder_db(tmp_path, "b")
    people.add_person(a, BO)
    sync(a, account)
    sync(b, account)
    people.add_person(a, CAROL)
    sync(a, account)
    with b.atomic():
        b.connection().execute(
            "UPDATE sync_collection SET sync_token = 'http://radicale.org/ns/sync/expired'"
        )
    assert sync(b, account).people.received_new == 1
    assert people_of(a, tmp_path) == people_of(b, tmp_path)
    coll_url = sync_repo.setting(b, "people_collection")
    assert coll_url is not None


def test_an_address_book_emptied_on_the_server_deletes_nobody_unless_allowed(
    tmp_path: Path, account: Account
) -> None:
    from relapp.services.sync import engine
    from relapp.services.sync.dav import Failure
    from tests.sync.helpers import raw

    a = folder_db(tmp_path, "a")
    for draft in (ADA, BO, CAROL):
        people.add_person(a, draft)
    sync(a, account)
    for href in cards_on_server(account):  # a wiped server, or another one at that URL
        raw(account, "DELETE", urljoin(account.url, href))
    try:
        sync(a, account)
    except engine.SyncIncomplete as stopped:
        assert stopped.error.kind is Failure.EMPTIED
        assert "every one of the 3 cards Relapp synced is gone" in str(stopped)
    else:
        raise AssertionError("a wiped address book emptied Relapp")
    assert people.count_people(a) == 3
    emptied = engine.sync(
        a,
        engine.Account(account.url, account.user),
        account.password,
        allow_emptying=True,
    )
    assert emptied.people.received_deleted == 3
    assert people.count_people(a) == 0
