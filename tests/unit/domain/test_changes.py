"""Changes: what a write changed, combined with ``|``."""

from relapp.domain.changes import NOTHING, Changes


def test_nothing_is_false_and_anything_is_true() -> None:
    assert not NOTHING
    assert Changes.of_people([3])
    assert Changes(promises=True)


def test_union_keeps_every_person_and_every_kind() -> None:
    logged = Changes.of_people([1, 2], interactions=True)
    promised = Changes.of_people([2, 5], promises=True)
    both = logged | promised
    assert both.people == frozenset({1, 2, 5})
    assert both.interactions and both.promises
    assert not both.introductions and not both.everyone
    assert both.person_ids == (1, 2, 5)


def test_touches_names_the_people_or_everyone() -> None:
    assert Changes.of_people([4]).touches(4)
    assert not Changes.of_people([4]).touches(5)
    assert not Changes.of_people([4]).touches(None)
    assert Changes.all().touches(99)
