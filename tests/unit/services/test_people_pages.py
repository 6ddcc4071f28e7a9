"""The people list a page at a time (issue 18, a million people): what a search finds
is counted and read a page at a time, in the order the whole list has, and a person's
row is found without reading every id. The whole list (``people.list_people``, every id
in order) is the reference each page is checked against."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from relapp.domain.model import PersonDraft
from relapp.services import people, search
from relapp.services.people import PeopleSort
from relapp.services.search import PeopleQuery
from relapp.storage import Database, bulk, search_index, search_keys
from tests.rows_handed import count_rows_handed

FIRST = ("Ana", "Anton", "Bea", "Carl", "Dana", "Émile", "Zoë", "Ole", "Aaron", "Mia")
LAST = ("Roth", "Whitaker", "Abel", "Nguyen", "Åberg", "Smith", "Santos", "Ito")
ORGS = ("", "", "Acme", "acme", "Northwind", "Zeta Labs", "Åland Oy")
QUERIES = ("", "a", "an", "ro", "acme", "zzz", "!!!", "smith a")


@pytest.fixture(params=["as added", "reordered"])
def crowd(db: Database, request: pytest.FixtureRequest) -> list[int]:
    """330 people, names and organisations repeating (ties broken by id), a third with
    a last contact (some the same moment), and a few archived; their search keys as
    added (many name prefixes out of name order: sorted when read) or given afresh in
    name order (``search_index.reorder``, as the migration gives them: read in key
    order)."""
    rng = random.Random(3)
    drafts = [
        PersonDraft(f"{rng.choice(FIRST)} {rng.choice(LAST)}", organisation=rng.choice(ORGS))
        for _ in range(330)
    ]
    with db.atomic():
        ids = bulk.insert_people(db, drafts[:165])  # two imports: the second's names
        ids += bulk.insert_people(db, drafts[165:])  # go between the first's
        for person_id in ids[::3]:
            moment = 1_700_000_000 + rng.choice((0, 86_400, 5 * 86_400, rng.randrange(10**7)))
            db.connection().execute(
                "UPDATE person SET last_contact_at = ? WHERE id = ?", (moment, person_id)
            )
    for person_id in ids[5::40]:
        people.archive_person(db, person_id)
    conn = db.connection()
    if request.param == "reordered":
        with db.atomic():
            search_index.reorder(conn)
        assert search_keys.in_name_order(conn, 0, 1 << 63 - 1)
    else:
        assert not search_keys.in_name_order(conn, 0, 1 << 63 - 1)
    return ids


def whole(db: Database, asked: PeopleQuery) -> list[int]:
    ids = people.list_people(db, asked.text, asked.sort, archived=asked.archived)
    return ids[::-1] if asked.reverse else ids


def every_query() -> list[PeopleQuery]:
    return [
        PeopleQuery(text, sort, reverse, archived)
        for text in QUERIES
        for sort in PeopleSort
        for reverse in (False, True)
        for archived in (False, True)
    ]


def test_the_pages_are_the_whole_list_cut_into_pages_with_its_count(
    db: Database, crowd: list[int]
) -> None:
    for asked in every_query():
        expected = whole(db, asked)
        found = search.count_found(db, asked)
        assert found == len(expected), asked
        everyone = search.count_found(db, PeopleQuery(archived=asked.archived))
        for size in (7, 100):
            read: list[int] = []
            for offset in range(0, found + size, size):
                page = search.people_page(db, asked, offset, size, found=found, everyone=everyone)
                assert len(page) <= size
                read.extend(row.id for row in page)
            assert read == expected, (asked, size)


@pytest.mark.parametrize("anyone_archived", [True, False])
def test_every_way_of_reading_a_page_gives_the_same_rows(
    db: Database, crowd: list[int], anyone_archived: bool
) -> None:
    """In name order a page is read from the matches in key order up to the end of its
    last row's name prefix (the crowd's names repeat: many people share one), the end
    found among every match when nobody is archived, among those shown otherwise; the
    other orders sort the matches."""
    if not anyone_archived:
        for person_id in crowd[5::40]:
            people.unarchive_person(db, person_id)
    for text in ("a", "an", "ro a", "ab", "z", "acme"):
        for sort in PeopleSort:
            for reverse in (False, True):
                asked = PeopleQuery(text, sort, reverse)
                expected = whole(db, asked)
                found = len(expected)
                for offset in (0, 3, 13, found - 5, found - 1):
                    page = search.people_page(db, asked, max(0, offset), 10, found=found)
                    assert [row.id for row in page] == expected[max(0, offset) :][:10], asked
                    unknown = search.people_page(db, asked, max(0, offset), 10)
                    assert unknown == page


def test_a_person_s_row_is_found_and_none_when_the_list_does_not_show_them(
    db: Database, crowd: list[int]
) -> None:
    rng = random.Random(5)
    for asked in every_query():
        expected = whole(db, asked)
        for person_id in rng.sample(crowd, 12) + expected[-1:]:
            row = (expected.index(person_id) if person_id in expected else None), asked
            for everyone in (None, 1):  # the matches sorted, or the name index walked
                found = len(expected)
                at = search.position_of(db, asked, person_id, found=found, everyone=everyone)
                assert (at, asked) == row
    assert search.position_of(db, PeopleQuery(), 999_999) is None


def test_the_list_of_a_search_has_its_counts_its_first_page_and_the_kept_person_s_page(
    db: Database, crowd: list[int]
) -> None:
    asked = PeopleQuery("a")
    expected = whole(db, asked)
    far = expected[len(expected) - 3]
    hidden = next(i for i in crowd if i not in expected and i not in crowd[5::40])
    result = search.people_list(db, asked, page=50, keep=(far, hidden, expected[1]))
    assert result.found == len(expected)
    assert result.everyone == 330 - len(crowd[5::40])
    assert [row.id for row in result.pages[0]] == expected[:50]
    row = len(expected) - 3
    assert result.rows_of[far] == row and hidden not in result.rows_of
    assert result.rows_of[expected[1]] == 1
    assert [r.id for r in result.pages[row // 50]] == expected[row // 50 * 50 :][:50]
    assert set(result.pages) == {0, row // 50}


def test_a_one_letter_search_reads_a_page_not_every_id_it_finds(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """27,302 of 100,000 people have an "a" in their name: the search reads the count
    and the hundred rows shown, whatever it finds (counted: the rows SQLite hands to
    Python while the search runs)."""
    with db.atomic():
        bulk.insert_people(db, [PersonDraft(f"Ana Person {n:04}") for n in range(1_500)])
    handed = count_rows_handed(db, monkeypatch)
    result = search.people_list(db, PeopleQuery("a"), page=100, everyone=1_500)
    assert result.found == 1_500 and len(result.pages[0]) == 100
    assert handed[0] <= 2 * 100 + 10  # the page's keys, its rows, and a few counts
    for text in ("", "(", "+"):  # everyone: counted once (start-up), then known
        handed[0] = 0
        assert search.people_list(db, PeopleQuery(text), page=100).found == 1_500
        assert handed[0] <= 100 + 10


def test_text_with_no_word_shows_everyone_without_counting_them_again(
    db: Database, crowd: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    counted: list[PeopleQuery] = []
    real = search.count_found

    def count_found(db: Database, asked: PeopleQuery) -> int:
        counted.append(asked)
        return real(db, asked)

    monkeypatch.setattr(search, "count_found", count_found)
    result = search.people_list(db, PeopleQuery("(+"), page=100, everyone=321)
    assert (result.found, counted) == (321, [])
    assert [row.id for row in result.pages[0]] == whole(db, PeopleQuery())[:100]


def _vm_steps(db: Database, read: Callable[[], object]) -> int:
    """SQLite's virtual machine steps (hundreds) ``read`` costs: the same loaded or not."""
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0

    db.connection().set_progress_handler(count, 100)
    try:
        read()
    finally:
        db.connection().set_progress_handler(None, 0)
    return steps[0]


def test_a_keystroke_counts_so_far_and_the_whole_count_comes_after(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counting all of a million found costs 25-50 ms: a keystroke counts up to
    ``at_most`` ("1,000+") and the same cost whatever it finds; the whole count is
    asked for after. A person kept past that is counted to. A list of up to
    ``COUNTED_IN_FULL`` people is counted in full."""
    assert search.people_list(db, PeopleQuery("a"), page=10, at_most=0).counted
    monkeypatch.setattr(search, "COUNTED_IN_FULL", 10)
    with db.atomic():
        ids = bulk.insert_people(db, [PersonDraft(f"Ana Person {n:04}") for n in range(1_500)])
    people.archive_person(db, ids[3])
    asked = PeopleQuery("a")
    expected = whole(db, asked)
    result = search.people_list(db, asked, page=100, everyone=1_499, at_most=1_000)
    assert (result.found, result.counted) == (1_001, False)
    assert [row.id for row in result.pages[0]] == expected[:100]
    assert search.count_found(db, asked) == 1_499 == len(expected)
    kept = expected[1_200]
    result = search.people_list(db, asked, page=100, everyone=1_499, keep=(kept,), at_most=1_000)
    assert (result.found, result.counted, result.rows_of[kept]) == (1_499, True, 1_200)
    assert search.people_list(db, asked, page=100, at_most=2_000).counted
    costs = [
        _vm_steps(db, lambda n=n: search.count_found(db, asked, at_most=n)) for n in (100, 1_000)
    ]
    assert costs[1] > 3 * costs[0]  # counting stops where it is told
    with db.atomic():
        bulk.insert_people(db, [PersonDraft(f"Ana Other {n:04}") for n in range(3_000)])
    assert _vm_steps(db, lambda: search.count_found(db, asked, at_most=100)) <= costs[0] + 5


def _index_readings(db: Database, read: Callable[[], object]) -> int:
    """The statements ``read`` runs that read the people's search indexes."""
    statements: list[str] = []
    db.connection().set_trace_callback(statements.append)
    try:
        read()
    finally:
        db.connection().set_trace_callback(None)
    return sum(" MATCH " in sql and "person_" in sql.split(" MATCH ")[0] for sql in statements)


def test_a_keystroke_in_name_order_reads_the_index_once_for_its_count_and_page(
    db: Database, crowd: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two words ("ro a") read both words' matches: once for the count and the first
    page together, in name order (where a prefix is out of order, its page is sorted:
    read again); the count of another order still reads them apart."""
    monkeypatch.setattr(search, "COUNTED_IN_FULL", 10)  # as at a million people
    ordered = search_keys.in_name_order(db.connection(), 0, 1 << 63 - 1)
    for text in ("ro a", "a", "zzz"):
        asked = PeopleQuery(text)
        expected = whole(db, asked)
        result: list[search.PeopleList] = []
        readings = _index_readings(
            db,
            lambda: result.append(search.people_list(db, asked, page=10, at_most=50)),  # noqa: B023
        )
        assert (result[0].found, result[0].counted) == (min(len(expected), 51), len(expected) <= 50)
        assert [row.id for row in result[0].pages[0]] == expected[:10]
        assert readings == 1 if ordered or not expected else readings <= 3
    asked = PeopleQuery("ro a", PeopleSort.ORGANISATION)
    assert _index_readings(db, lambda: search.people_list(db, asked, page=10, at_most=50)) == 2
