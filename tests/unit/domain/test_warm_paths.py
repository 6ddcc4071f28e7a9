"""Who can introduce me to X: shortest warm paths on small graphs with known answers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from relapp.domain.introductions import IntroductionDraft
from relapp.domain.warm_paths import (
    Tie,
    TieKind,
    WarmGraph,
    ties_from_introduction,
    warm_paths,
)

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
A, B, C, D, E, X = 1, 2, 3, 4, 5, 9


def ago(days: int) -> datetime:
    return NOW - timedelta(days=days)


def talked(person: int, days: int) -> Tie:
    return Tie(None, person, TieKind.TALKED, ago(days))


def knows(p: int, q: int, kind: TieKind = TieKind.INTRODUCED) -> Tie:
    return Tie(p, q, kind)


def routes(graph: WarmGraph, target: int, last: dict[int, datetime | None], **kw) -> list:
    return [path.person_ids for path in warm_paths(graph, target, last, now=NOW, **kw).paths]


def test_two_friends_who_know_x_the_one_you_saw_lately_comes_first() -> None:
    graph = WarmGraph([talked(A, 100), talked(B, 1), knows(A, X), knows(B, X)])
    last = {A: ago(100), B: ago(1)}
    assert routes(graph, X, last) == [(B, X), (A, X)]
    result = warm_paths(graph, X, last, now=NOW)
    assert result.direct is None
    first = result.paths[0]
    assert [s.last_contact_at for s in first.steps] == [ago(1), None]
    assert [s.tie.kind for s in first.steps] == [TieKind.TALKED, TieKind.INTRODUCED]
    assert first.via[0].person_id == B


def test_only_the_shortest_paths_are_listed() -> None:
    short = [talked(A, 5), knows(A, C), knows(C, X)]
    long = [talked(B, 1), knows(B, D), knows(D, E), knows(E, X)]
    graph = WarmGraph([*short, *long])
    assert routes(graph, X, {A: ago(5), B: ago(1)}) == [(A, C, X)]


def test_someone_nobody_links_to_cannot_be_reached() -> None:
    graph = WarmGraph([talked(A, 1), knows(A, B)])
    assert routes(graph, X, {A: ago(1)}) == []
    graph.add(knows(C, X))  # X knows C, but nobody you know knows C
    assert routes(graph, X, {A: ago(1)}) == []


def test_your_own_tie_to_them_is_reported_apart_from_the_paths() -> None:
    graph = WarmGraph([talked(X, 3)])
    result = warm_paths(graph, X, {X: ago(3)}, now=NOW)
    assert result.direct is not None and result.direct.kind is TieKind.TALKED
    assert result.paths == ()
    graph.add(talked(A, 10))
    graph.add(knows(A, X))
    result = warm_paths(graph, X, {X: ago(3), A: ago(10)}, now=NOW)
    assert [p.person_ids for p in result.paths] == [(A, X)]
    assert result.direct is not None


def test_an_introduction_links_all_three_people() -> None:
    carol, dan = 1, 2
    intro = IntroductionDraft(carol, None, dan, occurred_on=date(2024, 3, 1))
    ties = ties_from_introduction(intro, introduction_id=7)
    assert {frozenset((t.a, t.b)) for t in ties} == {
        frozenset((carol, None)),
        frozenset((dan, None)),
        frozenset((carol, dan)),
    }
    assert all(
        t.introduction_id == 7 and t.when == datetime(2024, 3, 1, 12, tzinfo=UTC) for t in ties
    )
    result = warm_paths(WarmGraph(ties), dan, {}, now=NOW)
    assert [p.person_ids for p in result.paths] == [(carol, dan)]
    assert result.direct is not None and result.direct.kind is TieKind.INTRODUCED


def test_talking_says_more_than_an_introduction_and_newer_more_than_older() -> None:
    graph = WarmGraph([Tie(None, A, TieKind.INTRODUCED, ago(500)), talked(A, 30)])
    tie = graph.tie(None, A)
    assert tie is not None and tie.kind is TieKind.TALKED
    graph.add(Tie(None, A, TieKind.INTRODUCED, ago(1)))
    assert graph.tie(A, None) == tie
    graph.add(talked(A, 2))
    assert graph.tie(None, A) == talked(A, 2)


def test_the_warmest_few_of_many_paths() -> None:
    middlemen = range(10, 20)
    ties = [talked(m, m) for m in middlemen] + [knows(m, X) for m in middlemen]
    last = {m: ago(m) for m in middlemen}
    assert routes(WarmGraph(ties), X, last, limit=3) == [(10, X), (11, X), (12, X)]
    assert len(routes(WarmGraph(ties), X, last, limit=3, considered=2)) == 2


def test_never_contacted_comes_after_any_contact() -> None:
    graph = WarmGraph([knows(None, A), talked(B, 900), knows(A, X), knows(B, X)])
    assert routes(graph, X, {A: None, B: ago(900)}) == [(B, X), (A, X)]


def test_people_who_were_together_are_a_way_through() -> None:
    graph = WarmGraph([talked(A, 2), knows(A, B, TieKind.TOGETHER), knows(B, X)])
    result = warm_paths(graph, X, {A: ago(2)}, now=NOW)
    (path,) = result.paths
    assert path.person_ids == (A, B, X)
    assert [s.tie.kind for s in path.steps] == [
        TieKind.TALKED,
        TieKind.TOGETHER,
        TieKind.INTRODUCED,
    ]
