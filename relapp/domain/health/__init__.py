"""Relationship health: a score from 0 to 100 for a person at a day, and why.

- ``health_at``: one person at one day, with the few factors that made the score, and
  its state (``HealthScore.state``: new, healthy, cooling or fading; ``health_state``).
- ``health_series``: one person, every day of a range (the chart), vectorised.
- ``health_all``: every person at once from flat numpy arrays (``HealthArrays``).

The formula, each weight and the reason for it: ``docs/health.md``. The numbers live
in ``weights``; ``formula`` combines the terms the same way for all three.

The names below are imported from their modules at first use (``__getattr__``), so a
module that needs only part of the package, ``weights`` or ``untouched`` (an import's
new people, settled without numpy), does not import numpy with ``batch``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from relapp.domain.health.batch import HealthArrays, arrays_from_inputs, health_all
    from relapp.domain.health.codes import (
        PROMISE_BROKEN,
        PROMISE_KEPT,
        PROMISE_OPEN,
        channel_code,
        channel_codes,
        direction_code,
        direction_codes,
        kind_code,
        kind_codes,
        promise_code,
    )
    from relapp.domain.health.score import health_at, health_terms
    from relapp.domain.health.series import health_series, series_from_arrays
    from relapp.domain.health.state import HealthState, health_state
    from relapp.domain.health.terms import HealthTerms
    from relapp.domain.health.values import HealthEvent, HealthInput, HealthScore, PromiseOutcome
    from relapp.domain.health.weights import band

_WHERE = {
    "HealthArrays": "batch",
    "arrays_from_inputs": "batch",
    "health_all": "batch",
    "PROMISE_BROKEN": "codes",
    "PROMISE_KEPT": "codes",
    "PROMISE_OPEN": "codes",
    "channel_code": "codes",
    "channel_codes": "codes",
    "direction_code": "codes",
    "direction_codes": "codes",
    "kind_code": "codes",
    "kind_codes": "codes",
    "promise_code": "codes",
    "health_at": "score",
    "health_terms": "score",
    "health_series": "series",
    "series_from_arrays": "series",
    "HealthState": "state",
    "health_state": "state",
    "HealthTerms": "terms",
    "HealthEvent": "values",
    "HealthInput": "values",
    "HealthScore": "values",
    "PromiseOutcome": "values",
    "band": "weights",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "PROMISE_BROKEN",
    "PROMISE_KEPT",
    "PROMISE_OPEN",
    "HealthArrays",
    "HealthEvent",
    "HealthInput",
    "HealthScore",
    "HealthState",
    "HealthTerms",
    "PromiseOutcome",
    "arrays_from_inputs",
    "band",
    "channel_code",
    "channel_codes",
    "direction_code",
    "direction_codes",
    "health_all",
    "health_at",
    "health_series",
    "health_state",
    "health_terms",
    "kind_code",
    "kind_codes",
    "promise_code",
    "series_from_arrays",
]
