"""The ranked plans of a spec: the best plan, then the best other one, each proven (or marked
when the time ran out), from one model that excludes each plan found.

When the first term has a weekly catalog, its subjects must also have a clash-free week. The
plan names one subject of each kind, but any subjects of that kind will do, so the week is asked
for "this many of these" per kind. When no week exists, the kinds that clash (shrunk one by one
to a set that still clashes) are cut off the first term and the same rank is solved again: the
weekly rules checked are those that only get harder as subjects are added, so the cut holds
for every plan and the ranking stays exact.
"""

from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol

from solver.core.deadline import Deadline
from solver.cpsat import cp_model
from solver.degree.model import new_plan_solver
from solver.degree.plan_check import check_plan, points_of
from solver.degree.plan_model import PlanModel
from solver.degree.plan_spec import Placed, Ranking, Spec
from solver.errors import InternalError

# Per kind in the first term: (its subjects, how many of them) -> the subjects a clash-free
# week takes, or None when there is no such week.
Need = tuple[tuple[str, ...], int]


class WeekCheck(Protocol):
    def __call__(self, needs: Sequence[Need]) -> Sequence[str] | None:
        """The subjects a clash-free week takes, or None when there is none."""

    def alone(self, subjects: Sequence[str]) -> set[str]:
        """Those of `subjects` with a week of their own (or not judged in time)."""


MAX_CUTS = 200  # weeks refused in a row before the search stops, unproven


def rank_plans(
    spec: Spec,
    top: int,
    deadline: Deadline,
    week: WeekCheck | None = None,
    *,
    best: bool = True,
) -> Ranking:
    """The `top` best plans; with `best=False`, any one plan (a correction's proof that one
    exists), not ranked."""
    plan = PlanModel(spec)
    if best:
        plan.model.minimize(plan.objective())
    found: list[Placed] = []
    cuts: list[tuple[str, ...]] = []
    refused = 0
    while len(found) < top:
        left = deadline.left
        if left == 0:
            return Ranking(tuple(found), "time", tuple(cuts))
        solver = new_plan_solver(left if left is not None else 3600)
        status = solver.solve(plan.model)
        if status == cp_model.INFEASIBLE:
            return Ranking(tuple(found), "complete", tuple(cuts))
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return Ranking(tuple(found), "time", tuple(cuts))
        placed = raw = plan.read(solver, best and status == cp_model.OPTIMAL)
        if not best:  # not minimized: parts such as the balance are only bounded below
            placed = raw = replace(placed, points=points_of(spec, placed.terms))
        if week is not None and placed.terms[0]:
            needs = first_term_needs(spec, placed)
            chosen = week([need for _, need in needs])
            if chosen is None:
                clash = _shrink(needs, week)
                cuts.append(tuple(s for _, (members, count) in clash for s in members[:count]))
                plan.forbid([members[count - 1] for _, (members, count) in clash], 0)
                refused += 1
                if refused > MAX_CUTS:
                    return Ranking(tuple(found), "cuts", tuple(cuts))
                continue
            placed = swap_in(spec, placed, chosen)
        problems = check_plan(spec, placed)
        if problems:
            raise InternalError(f"plan {len(found) + 1} fails its check: {problems[0]}: a bug")
        found.append(placed)
        plan.exclude(raw)  # the model's own order of each kind: every swap of it goes too
        plan.hint(raw)
        refused = 0
    return Ranking(tuple(found), "top", tuple(cuts))


def first_term_needs(spec: Spec, placed: Placed) -> list[tuple[int, Need]]:
    """Per kind in the first term: its subjects in the pool (in number order) and how many."""
    members: dict[int, list[str]] = {}
    for candidate in spec.pool:
        members.setdefault(candidate.kind, []).append(candidate.key)
    kind_of = {c.key: c.kind for c in spec.pool}
    counts: dict[int, int] = {}
    for key in placed.terms[0]:
        counts[kind_of[key]] = counts.get(kind_of[key], 0) + 1
    return [(kind, (tuple(members[kind]), count)) for kind, count in sorted(counts.items())]


def _shrink(needs: list[tuple[int, Need]], week: WeekCheck) -> list[tuple[int, Need]]:
    """A part of `needs` that still has no week, with no kind it could do without."""
    kept = list(needs)
    for need in list(needs):
        rest = [n for n in kept if n is not need]
        if rest and week([n for _, n in rest]) is None:
            kept = rest
    return kept


def swap_in(spec: Spec, placed: Placed, chosen: Sequence[str]) -> Placed:
    """The same plan with the first term's subjects of each kind those the week took, swapped
    with the ones they replace wherever those were (subjects of a kind are interchangeable)."""
    kind_of = {c.key: c.kind for c in spec.pool}
    swap: dict[str, str] = {}
    for kind in {kind_of[key] for key in placed.terms[0]}:
        before = sorted(k for k in placed.terms[0] if kind_of[k] == kind)
        after = sorted(k for k in chosen if kind_of.get(k) == kind)
        going = [k for k in before if k not in after]
        coming = [k for k in after if k not in before]
        for old, new in zip(going, coming, strict=True):
            swap[old], swap[new] = new, old
    if not swap:
        return placed
    terms = tuple(tuple(sorted(swap.get(k, k) for k in term)) for term in placed.terms)
    assigned = {(swap.get(k, k), path): v for (k, path), v in placed.assigned.items()}
    return replace(placed, terms=terms, assigned=assigned)
