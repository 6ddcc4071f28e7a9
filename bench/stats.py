"""What the benchmark runner reports: rows of samples against the budgets of DESIGN.md,
the table printed at the end, and the machine the numbers were measured on."""

from __future__ import annotations

import math
import os
import platform
import sqlite3
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def percentile(values: list[float], pct: float) -> float:
    """The ``pct`` percentile (0..100), interpolated between the nearest samples."""
    if not values:
        return math.nan
    ordered = sorted(values)
    at = (len(ordered) - 1) * pct / 100
    low = math.floor(at)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (at - low)


@dataclass
class Row:
    """One line of the table: a measurement over several runs, and its budget.

    ``budget`` bounds the median; with ``baseline`` (the key of another row) it bounds
    the ratio of this row's median to that row's median instead. A row without a budget
    is information (a baseline, or where the time went).
    """

    key: str
    what: str
    unit: str
    samples: list[float] = field(default_factory=list)
    budget: float | None = None
    baseline: str | None = None
    skipped: str | None = None
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else math.nan

    @property
    def low(self) -> float:
        return min(self.samples) if self.samples else math.nan

    @property
    def high(self) -> float:
        return max(self.samples) if self.samples else math.nan


class Results:
    """The rows in the order they were measured, by key."""

    def __init__(self) -> None:
        self.rows: dict[str, Row] = {}
        self.details: dict[str, Any] = {}

    def add(self, row: Row) -> Row:
        self.rows[row.key] = row
        return row

    def skip(self, keys_and_whats: list[tuple[str, str, str]], reason: str) -> None:
        for key, what, unit in keys_and_whats:
            self.add(Row(key, what, unit, skipped=reason))

    def ratio(self, row: Row) -> float | None:
        if row.baseline is None:
            return None
        base = self.rows.get(row.baseline)
        if base is None or not base.samples or not row.samples or base.median <= 0:
            return None
        return row.median / base.median

    def verdict(self, row: Row) -> str:
        if row.skipped is not None:
            return "skipped"
        if row.budget is None:
            used = any(other.baseline == row.key for other in self.rows.values())
            return "baseline" if used else "info"
        value = self.ratio(row) if row.baseline is not None else row.median
        if value is None or math.isnan(value):
            return "no data"
        return "ok" if value <= row.budget else "OVER"

    def budget_text(self, row: Row) -> str:
        if row.budget is None:
            return ""
        if row.baseline is not None:
            return f"≤ {row.budget:g} × baseline"
        return f"≤ {row.budget:g} {row.unit}"

    def as_json(self) -> list[dict[str, Any]]:
        out = []
        for row in self.rows.values():
            ratio = self.ratio(row)
            out.append(
                {
                    "key": row.key,
                    "what": row.what,
                    "unit": row.unit,
                    "median": None if row.skipped else row.median,
                    "min": None if row.skipped else row.low,
                    "max": None if row.skipped else row.high,
                    "samples": row.samples,
                    "budget": row.budget,
                    "baseline": row.baseline,
                    "ratio": ratio,
                    "verdict": self.verdict(row),
                    "skipped": row.skipped,
                    "note": row.note,
                }
            )
        return out

    def table(self) -> str:
        header = ("what", "median", "min", "max", "budget", "ratio / verdict")
        lines: list[tuple[str, ...]] = [header]
        for row in self.rows.values():
            if row.skipped is not None:
                lines.append((row.what, "-", "-", "-", self.budget_text(row), row.skipped))
                continue
            ratio = self.ratio(row)
            verdict = self.verdict(row)
            if ratio is not None:
                verdict = f"{ratio:.2f} × → {verdict}"
            lines.append(
                (
                    row.what,
                    _number(row.median, row.unit),
                    _number(row.low, row.unit),
                    _number(row.high, row.unit),
                    self.budget_text(row),
                    verdict,
                )
            )
        widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
        rule = "  ".join("-" * w for w in widths)
        text = []
        for n, line in enumerate(lines):
            cells = [
                cell.ljust(w) if i in (0, 4, 5) else cell.rjust(w)
                for i, (cell, w) in enumerate(zip(line, widths, strict=True))
            ]
            text.append("  ".join(cells).rstrip())
            if n == 0:
                text.append(rule)
        return "\n".join(text)


def _number(value: float, unit: str) -> str:
    if math.isnan(value):
        return "-"
    if unit == "ms" and value >= 10_000:
        return f"{value / 1000:.1f} s"
    if unit == "ms":
        return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"
    return f"{value:.1f} {unit}"


def machine() -> dict[str, Any]:
    """The CPU, cores, memory and versions the numbers come from."""
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text(errors="replace").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram_mb: float | None = None
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_mb = int(line.split()[1]) / 1024
                break
    info: dict[str, Any] = {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_mb": ram_mb,
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "sqlite": sqlite3.sqlite_version,
    }
    try:
        import PySide6
        from PySide6.QtCore import qVersion

        info["qt"] = qVersion()
        info["pyside6"] = PySide6.__version__
    except ImportError:  # pragma: no cover - the app needs it
        info["qt"] = None
    return info
