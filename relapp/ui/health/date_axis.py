"""A date axis whose labels never crowd: months, every few months or years, chosen for
the width (``relapp.domain.health.chart.month_ticks``); pyqtgraph's own day ticks when
zoomed in to a few weeks. Imports pyqtgraph: only the chart modules import this."""

from __future__ import annotations

import pyqtgraph as pg

from relapp.domain.health.chart import month_ticks
from relapp.domain.health.values import SECONDS_PER_DAY

DAY_TICKS_BELOW_DAYS = 75


class MonthAxis(pg.DateAxisItem):
    def __init__(self) -> None:
        super().__init__(orientation="bottom")
        self._labels: dict[int, str] = {}

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list:
        if (maxVal - minVal) < DAY_TICKS_BELOW_DAYS * SECONDS_PER_DAY:
            self._labels = {}
            return super().tickValues(minVal, maxVal, size)
        step, ticks = month_ticks(minVal, maxVal, size)
        self._labels = {round(t): label for t, label in ticks}
        return [(step * 30.44 * SECONDS_PER_DAY, [t for t, _ in ticks])]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        if self._labels:
            return [self._labels.get(round(v), "") for v in values]
        return super().tickStrings(values, scale, spacing)
