"""Exact top-K: solve to optimality, forbid that schedule, solve again; and explain infeasibility.

Each round's optimum is the best schedule not yet listed, so the k-th row is the k-th best.
Equal scores are listed by subject numbers, then section order (`Schedule.key`). When more
schedules tie than fit in the top K, which of them appear is decided by CP-SAT's single-thread
search, which is deterministic: the same input gives the same output every run.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass

from solver.cpsat import cp_model
from solver.errors import CoursepickError
from solver.model import Model, build_model
from solver.prune import prune
from solver.request import Request, Rule
from solver.score import Schedule, score_points
from solver.ties import ties

SEED = 20260


@dataclass(frozen=True)
class Ranked:
    rank: int
    schedule: Schedule
    points: int
    optimal: bool  # False when the time limit cut the search before optimality was proven


@dataclass(frozen=True)
class Result:
    schedules: tuple[Ranked, ...]
    conflict: tuple[Rule, ...] | None  # the rules that cannot all hold, when nothing fits
    solves: int
    complete: bool  # every requested rank was proven, or all schedules were listed


class InternalError(CoursepickError):
    exit_code = 70


def _solver(seconds: float | None) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1  # deterministic: same input, same order of ties
    solver.parameters.random_seed = SEED
    # The ranking re-solves one model K times, so per-solve overhead dominates. Measured on the
    # benchmark's cases (python -m bench): one presolve pass, no symmetry detection, no probing
    # and no LP relaxation make the top 10 about twice as fast, from s26 to the 16x catalog;
    # without inprocessing (the clause simplification run between restarts: vivification,
    # probing) the 16x catalog's solve drops from 1.0 s to 0.15 s.
    solver.parameters.max_presolve_iterations = 1
    solver.parameters.symmetry_level = 0
    solver.parameters.cp_model_probing_level = 0
    solver.parameters.linearization_level = 0
    solver.parameters.use_sat_inprocessing = False
    if seconds is not None:
        solver.parameters.max_time_in_seconds = max(seconds, 0.001)
    return solver


def rank_schedules(
    request: Request,
    *,
    top: int | None = None,
    time_limit: float | None = None,
    on_found: Callable[[int], None] | None = None,
) -> Result:
    """The `top` best distinct schedules in order, or the conflicting rules when none fits."""
    top = top or request.top
    deadline = time.monotonic() + time_limit if time_limit else None
    search = prune(request)
    model = build_model(search)
    found: list[Ranked] = []
    solves = 0
    while len(found) < top:
        remaining = deadline - time.monotonic() if deadline else None
        if remaining is not None and remaining <= 0:
            return Result(tuple(found), None, solves, complete=False)
        solver = _solver(remaining)
        status = solver.Solve(model.cp)
        solves += 1
        if status == cp_model.INFEASIBLE:
            break
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return Result(tuple(found), None, solves, complete=False)
        schedule = read_schedule(model, request, solver)
        points = _checked_points(model, request, solver, schedule)
        found.append(Ranked(len(found) + 1, schedule, points, status == cp_model.OPTIMAL))
        if on_found:
            on_found(len(found))
        if status != cp_model.OPTIMAL:
            return Result(tuple(found), None, solves, complete=False)
        _forbid(model, request, schedule)
        # Nothing left scores below `points`: valid neighbours scoring exactly that come next.
        listed = {ranked.schedule.key for ranked in found}
        for tie in ties(schedule, points, search, request, listed):
            if len(found) == top:
                break
            found.append(Ranked(len(found) + 1, tie, points, True))
            if on_found:
                on_found(len(found))
            _forbid(model, request, tie)
    conflict = explain(request) if not found else None
    return Result(_order_ties(found), conflict, solves, complete=True)


def _order_ties(found: list[Ranked]) -> tuple[Ranked, ...]:
    ordered = sorted(found, key=lambda r: (r.points, r.schedule.key))
    return tuple(
        Ranked(rank, r.schedule, r.points, r.optimal) for rank, r in enumerate(ordered, start=1)
    )


def read_schedule(model: Model, request: Request, solver) -> Schedule:
    """The schedule in a solution (`solver` is a CpSolver or a solution callback)."""
    return Schedule.of(
        (n for n, x in model.take.items() if solver.BooleanValue(x)),
        (o for o, x in model.chosen.items() if solver.BooleanValue(x)),
    )


def _checked_points(model: Model, request: Request, solver, schedule: Schedule) -> int:
    """The model's score must equal solver.score's; a mismatch is a bug, never shown as a rank."""
    points = score_points(schedule, request)
    modelled = round(solver.Value(model.points)) if not isinstance(model.points, int) else 0
    if modelled != points:
        raise InternalError(
            f"internal error: the model scored a schedule {modelled} points, the checker {points}"
        )
    return points


def _forbid(model: Model, request: Request, schedule: Schedule) -> None:
    """Cut off exactly this schedule: some chosen option dropped or some other course added."""
    taken = set(schedule.courses)
    clause = [model.chosen[o].Not() for o in schedule.options]
    clause += [model.take[n].Not() for n in taken if not request.courses[n].options]
    clause += [x for n, x in model.take.items() if n not in taken]
    if not clause:
        model.cp.AddBoolOr([model.cp.NewConstant(0)])  # the empty schedule was the only one
    else:
        model.cp.AddBoolOr(clause)


def explain(request: Request) -> tuple[Rule, ...]:
    """A minimal set of the student's rules that cannot all hold (deletion-based core).

    Several minimal sets may exist; rules are tried for deletion last first (totals and time
    rules before groups, groups before required subjects), so the set kept tends to name a
    subject and what rules it out ("required 6.1210 and free day F") rather than totals."""
    model = build_model(request, assume_rules=True)
    literals = {index: literal for index, literal in enumerate(model.rules.values())}
    rules = list(model.rules)

    def infeasible(indexes: list[int]) -> tuple[bool, list[int]]:
        model.cp.ClearAssumptions()
        model.cp.AddAssumptions([literals[i] for i in indexes])
        solver = _solver(10.0)
        status = solver.Solve(model.cp)
        if status != cp_model.INFEASIBLE:
            return False, indexes
        core = solver.SufficientAssumptionsForInfeasibility()
        by_literal = {literals[i].Index(): i for i in indexes}
        return True, sorted(by_literal[c] for c in core if c in by_literal) or indexes

    is_infeasible, core = infeasible(list(literals))
    if not is_infeasible:
        return ()
    for index in reversed(core):
        if index not in core:
            continue
        trial = [i for i in core if i != index]
        still, smaller = infeasible(trial)
        if still:
            core = smaller
    return tuple(rules[i] for i in core)
