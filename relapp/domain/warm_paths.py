"""Who can introduce me to X? The shortest warm paths from you to a person.

People are linked by ties: you and the people you have talked to, the three people of
every introduction (each pair knows the others afterwards), and people who were together
at one interaction. A warm path runs from you through at least one person you could ask
to the person you want to reach. Among the shortest ones, the warmest come first: those
whose first step is someone you were in touch with recently.

You are ``None``, as in :mod:`relapp.domain.introductions`.
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from relapp.domain.introductions import IntroductionDraft, Who


class TieKind(enum.StrEnum):
    TALKED = "talked"  # you and they have talked (at least one interaction)
    INTRODUCED = "introduced"  # an introduction links the two
    TOGETHER = "together"  # both were part of the same interaction

    @property
    def rank(self) -> int:
        """Which tie between two people says most (lower is better)."""
        return _RANK[self]


_RANK = {TieKind.TALKED: 0, TieKind.INTRODUCED: 1, TieKind.TOGETHER: 2}


@dataclass(frozen=True)
class Tie:
    """Two people who know each other, and how. ``when`` is the latest sign of it."""

    a: Who
    b: Who
    kind: TieKind
    when: datetime | None = None
    introduction_id: int | None = None  # for INTRODUCED ties

    def other(self, node: Who) -> Who:
        return self.b if node == self.a else self.a


def _noon(day: date | None) -> datetime | None:
    return datetime.combine(day, time(12), UTC) if day is not None else None


def ties_from_introduction(
    intro: IntroductionDraft, introduction_id: int | None = None
) -> list[Tie]:
    """After an introduction, each of its three people knows the other two."""
    when = _noon(intro.occurred_on)
    x, a, b = intro.introducer_id, intro.person_a_id, intro.person_b_id
    return [
        Tie(p, q, TieKind.INTRODUCED, when, introduction_id) for p, q in ((x, a), (x, b), (a, b))
    ]


def _better(new: Tie, old: Tie) -> bool:
    if new.kind.rank != old.kind.rank:
        return new.kind.rank < old.kind.rank
    return (new.when or datetime.min.replace(tzinfo=UTC)) > (
        old.when or datetime.min.replace(tzinfo=UTC)
    )


class WarmGraph:
    """Who knows whom; between two people only the tie that says most is kept."""

    def __init__(self, ties: Iterable[Tie] = ()) -> None:
        self._adjacent: dict[Who, dict[Who, Tie]] = {None: {}}
        for tie in ties:
            self.add(tie)

    def add(self, tie: Tie) -> None:
        if tie.a == tie.b:
            return
        old = self._adjacent.get(tie.a, {}).get(tie.b)
        if old is not None and not _better(tie, old):
            return
        self._adjacent.setdefault(tie.a, {})[tie.b] = tie
        self._adjacent.setdefault(tie.b, {})[tie.a] = tie

    def tie(self, a: Who, b: Who) -> Tie | None:
        return self._adjacent.get(a, {}).get(b)

    def neighbours(self, node: Who) -> Iterable[Who]:
        return self._adjacent.get(node, {}).keys()

    def __contains__(self, node: Who) -> bool:
        return node in self._adjacent


@dataclass(frozen=True)
class PathStep:
    """One person on a path: how they are tied to the step before (you, for the first),
    and your own last contact with them."""

    person_id: int
    tie: Tie
    last_contact_at: datetime | None


@dataclass(frozen=True)
class WarmPath:
    """From the first person you would ask to the person you want to reach (the last)."""

    steps: tuple[PathStep, ...]

    @property
    def via(self) -> tuple[PathStep, ...]:
        """The people in between: whom you would ask, in order."""
        return self.steps[:-1]

    @property
    def person_ids(self) -> tuple[int, ...]:
        return tuple(step.person_id for step in self.steps)


@dataclass(frozen=True)
class WarmPaths:
    target_id: int
    direct: Tie | None  # how you already know them yourself, if you do
    paths: tuple[WarmPath, ...]


def warm_paths(
    graph: WarmGraph,
    target_id: int,
    last_contact: Mapping[int, datetime | None],
    *,
    now: datetime,
    limit: int = 5,
    considered: int = 500,
) -> WarmPaths:
    """The ``limit`` warmest of the shortest paths from you to ``target_id`` that pass
    through at least one other person (your own tie to them, if any, is ``direct``).

    Paths are ranked by how recently you were in touch with the first person on them,
    then with all the people in between, then by their ids (so the answer is stable).
    At most ``considered`` shortest paths are looked at; there can be very many."""
    direct = graph.tie(None, target_id)
    if target_id not in graph:
        return WarmPaths(target_id, direct, ())
    preds = _shortest_predecessors(graph, target_id)
    if target_id not in preds:
        return WarmPaths(target_id, direct, ())

    def staleness(node: Who) -> float:
        if node is None:
            return 0.0
        seen = last_contact.get(node)
        return (now - seen).total_seconds() if seen is not None else float("inf")

    found = itertools.islice(_walk_back(preds, target_id, staleness), considered)
    ranked = sorted(
        found,
        key=lambda nodes: (
            staleness(nodes[0]),
            sum(min(staleness(n), 1e12) for n in nodes[:-1]),
            nodes,
        ),
    )
    paths = tuple(_as_path(graph, nodes, last_contact) for nodes in ranked[:limit])
    return WarmPaths(target_id, direct, paths)


def _shortest_predecessors(graph: WarmGraph, target: int) -> dict[Who, list[Who]]:
    """Breadth-first from you, leaving out your own tie to ``target``; stops after the
    level where ``target`` is found. Each reached node maps to its predecessors on
    shortest paths."""
    depth: dict[Who, int] = {None: 0}
    preds: dict[Who, list[Who]] = {}
    frontier: list[Who] = [None]
    while frontier and target not in depth:
        following: list[Who] = []
        for node in frontier:
            for nxt in graph.neighbours(node):
                if node is None and nxt == target:
                    continue
                if nxt not in depth:
                    depth[nxt] = depth[node] + 1
                    preds[nxt] = [node]
                    following.append(nxt)
                elif depth[nxt] == depth[node] + 1:
                    preds[nxt].append(node)
        frontier = following
    return preds


def _walk_back(
    preds: Mapping[Who, list[Who]], target: int, staleness: Callable[[Who], float]
) -> Iterator[tuple[int, ...]]:
    """Every shortest path to ``target`` (you left out), warm predecessors first."""

    def back(node: Who, suffix: tuple[int, ...]) -> Iterator[tuple[int, ...]]:
        if node is None:
            yield suffix
            return
        for before in sorted(preds[node], key=lambda p: (staleness(p), p is not None, p or 0)):
            yield from back(before, (node, *suffix))

    yield from back(target, ())


def _as_path(
    graph: WarmGraph, nodes: tuple[int, ...], last_contact: Mapping[int, datetime | None]
) -> WarmPath:
    steps = []
    previous: Who = None
    for node in nodes:
        tie = graph.tie(previous, node)
        assert tie is not None
        steps.append(PathStep(node, tie, last_contact.get(node)))
        previous = node
    return WarmPath(tuple(steps))
