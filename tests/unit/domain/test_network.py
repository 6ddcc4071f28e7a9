"""The introduction network as arrays: building it, neighbourhoods, layout and labels."""

from __future__ import annotations

import time

import numpy as np
import pytest

from relapp.domain.introductions import IntroductionDraft
from relapp.domain.network import (
    build_graph,
    components,
    hops_from,
    importance_order,
    layout_springs,
    triples,
)
from relapp.domain.network_labels import Side, label_levels, zoom_levels
from relapp.domain.network_layout import force_layout

CAROL, DAN, ED, FAY, GIL, HAL = 1, 2, 3, 4, 5, 6
NAMES = {CAROL: "Carol", DAN: "Dan", ED: "Ed", FAY: "Fay", GIL: "Gil", HAL: "Hal"}

STORY = [
    IntroductionDraft(CAROL, None, DAN),  # Carol introduced you to Dan
    IntroductionDraft(None, CAROL, ED),  # you introduced Carol to Ed
    IntroductionDraft(CAROL, DAN, FAY),  # Carol introduced Dan to Fay
    IntroductionDraft(GIL, HAL, 99),  # 99 is archived: left out
]


def graph_of(intros=STORY):
    return build_graph(*triples(intros), NAMES)


def arrows(graph) -> set[tuple[str, str]]:
    return {(graph.names[s], graph.names[d]) for s, d in zip(graph.src, graph.dst, strict=True)}


def test_each_introduction_draws_an_arrow_from_the_introducer_to_each_introduced() -> None:
    graph = graph_of()
    assert graph.ids[0] is None and graph.names[0] == "You"
    assert set(graph.ids) == {None, CAROL, DAN, ED, FAY}
    assert arrows(graph) == {
        ("Carol", "You"),
        ("Carol", "Dan"),
        ("You", "Carol"),
        ("You", "Ed"),
        ("Carol", "Fay"),
    }
    pairs = {
        (graph.names[a], graph.names[b]) for a, b in zip(graph.pair_a, graph.pair_b, strict=True)
    }
    assert pairs == {("You", "Dan"), ("Carol", "Ed"), ("Dan", "Fay")}


def test_an_empty_network_is_just_you() -> None:
    graph = graph_of([])
    assert graph.ids == (None,) and graph.edge_count == 0
    assert force_layout(graph.size, layout_springs(graph)).shape == (1, 2)


def test_the_same_arrow_twice_is_drawn_once() -> None:
    graph = graph_of([IntroductionDraft(CAROL, None, DAN), IntroductionDraft(CAROL, DAN, None)])
    assert graph.edge_count == 2


def test_neighbourhood_one_and_two_steps() -> None:
    graph = graph_of()
    dan = graph.index_of(DAN)
    assert dan is not None
    one = graph.neighbourhood(dan, 1)
    assert one.ids[one.center] == DAN
    assert set(one.ids) == {DAN, CAROL, None, FAY}  # Carol's arrow, you and Fay as pairs
    two = graph.neighbourhood(dan, 2)
    assert set(two.ids) == {DAN, CAROL, None, FAY, ED}
    assert arrows(two) <= arrows(graph)
    with pytest.raises(ValueError):
        graph.neighbourhood(dan, 0)


def test_hops_and_components() -> None:
    pairs = np.array([[0, 1], [1, 2], [3, 4]])
    assert hops_from(6, pairs, 0).tolist() == [0, 1, 2, -1, -1, -1]
    labels = components(6, pairs)
    assert labels[0] == labels[1] == labels[2]
    assert labels[3] == labels[4] != labels[0]
    assert len(set(labels.tolist())) == 3


def test_groups_not_linked_to_you_get_one_anchoring_spring() -> None:
    graph = graph_of([IntroductionDraft(CAROL, None, DAN), IntroductionDraft(ED, FAY, GIL)])
    springs = {tuple(p) for p in layout_springs(graph).tolist()}
    ed = graph.index_of(ED)
    assert (0, ed) in springs  # Ed, who made the introduction, is the best linked
    carol, dan = graph.index_of(CAROL), graph.index_of(DAN)
    assert (0, dan) not in springs  # Carol's two arrows hold Dan; no spring from you
    assert (0, carol) in springs and (carol, dan) in springs


def test_the_importance_order_starts_with_you_then_the_best_linked() -> None:
    graph = graph_of()
    order = importance_order(graph)
    assert order[0] == 0
    assert graph.names[order[1]] == "Carol"
    assert sorted(order.tolist()) == list(range(graph.size))


def _random_network(people: int, seed: int = 3) -> list[IntroductionDraft]:
    rng = np.random.default_rng(seed)
    intros = []
    for person in range(2, people + 1):
        introducer = int(rng.integers(1, person))
        intros.append(
            IntroductionDraft(introducer, None if rng.random() < 0.4 else person - 1, person)
        )
    return [i for i in intros if i.person_a_id != i.introducer_id]


def test_layout_puts_the_centre_in_the_middle_and_keeps_people_apart() -> None:
    intros = _random_network(120)
    graph = build_graph(*triples(intros), {p: f"P{p}" for p in range(1, 121)})
    pos = force_layout(graph.size, layout_springs(graph), seed=1)
    assert pos.shape == (graph.size, 2)
    assert np.allclose(pos[0], 0)
    assert np.all(np.isfinite(pos))
    gaps = np.sqrt(((pos[:, None] - pos[None]) ** 2).sum(-1))
    np.fill_diagonal(gaps, np.inf)
    assert gaps.min(1).mean() > 0.5  # nobody on top of anybody
    spread = np.sqrt((pos**2).sum(1))
    assert np.median(spread) < 0.7 * spread.max()  # a cloud around you, not a ring


def test_layout_is_deterministic_for_a_seed() -> None:
    springs = np.array([[0, 1], [1, 2], [2, 3], [0, 4]])
    assert np.array_equal(force_layout(5, springs, seed=2), force_layout(5, springs, seed=2))


def test_large_layouts_use_the_grid_and_stay_quick() -> None:
    size = 3000
    rng = np.random.default_rng(0)
    springs = np.stack([rng.integers(0, np.arange(1, size)), np.arange(1, size)], 1)
    started = time.perf_counter()
    pos = force_layout(size, springs, iterations=40)
    assert time.perf_counter() - started < 10  # generous: a smoke test, not a benchmark
    linked = np.sqrt(((pos[springs[:, 0]] - pos[springs[:, 1]]) ** 2).sum(1))
    unlinked = np.sqrt(
        ((pos[rng.integers(0, size, 500)] - pos[rng.integers(0, size, 500)]) ** 2).sum(1)
    )
    assert np.median(linked) < np.median(unlinked) / 2


def test_labels_that_would_overlap_wait_for_a_closer_zoom() -> None:
    # Five nodes in a row one unit apart; labels 50 px wide, 10 px high.
    pos = np.array([[float(x), 0.0] for x in range(5)])
    widths = np.full(5, 50.0)
    order = np.array([2, 0, 1, 3, 4])
    far, near = label_levels(pos, widths, 10, order, [10.0, 100.0], node_radius=0.1)
    assert far.shown[2] and far.shown.sum() < 5  # the most important first, not all fit
    assert near.shown.all()
    assert set(near.side.tolist()) == {Side.RIGHT}


def test_a_label_moves_to_a_free_side() -> None:
    # B sits just right of A: A's name goes left of it, B's to the right.
    pos = np.array([[0.0, 0.0], [1.0, 0.0]])
    (level,) = label_levels(pos, np.array([60.0, 60.0]), 12, np.array([1, 0]), [30.0], 0.1)
    assert level.shown.tolist() == [True, True]
    assert level.side.tolist() == [Side.LEFT, Side.RIGHT]


def test_labels_never_cover_a_node() -> None:
    # A's right, left, below and above are all taken by other nodes' discs.
    pos = np.array([[0.0, 0.0], [1.2, 0.0], [-1.2, 0.0], [0.0, 0.5], [0.0, -0.5]])
    radius = np.array([0.1, 0.4, 0.4, 0.4, 0.4])
    order = np.array([0, 1, 2, 3, 4])
    (level,) = label_levels(pos, np.full(5, 60.0), 12, order, [50.0], radius)
    assert not level.shown[0]


def test_labels_in_different_rows_do_not_clash() -> None:
    pos = np.array([[0.0, 0.0], [0.0, 1.0]])
    (level,) = label_levels(pos, np.array([80.0, 80.0]), 12, np.array([0, 1]), [20.0], 0.1)
    assert level.shown.tolist() == [True, True]


def test_zoom_levels_start_below_the_fit() -> None:
    levels = zoom_levels(2.0, steps=4, factor=2.0)
    assert levels.tolist() == [1.0, 2.0, 4.0, 8.0]
