"""The introduction network as arrays: people are nodes (you are node 0), and every
introduction draws an arrow from the introducer to each of the two people introduced.

Pure numpy values and rules: building the graph, one person's neighbourhood (one or two
steps), which nodes matter most (for labels), and the springs a layout pulls along.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from relapp.domain.introductions import IntroductionDraft, Who

YOU = 0  # the index of "you" in a graph that contains you


@dataclass(frozen=True)
class NetworkGraph:
    """``ids[i]`` is node i's person id (None for you). ``src -> dst`` are the arrows
    (introducer to introduced); ``pair_a``/``pair_b`` the pairs introduced to each other.
    ``center`` is the node a layout puts in the middle."""

    ids: tuple[Who, ...]
    names: tuple[str, ...]
    met_how: tuple[str, ...]
    src: np.ndarray
    dst: np.ndarray
    pair_a: np.ndarray
    pair_b: np.ndarray
    center: int = YOU

    @property
    def size(self) -> int:
        return len(self.ids)

    @property
    def edge_count(self) -> int:
        return int(self.src.size)

    def index_of(self, person_id: Who) -> int | None:
        try:
            return self.ids.index(person_id)
        except ValueError:
            return None

    def undirected(self) -> np.ndarray:
        """Every linked pair once, as an (m, 2) array with the smaller index first."""
        return _unique_pairs(
            np.concatenate([self.src, self.pair_a]), np.concatenate([self.dst, self.pair_b])
        )

    def degrees(self) -> np.ndarray:
        pairs = self.undirected()
        return np.bincount(pairs.ravel(), minlength=self.size)

    def neighbourhood(self, node: int, steps: int) -> NetworkGraph:
        """The part of the graph within ``steps`` links of ``node``, centred on it."""
        if steps < 1:
            raise ValueError("a neighbourhood is at least one step")
        depth = hops_from(self.size, self.undirected(), node)
        keep = np.flatnonzero((depth >= 0) & (depth <= steps))
        keep = np.concatenate([[node], keep[keep != node]])
        return self.subgraph(keep, center=0)

    def subgraph(self, keep: np.ndarray, *, center: int) -> NetworkGraph:
        """The nodes ``keep`` (in that order) and the links among them."""
        new_index = np.full(self.size, -1, np.int64)
        new_index[keep] = np.arange(keep.size)

        def links(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            inside = (new_index[a] >= 0) & (new_index[b] >= 0)
            return new_index[a[inside]].astype(np.int32), new_index[b[inside]].astype(np.int32)

        src, dst = links(self.src, self.dst)
        pair_a, pair_b = links(self.pair_a, self.pair_b)
        return NetworkGraph(
            ids=tuple(self.ids[i] for i in keep),
            names=tuple(self.names[i] for i in keep),
            met_how=tuple(self.met_how[i] for i in keep),
            src=src,
            dst=dst,
            pair_a=pair_a,
            pair_b=pair_b,
            center=center,
        )


def triples(introductions: Iterable[IntroductionDraft]) -> tuple[np.ndarray, ...]:
    """Introductions as three arrays (introducer, person a, person b), 0 for you."""
    rows = [(i.introducer_id or 0, i.person_a_id or 0, i.person_b_id or 0) for i in introductions]
    table = np.asarray(rows, np.int64).reshape(-1, 3)
    return table[:, 0], table[:, 1], table[:, 2]


def build_graph(
    introducer: np.ndarray,
    person_a: np.ndarray,
    person_b: np.ndarray,
    names: Mapping[int, str],
    met_how: Mapping[int, str] | None = None,
    *,
    you: str = "You",
) -> NetworkGraph:
    """The graph of introductions given as three arrays of person ids (0 for you; see
    ``triples``): you, and everyone named in ``names`` who took part in one. An
    introduction with someone not in ``names`` (archived, say) is left out."""
    met_how = met_how or {}
    x, a, b = (np.asarray(v, np.int64).ravel() for v in (introducer, person_a, person_b))
    known = np.fromiter(names.keys(), np.int64, len(names))
    ok = np.ones(x.size, bool)
    for column in (x, a, b):
        ok &= (column == 0) | np.isin(column, known)
    x, a, b = x[ok], a[ok], b[ok]
    people = np.unique(np.concatenate([x, a, b]))
    node_ids = np.concatenate([[0], people[people != 0]])
    xi, ai, bi = (np.searchsorted(node_ids, column) for column in (x, a, b))
    arrows = np.unique(np.concatenate([np.stack([xi, ai], 1), np.stack([xi, bi], 1)]), axis=0)
    pairs = _unique_pairs(ai, bi)
    arrows = arrows.reshape(-1, 2).astype(np.int32)
    ids: tuple[Who, ...] = (None, *(int(p) for p in node_ids[1:]))
    return NetworkGraph(
        ids=ids,
        names=(you, *(names[p] for p in ids[1:] if p is not None)),
        met_how=("", *(met_how.get(p, "") for p in ids[1:] if p is not None)),
        src=arrows[:, 0],
        dst=arrows[:, 1],
        pair_a=pairs[:, 0].astype(np.int32),
        pair_b=pairs[:, 1].astype(np.int32),
    )


def _unique_pairs(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    both = np.stack([a, b], 1).astype(np.int64)
    if both.size == 0:
        return np.zeros((0, 2), np.int64)
    both.sort(axis=1)
    both = both[both[:, 0] != both[:, 1]]
    return np.unique(both, axis=0)


def adjacency(size: int, pairs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Both directions of ``pairs``: node i's neighbours are ``tails[starts[i]:starts[i+1]]``."""
    pairs = np.asarray(pairs, np.int64).reshape(-1, 2)
    both = np.concatenate([pairs, pairs[:, ::-1]])
    order = np.argsort(both[:, 0], kind="stable")
    heads, tails = both[order, 0], both[order, 1]
    return tails, np.searchsorted(heads, np.arange(size + 1))


def hops_from(size: int, pairs: np.ndarray, start: int) -> np.ndarray:
    """Links from ``start`` to every node (breadth first); -1 where unreachable."""
    depth = np.full(size, -1, np.int64)
    if size == 0:
        return depth
    tails, starts = adjacency(size, pairs)
    depth[start] = 0
    frontier = np.array([start])
    level = 0
    while frontier.size:
        level += 1
        reached = np.concatenate([tails[starts[n] : starts[n + 1]] for n in frontier.tolist()])
        reached = np.unique(reached[depth[reached] < 0])
        depth[reached] = level
        frontier = reached
    return depth


def importance_order(graph: NetworkGraph) -> np.ndarray:
    """Nodes from the most to the least important for a label: the centre, then the
    most linked, nearer the centre first, then by name."""
    degree = graph.degrees()
    depth = hops_from(graph.size, graph.undirected(), graph.center)
    depth = np.where(depth < 0, graph.size, depth)
    names = np.array([n.casefold() for n in graph.names], dtype=object)
    order = np.lexsort((names, depth, -degree))
    return np.concatenate([[graph.center], order[order != graph.center]]).astype(np.int64)


def components(size: int, pairs: np.ndarray) -> np.ndarray:
    """A label per node; linked nodes share one (the smallest index in their group)."""
    parent = np.arange(size)
    if pairs.size == 0:
        return parent
    a, b = pairs[:, 0], pairs[:, 1]
    while True:
        pa, pb = parent[a], parent[b]
        if np.array_equal(pa, pb):
            return parent
        np.minimum.at(parent, np.maximum(pa, pb), np.minimum(pa, pb))
        while True:  # point every node straight at its group's root
            grand = parent[parent]
            if np.array_equal(grand, parent):
                break
            parent = grand


def layout_springs(graph: NetworkGraph) -> np.ndarray:
    """The springs a layout pulls along: every arrow, and every pair introduced to each
    other except you and the people introduced to you (their introducer's two arrows
    already hold them; a spring from you to each would crush everyone into the middle).
    Plus one spring from the centre to the best linked node of each group of people not
    linked to the centre at all, so they stay near the middle instead of drifting away."""
    you = graph.index_of(None)
    pair_a, pair_b = graph.pair_a, graph.pair_b
    if you is not None:
        keep = (pair_a != you) & (pair_b != you)
        pair_a, pair_b = pair_a[keep], pair_b[keep]
    pairs = _unique_pairs(np.concatenate([graph.src, pair_a]), np.concatenate([graph.dst, pair_b]))
    if graph.size == 0:
        return pairs
    group = components(graph.size, pairs)
    degree = np.bincount(pairs.ravel(), minlength=graph.size)
    by_group = np.lexsort((-degree, group))
    firsts = by_group[np.r_[True, group[by_group][1:] != group[by_group][:-1]]]
    hubs = firsts[group[firsts] != group[graph.center]]
    if hubs.size == 0:
        return pairs
    anchors = np.stack([np.minimum(hubs, graph.center), np.maximum(hubs, graph.center)], 1)
    return np.concatenate([pairs, anchors.astype(np.int64)])
