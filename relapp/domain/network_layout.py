"""A force-directed layout for the introduction network, in numpy only.

It starts from a radial tree (the centre in the middle, each ring one link further
out, every branch in a wedge of its own) and then lets springs and repulsion settle it
(Fruchterman and Reingold's forces, with a cooling step size). Repulsion between all
pairs is exact for small graphs; for large ones it is spread on a grid and computed with
a fast Fourier transform (a particle-mesh method), so a step costs about the same at
5,000 people as at 500. Small graphs are then evened out by stress majorization, which
spaces people more regularly than forces alone. Distances are in units of the ideal
link length.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from relapp.domain.network import adjacency

EXACT_LIMIT = 700  # nodes; above this, repulsion goes through the grid
GRAVITY = 0.5  # pull towards the centre, growing with distance: nobody drifts off
HUB_DAMPING = 1.0
STRESS_LIMIT = 300  # nodes; up to this, the layout is evened out by stress majorization
HUB_LENGTH = 0.5  # how much longer a link to a hub is, by the square root of its degree


def force_layout(
    size: int,
    springs: np.ndarray,
    *,
    center: int = 0,
    iterations: int | None = None,
    seed: int = 0,
) -> np.ndarray:
    """Positions (size, 2) with ``center`` at the origin; ``springs`` is an (m, 2) array
    of linked node pairs. Deterministic for a given ``seed``."""
    if size == 0:
        return np.zeros((0, 2))
    springs = np.asarray(springs, np.int64).reshape(-1, 2)
    rng = np.random.default_rng(seed)
    pos = radial_start(size, springs, center)
    pos += rng.normal(scale=0.05, size=pos.shape)  # break exact symmetries
    pos[center] = 0.0
    if size < 3:
        return pos
    if iterations is not None:
        steps = iterations
    elif size <= STRESS_LIMIT:
        steps = 60  # stress majorization finishes the job
    else:
        steps = 150 if size <= EXACT_LIMIT else 90
    repel = _exact_repulsion if size <= EXACT_LIMIT else _grid_repulsion
    extent = float(np.abs(pos).max()) or 1.0
    hot, cold = max(0.5, extent / 10), 0.02
    a, b = springs[:, 0], springs[:, 1]
    degree = np.bincount(springs.ravel(), minlength=size).astype(float)
    # A hub's springs are weaker, so its many neighbours ring it instead of crushing in.
    weight = (1.0 / np.sqrt(np.maximum(np.minimum(degree[a], degree[b]), 1.0)))[:, None]
    weight = weight**HUB_DAMPING
    for step in range(steps):
        force = repel(pos)
        delta = pos[a] - pos[b]
        length = np.sqrt((delta**2).sum(1))[:, None]
        pull = delta * length * weight  # |f| = d² / k with k = 1
        force[:, 0] -= np.bincount(a, pull[:, 0], size) - np.bincount(b, pull[:, 0], size)
        force[:, 1] -= np.bincount(a, pull[:, 1], size) - np.bincount(b, pull[:, 1], size)
        force -= GRAVITY * pos
        temperature = hot * (cold / hot) ** (step / max(1, steps - 1))
        norm = np.sqrt((force**2).sum(1))[:, None]
        pos += force / np.maximum(norm, 1e-9) * np.minimum(norm, temperature)
        pos -= pos[center]
    if size <= STRESS_LIMIT:
        pos = stress_refine(pos, springs, center)
    return pos


def stress_refine(
    positions: np.ndarray, springs: np.ndarray, center: int = 0, *, iterations: int = 80
) -> np.ndarray:
    """Even out a small layout by stress majorization (SMACOF): every pair of people is
    pulled towards its distance in the graph, near pairs hardest. A link to a hub counts
    longer, so a hub's many neighbours get room around it."""
    size = len(positions)
    target = _graph_distances(size, springs)
    finite = np.isfinite(target)
    target[~finite] = target[finite].max() + 1 if finite.any() else 1.0
    weight = np.zeros_like(target)
    off = ~np.eye(size, dtype=bool)
    weight[off] = target[off] ** -2.0
    laplacian = -weight
    np.fill_diagonal(laplacian, weight.sum(1))
    solve = np.linalg.pinv(laplacian)
    pos = positions - positions[center]
    pull = weight * target
    for _ in range(iterations):
        x, y = pos[:, 0], pos[:, 1]
        dx = x[:, None] - x[None, :]
        dy = y[:, None] - y[None, :]
        dist = np.sqrt(dx * dx + dy * dy)
        np.fill_diagonal(dist, 1.0)
        b = -pull / np.maximum(dist, 1e-9)
        np.fill_diagonal(b, 0.0)
        np.fill_diagonal(b, -b.sum(1))
        pos = solve @ (b @ pos)
        pos -= pos[center]
    return pos


def _graph_distances(size: int, springs: np.ndarray) -> np.ndarray:
    """All-pairs shortest distances (Floyd and Warshall, row by row in numpy), a link
    being the longer the bigger the hub it touches."""
    degree = np.bincount(springs.ravel(), minlength=size).astype(float)
    distance = np.full((size, size), np.inf)
    np.fill_diagonal(distance, 0.0)
    if springs.size:
        a, b = springs[:, 0], springs[:, 1]
        length = 1.0 + HUB_LENGTH * (np.sqrt(np.maximum(degree[a], degree[b])) - 1.0)
        distance[a, b] = np.minimum(distance[a, b], length)
        distance[b, a] = distance[a, b]
    for k in range(size):
        np.minimum(distance, distance[:, k : k + 1] + distance[k : k + 1, :], out=distance)
    return distance


def radial_start(size: int, springs: np.ndarray, center: int) -> np.ndarray:
    """A radial tree: rings by links from the centre, one wedge per branch, a wedge as
    wide as the branch is big. Nodes the centre cannot reach go on an outer ring."""
    tails, starts = adjacency(size, springs)
    parent = np.full(size, -1, np.int64)
    depth = np.full(size, -1, np.int64)
    depth[center] = 0
    order = [center]
    frontier = [center]
    while frontier:
        following = []
        for node in frontier:
            for nxt in tails[starts[node] : starts[node + 1]].tolist():
                if depth[nxt] < 0:
                    depth[nxt] = depth[node] + 1
                    parent[nxt] = node
                    following.append(nxt)
        order.extend(following)
        frontier = following
    weight = np.ones(size)
    for node in reversed(order[1:]):
        weight[parent[node]] += weight[node]
    children: dict[int, list[int]] = {}
    for node in order[1:]:
        children.setdefault(int(parent[node]), []).append(node)

    start_angle = np.zeros(size)
    span = np.zeros(size)
    span[center] = 2 * math.pi
    for node in order:
        kids = children.get(node, [])
        at = start_angle[node]
        total = sum(weight[k] for k in kids) or 1.0
        for kid in kids:
            start_angle[kid] = at
            span[kid] = span[node] * weight[kid] / total
            at += span[kid]
    angle = start_angle + span / 2

    reached = depth >= 0
    rings = int(depth.max()) + 1
    counts = np.bincount(depth[reached], minlength=rings)
    radius = np.zeros(rings + 1)
    for ring in range(1, rings + 1):
        needed = (counts[ring] if ring < rings else (~reached).sum()) * 1.3 / (2 * math.pi)
        radius[ring] = max(radius[ring - 1] + 1.0, needed)
    ring_of = np.where(reached, depth, rings)
    if (~reached).any():
        lost = np.flatnonzero(~reached)
        angle[lost] = np.linspace(0, 2 * math.pi, lost.size, endpoint=False)
    r = radius[ring_of]
    return np.stack([r * np.cos(angle), r * np.sin(angle)], 1)


def _exact_repulsion(pos: np.ndarray) -> np.ndarray:
    """k² / d between every pair (k = 1), summed per node."""
    x, y = pos[:, 0], pos[:, 1]
    dx = x[:, None] - x[None, :]
    dy = y[:, None] - y[None, :]
    inverse = dx * dx + dy * dy
    np.fill_diagonal(inverse, np.inf)
    np.maximum(inverse, 1e-4, out=inverse)
    np.reciprocal(inverse, out=inverse)
    return np.stack([(dx * inverse).sum(1), (dy * inverse).sum(1)], 1)


def _grid_size(size: int) -> int:
    return int(min(256, max(32, 2 ** math.ceil(math.log2(2.5 * math.sqrt(size))))))


@functools.cache
def _kernel(grid: int) -> tuple[np.ndarray, np.ndarray]:
    """The Fourier transforms of the repulsion field of a unit mass, on a (2g, 2g) grid
    with wrap-around offsets, so that a product of transforms is a linear convolution."""
    offsets = np.fft.fftfreq(2 * grid, 1 / (2 * grid))
    dx, dy = np.meshgrid(offsets, offsets, indexing="ij")
    d2 = dx**2 + dy**2
    d2[0, 0] = np.inf
    return np.fft.rfft2(dx / d2), np.fft.rfft2(dy / d2)


def _grid_repulsion(pos: np.ndarray) -> np.ndarray:
    """The same k² / d repulsion, with the masses spread on a grid (cloud in cell) and
    the field computed by one FFT convolution, then read back at each node."""
    size = pos.shape[0]
    grid = _grid_size(size)
    low = pos.min(0)
    cell = max(float((pos.max(0) - low).max()) / (grid - 2), 1e-6)
    u = (pos - low) / cell
    i = np.clip(np.floor(u).astype(np.int64), 0, grid - 2)
    f = u - i
    corners = (
        (0, 0, (1 - f[:, 0]) * (1 - f[:, 1])),
        (1, 0, f[:, 0] * (1 - f[:, 1])),
        (0, 1, (1 - f[:, 0]) * f[:, 1]),
        (1, 1, f[:, 0] * f[:, 1]),
    )
    wide = 2 * grid
    density = np.zeros(wide * wide)
    flat = [(i[:, 0] + ox) * wide + (i[:, 1] + oy) for ox, oy, _ in corners]
    for index, (_, _, w) in zip(flat, corners, strict=True):
        density += np.bincount(index, w, wide * wide)
    spectrum = np.fft.rfft2(density.reshape(wide, wide))
    kx, ky = _kernel(grid)
    field_x = np.fft.irfft2(spectrum * kx, s=(wide, wide)).ravel()
    field_y = np.fft.irfft2(spectrum * ky, s=(wide, wide)).ravel()
    force = np.zeros_like(pos)
    for index, (_, _, w) in zip(flat, corners, strict=True):
        force[:, 0] += field_x[index] * w
        force[:, 1] += field_y[index] * w
    return force / cell


def orient(positions: np.ndarray, aspect: float, *, max_stretch: float = 1.3) -> np.ndarray:
    """Turn a layout so its long side runs along the long side of a view ``aspect``
    (width / height) wide, then stretch it a little (at most ``max_stretch``) towards
    that shape, so it fills the view instead of a band of it. The origin stays put."""
    if len(positions) < 3:
        return positions
    centred = positions - positions.mean(0)
    _values, vectors = np.linalg.eigh(np.cov(centred.T))
    main = vectors[:, -1]  # the direction the layout is longest in
    wide = aspect >= 1
    angle = math.atan2(main[1], main[0]) - (0.0 if wide else math.pi / 2)
    cos, sin = math.cos(-angle), math.sin(-angle)
    turned = positions @ np.array([[cos, sin], [-sin, cos]])
    span = turned.max(0) - turned.min(0)
    have = span[0] / max(span[1], 1e-9)
    stretch = min(max(aspect / have, 1 / max_stretch), max_stretch)
    factor = np.array([math.sqrt(stretch), 1 / math.sqrt(stretch)])
    return turned * factor
