"""The ranked plans of a spec: the best plan, then the best other one, each proven (or marked
when the time ran out), from one model that excludes each plan found.

When the first term has a weekly catalog, its subjects must also have a clash-free week. The
plan names one subject of each kind, but any subjects of that kind will do, so the week is asked
for "this many of these" per kind. When no week exists, the kinds that clash (shrunk one by one
to a set that still clashes) are cut off the first term and the same rank is solved again: the
weekly rules checked are those that only get harder as subjects are added, so the cut holds
for every plan and the ranking stays exact.
"""

import math
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, Protocol

from solver.catalog.schema import number_order
from solver.core.deadline import Deadline
from solver.cpsat import cp_model
from solver.degree.model import new_degree_solver, new_plan_solver
from solver.degree.plan_bounds import covering_bounds
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

    def clashing(self, subjects: Sequence[str]) -> set[frozenset[str]]:
        """Pairs of `subjects` whose meetings overlap whatever sections they take."""


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
    left = deadline.left
    plan.at_least(*covering_bounds(spec, left * BOUNDS_SHARE if left is not None else 60))
    if week is not None:
        for first, then in clashing_kinds(spec, week):
            plan.forbid((first, then), 0)
    if best:
        _bound_the_rest(plan, deadline)
        plan.model.minimize(plan.objective())
    found: list[Placed] = []
    cuts: list[tuple[str, ...]] = []
    refused = 0
    while len(found) < top:
        left = deadline.left
        if left == 0:
            return Ranking(tuple(found), "time", tuple(cuts))
        solver, status = _solve(plan, left)
        if status == cp_model.INFEASIBLE:
            return Ranking(tuple(found), "complete", tuple(cuts))
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return Ranking(tuple(found), "time", tuple(cuts))
        placed = raw = plan.read(solver, best and status == cp_model.OPTIMAL)
        if not best:  # not minimized: parts such as the balance are only bounded below
            placed = raw = replace(placed, points=points_of(spec, placed.terms))
        if placed.optimal:  # cuts and exclusions only take plans away: none later is better
            plan.model.add(plan.objective() >= placed.total)
        if week is not None and placed.terms[0]:
            needs = first_term_needs(spec, placed)
            chosen = week([need for _, need in needs])
            if chosen is None:
                clash = _shrink(needs, week)
                cuts.append(tuple(s for _, (members, count) in clash for s in members[:count]))
                plan.forbid([members[count - 1] for _, (members, count) in clash], 0)
                plan.hint(raw)
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


def _bound_the_rest(plan: PlanModel, deadline: Deadline) -> None:
    """Proving the most even load is a partition problem; the other parts are not. Their
    least sum, proven first, bounds the objective from below (and its plan starts the search):
    when the best plan's loads are even, it is then proven as soon as it is found."""
    if not plan.spec.weights.balance:
        return
    left = deadline.left
    plan.model.minimize(plan.rest())
    solver = new_degree_solver(left * REST_SHARE if left is not None else 3600)
    status = solver.solve(plan.model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        plan.model.add(plan.rest() >= math.ceil(solver.best_objective_bound - 1e-6))
        plan.hint(plan.read(solver, False))


REST_SHARE = 0.2  # of the time, for the parts but the balance
BOUNDS_SHARE = 0.1  # of the time, for the covering bounds before the search
FIRST_TRY = 0.3  # of the time left, for one strategy alone before the portfolio takes over


def _solve(plan: PlanModel, left: float | None) -> "tuple[cp_model.CpSolver, Any]":
    """One strategy first (it finds and proves most plans soonest); when it has not proven its
    plan in its share of the time, CP-SAT's portfolio goes on from that plan, whose core-based
    workers prove a load balance's bound that one strategy can take minutes to."""
    seconds = left if left is not None else 3600
    solver = new_degree_solver(seconds * FIRST_TRY)
    status = solver.solve(plan.model)
    if status != cp_model.FEASIBLE:
        return solver, status
    plan.hint(plan.read(solver, False))
    portfolio = new_plan_solver(seconds * (1 - FIRST_TRY))
    then = portfolio.solve(plan.model)
    if then in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return portfolio, then
    return solver, status


def clashing_kinds(spec: Spec, week: WeekCheck) -> list[tuple[str, str]]:
    """Kinds that can never share the first term's week, by their first subjects: every
    subject of one clashes with every subject of the other. (Cut by the first subject, as the
    model takes a kind's subjects in order, which keeps the cut exact.)"""
    kinds: dict[int, list[str]] = {}
    for candidate in spec.pool:
        if candidate.offers[0].offered:
            kinds.setdefault(candidate.kind, []).append(candidate.key)
    pairs = week.clashing([key for members in kinds.values() for key in members])
    if not pairs:
        return []
    found = []
    ordered = sorted(kinds.values(), key=lambda m: number_order(m[0]))
    for i, one in enumerate(ordered):
        for other in ordered[i + 1 :]:
            if all(frozenset((a, b)) in pairs for a in one for b in other):
                found.append((one[0], other[0]))
    return found


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
