"""What the import preview says about a plan as a whole, found on the worker with it.

The summary ("10,000 cards: 9,000 new, …"), the re-import note, the counts of what the
suggested choices would do, the suggested choices themselves and which kinds of cards
there are: each is a loop over every card, six in all. Found on the GUI thread as the
preview opened, they held it 30-35 ms for 10,000 cards under load (issue 18); the
planning task finds them instead (nothing here touches Qt), and the preview reads them.
"""

from __future__ import annotations

from dataclasses import dataclass

from relapp.domain.importing.plan import Choice, Decision, ImportPlan, PlanCounts, count
from relapp.ui.importing import words


@dataclass(frozen=True)
class PreviewFacts:
    readable: int  # cards that can be imported (not errors)
    summary: str
    reimport: str  # "" when nothing here was imported before
    defaults: dict[int, Choice]  # the suggested choice for each card (row -> choice)
    counts: PlanCounts  # what the suggested choices would do
    decisions: frozenset[Decision]


def preview_facts(plan: ImportPlan) -> PreviewFacts:
    defaults = plan.defaults()
    return PreviewFacts(
        readable=plan.readable,
        summary=words.plan_summary(plan),
        reimport=words.reimport_note(plan),
        defaults=defaults,
        counts=count(plan, defaults),
        decisions=frozenset(c.decision for c in plan.cards),
    )


@dataclass(frozen=True)
class Prepared:
    """A plan and its facts, as the planning task hands them to the GUI thread."""

    plan: ImportPlan
    facts: PreviewFacts


def prepared(plan: ImportPlan) -> Prepared:
    """On the worker: the plan with what its preview will say."""
    return Prepared(plan, preview_facts(plan))
