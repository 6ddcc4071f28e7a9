"""The calibration table of docs/health.md, as tests: each row's history is built from
the table's own words and must get the state (and name the factor) the table says, for
one person (``health_at``) and for everyone at once (``health_all``). The table is the
one source: edit a row there and this test follows."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from relapp.domain.health import (
    HealthEvent,
    HealthInput,
    HealthState,
    PromiseOutcome,
    arrays_from_inputs,
    health_all,
    health_at,
    health_state,
)
from relapp.domain.model import Channel, Direction, InteractionKind
from relapp.domain.promises import Outcome, Promise, Promiser, PromiseStatus, promise_outcome

DOC = Path(__file__).resolve().parents[4] / "docs" / "health.md"
HEADING = "## Calibration: everyday situations and the state each must get"
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
TODAY_AT = NOW - timedelta(hours=1)

ARROWS = {"⇄": Direction.BOTH, "→": Direction.OUTBOUND, "←": Direction.INBOUND}
KINDS = {
    "favour given": InteractionKind.FAVOUR_GIVEN,
    "favour received": InteractionKind.FAVOUR_RECEIVED,
}
LAST = r"(?:today|(?P<ago>\d+) days? ago)"
ONCE = r"(?:today|(?P<ago1>\d+) days? ago)"
CONTACTS = re.compile(
    r"(?P<channel>[a-z]+) (?P<arrow>[⇄→←])(?: (?P<kind>favour given|favour received))?"
    rf"(?: every (?P<every>\d+) days ×(?P<times>\d+), last {LAST}| {ONCE})$"
)
CADENCE = re.compile(r"cadence (?P<days>\d+) days$")
PROMISE = re.compile(
    r"promise (?P<status>kept|open), due (?P<due>\d+) days ago"
    r"(?:, snoozed until (?P<ahead>\d+) days? ahead)?$"
)


@dataclass(frozen=True)
class Row:
    number: str
    situation: str
    history: str
    state: str
    factor: str


def table_rows() -> list[Row]:
    text = DOC.read_text(encoding="utf-8")
    section = text.split(HEADING, 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[0].isdigit():
            rows.append(Row(*cells[:5]))
    return rows


def ago(days: str | None) -> datetime:
    return TODAY_AT if days is None else NOW - timedelta(days=int(days))


def build(history: str) -> HealthInput:
    """A person from the table's words (see the doc section for the grammar)."""
    events: list[HealthEvent] = []
    promises: list[PromiseOutcome] = []
    cadence: int | None = None
    for part in (p.strip() for p in history.split(" + ")):
        if part == "nothing":
            continue
        if m := CADENCE.match(part):
            cadence = int(m["days"])
        elif m := PROMISE.match(part):
            promises.append(_promise(m))
        elif m := CONTACTS.match(part):
            channel, direction = Channel(m["channel"]), ARROWS[m["arrow"]]
            kind = KINDS.get(m["kind"] or "", InteractionKind.ORDINARY)
            if m["every"]:
                last = ago(m["ago"])
                gap = timedelta(days=int(m["every"]))
                times = [last - k * gap for k in range(int(m["times"]))]
            else:
                times = [ago(m["ago1"])]
            events += [HealthEvent(t, channel, direction, kind) for t in times]
        else:
            raise AssertionError(f"the calibration table has a history I cannot read: {part!r}")
    return HealthInput(events, promises, cadence)


def _promise(m: re.Match[str]) -> PromiseOutcome:
    """Through the one promise state rule: what health hears of this promise now."""
    due = NOW - timedelta(days=int(m["due"]))
    done = m["status"] == "kept"
    p = Promise(
        person_id=1,
        promiser=Promiser.ME,
        what="call back",
        channel=None,
        due_at=due,
        id=1,
        status=PromiseStatus.DONE if done else PromiseStatus.OPEN,
        snoozed_until=NOW + timedelta(days=int(m["ahead"])) if m["ahead"] else None,
        last_notified_at=None,
        created_at=due - timedelta(days=7),
        done_at=due - timedelta(hours=1) if done else None,
    )
    kept = {Outcome.KEPT: True, Outcome.BROKEN: False}.get(promise_outcome(p, NOW))
    return PromiseOutcome(due, kept)


ROWS = table_rows()


def test_the_table_has_the_situations_the_issue_asks_for() -> None:
    assert len(ROWS) >= 12
    assert [r.number for r in ROWS] == [str(i) for i in range(1, len(ROWS) + 1)]
    assert {r.state for r in ROWS} <= {s.value for s in HealthState}


@pytest.mark.parametrize("row", ROWS, ids=[f"{r.number} {r.situation}" for r in ROWS])
def test_each_situation_gets_its_state(row: Row) -> None:
    inp = build(row.history)
    score = health_at(inp, NOW.date())
    assert score.band == row.state, f"{row.situation}: {score.value:.1f} {score.factors}"
    if row.factor.startswith("not "):
        assert not any(row.factor[4:] in f for f in score.factors), score.factors
    else:
        assert any(row.factor in f for f in score.factors), score.factors
    # everyone at once computes the same score, hence the same state
    (batch,) = health_all(arrays_from_inputs([inp]), NOW.date())
    assert batch == pytest.approx(score.value, abs=1e-9)
    days = [(NOW.date() - e.occurred_at.date()).days for e in inp.events]
    assert health_state(float(batch), len(days), max(days, default=None)) is score.state


def test_a_snoozed_promise_counts_as_no_promise_at_all() -> None:
    snoozed = next(r for r in ROWS if "snoozed" in r.history)
    without = snoozed.history.split(" + promise")[0]
    assert health_at(build(snoozed.history), NOW.date()).value == pytest.approx(
        health_at(build(without), NOW.date()).value
    )


def test_scores_are_explainable_in_one_line() -> None:
    for row in ROWS:
        score = health_at(build(row.history), NOW.date())
        line = "; ".join(score.factors[:2])
        assert 0 < len(line) <= 90 and "\n" not in line
        assert np.isfinite(score.value)
