"""The network view's data: the introduction graph, its layout and label levels (work
for a background thread), and "who can introduce me to X?" as warm paths with the last
contact on each step."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from relapp.domain.introductions import Introduction, describe
from relapp.domain.network import NetworkGraph, build_graph, importance_order, layout_springs
from relapp.domain.network_labels import LabelLevel, label_levels, zoom_levels
from relapp.domain.network_layout import force_layout, orient
from relapp.domain.timefmt import relative
from relapp.domain.warm_paths import (
    Tie,
    TieKind,
    WarmGraph,
    WarmPaths,
    ties_from_introduction,
    warm_paths,
)
from relapp.storage import Database, introductions_repo, network_repo

NODE_RADIUS = 0.22  # in layout units (the ideal link is 1)
CENTRE_RADIUS = 0.36
MAX_LABEL_CHARS = 28


def load_network(db: Database) -> NetworkGraph:
    """Everyone in an introduction (nobody archived), and you."""
    with db.read():
        x, a, b = introductions_repo.network_arrays(db)
        rows = introductions_repo.people_in_network(db)
    names = {pid: name for pid, name, _ in rows}
    met_how = {pid: how for pid, _, how in rows}
    return build_graph(x, a, b, names, met_how)


def label_text(name: str) -> str:
    """A name as a node's label: long ones shortened with an ellipsis."""
    name = " ".join(name.split())
    return name if len(name) <= MAX_LABEL_CHARS else name[: MAX_LABEL_CHARS - 1] + "…"


@dataclass(frozen=True)
class NetworkPicture:
    """A laid-out graph. ``positions`` are in layout units; ``labels[i]`` says which
    names fit at view scale ``scales[i]`` (pixels per layout unit), and on which side."""

    graph: NetworkGraph
    positions: np.ndarray
    radius: np.ndarray
    order: np.ndarray
    scales: np.ndarray
    labels: tuple[LabelLevel, ...]
    layout_seconds: float
    labels_seconds: float

    def level_for(self, scale: float) -> int:
        """The label level to show at a view scale: the closest one not above it."""
        return max(0, int(np.searchsorted(self.scales, scale * 1.0001, side="right")) - 1)


def arrange(
    graph: NetworkGraph,
    *,
    label_width: Callable[[str], float],
    label_px: float,
    viewport: tuple[float, float],
    seed: int = 0,
) -> NetworkPicture:
    """Lay the graph out and work out its labels (slow for big graphs: a worker's job).

    ``label_width`` measures a label's text and ``label_px`` is a label's height, in
    pixels; ``viewport`` is the size the view starts at (the layout is turned to fit)."""
    started = time.perf_counter()
    positions = force_layout(graph.size, layout_springs(graph), center=graph.center, seed=seed)
    positions = orient(positions, viewport[0] / max(viewport[1], 1.0))
    laid_out = time.perf_counter()
    radius = np.full(graph.size, NODE_RADIUS)
    if graph.size:
        radius[graph.center] = CENTRE_RADIUS
    extent = float(np.abs(positions).max(initial=0.0)) + 2 * CENTRE_RADIUS
    fit = 0.45 * min(viewport) / max(extent, 1.0)
    scales = zoom_levels(fit)
    widths = np.array([label_width(label_text(n)) + 6 for n in graph.names], float)
    order = importance_order(graph)
    labels = label_levels(positions, widths, label_px, order, scales, radius)
    return NetworkPicture(
        graph=graph,
        positions=positions,
        radius=radius,
        order=order,
        scales=scales,
        labels=tuple(labels),
        layout_seconds=laid_out - started,
        labels_seconds=time.perf_counter() - laid_out,
    )


# --- who can introduce me to X? ------------------------------------------------------------


@dataclass(frozen=True)
class StepView:
    person_id: int
    name: str
    how: str  # how they know the step before: "you have talked", "Carol introduced ..."
    last_contact_at: datetime | None  # your own last contact with them

    def last_contact_text(self, now: datetime) -> str:
        if self.last_contact_at is None:
            return "no contact yet"
        return f"last contact {relative(self.last_contact_at, now)}"


@dataclass(frozen=True)
class IntroducersView:
    target_id: int
    target_name: str
    direct: str  # how you know them yourself, "" when you do not
    paths: tuple[tuple[StepView, ...], ...]


def warm_graph(db: Database) -> tuple[WarmGraph, dict[int, datetime | None], list[Introduction]]:
    """Who knows whom: you and the people you talked to, everyone in an introduction,
    and people who were together at an interaction."""
    with db.read():
        talked = network_repo.talked_to(db)
        intros = introductions_repo.active_introductions(db)
        together = network_repo.together(db)
    ties: list[Tie] = [Tie(None, pid, TieKind.TALKED, at) for pid, at in talked]
    for intro in intros:
        ties.extend(ties_from_introduction(intro, intro.id))
    ties.extend(Tie(a, b, TieKind.TOGETHER, at) for a, b, at in together)
    return WarmGraph(ties), dict(talked), intros


def who_can_introduce(
    db: Database, person_id: int, *, now: datetime | None = None, limit: int = 5
) -> IntroducersView:
    """The warmest shortest paths from you to a person, each step with its last contact."""
    now = now if now is not None else datetime.now(UTC)
    graph, last_contact, intros = warm_graph(db)
    found = warm_paths(graph, person_id, last_contact, now=now, limit=limit)
    return _view(db, found, last_contact, {i.id: i for i in intros}, now)


def _view(
    db: Database,
    found: WarmPaths,
    last_contact: dict[int, datetime | None],
    intros: dict[int, Introduction],
    now: datetime,
) -> IntroducersView:
    ids = {found.target_id} | {s.person_id for p in found.paths for s in p.steps}
    ids |= {pid for i in intros.values() for pid in i.people() if _mentioned(i, found)}
    known = network_repo.names_and_contacts(db, sorted(ids))
    names = {pid: name for pid, (name, _) in known.items()}
    paths = tuple(
        tuple(
            StepView(
                s.person_id,
                names.get(s.person_id, "someone"),
                _how(s.tie, intros, names, now),
                last_contact.get(s.person_id),
            )
            for s in path.steps
        )
        for path in found.paths
    )
    direct = _how(found.direct, intros, names, now) if found.direct is not None else ""
    return IntroducersView(found.target_id, names.get(found.target_id, "someone"), direct, paths)


def _mentioned(intro: Introduction, found: WarmPaths) -> bool:
    ties: Iterable[Tie] = [s.tie for p in found.paths for s in p.steps]
    if found.direct is not None:
        ties = [*ties, found.direct]
    return any(t.introduction_id == intro.id for t in ties)


def _how(tie: Tie, intros: dict[int, Introduction], names: dict[int, str], now: datetime) -> str:
    if tie.kind is TieKind.TALKED:
        return "you have talked"
    if tie.kind is TieKind.TOGETHER:
        return f"were together {relative(tie.when, now)}" if tie.when else "were together"
    intro = intros.get(tie.introduction_id or -1)
    return describe(intro, names) if intro is not None else "an introduction"
