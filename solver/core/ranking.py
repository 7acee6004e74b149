"""Exact top-K: solve to optimality, forbid that schedule, solve again.

Each round's optimum is the best schedule not yet listed, so the k-th row is the k-th best.
Equal scores are listed by subject numbers, then section order (`Schedule.key`). When more
schedules tie than fit in the top K, which of them appear is decided by CP-SAT's single-thread
search, which is deterministic: the same input gives the same output every run.
"""

import time
from collections.abc import Callable
from typing import Any

from solver.core.cpsat import cp_model, new_solver
from solver.core.explain import explain
from solver.core.model import Model, build_model
from solver.core.prune import prune
from solver.core.request import Request
from solver.core.results import Ranked, Result, Schedule
from solver.core.score import score_points
from solver.core.ties import ties
from solver.errors import InternalError


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
        solver = new_solver(remaining)
        status = solver.solve(model.cp)
        solves += 1
        if status == cp_model.INFEASIBLE:
            break
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return Result(tuple(found), None, solves, complete=False)
        schedule = read_schedule(model, solver)
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


def read_schedule(model: Model, solver: Any) -> Schedule:
    """The schedule in a solution (`solver` is a CpSolver or a solution callback)."""
    return Schedule.of(
        (n for n, x in model.take.items() if solver.boolean_value(x)),
        (o for o, x in model.chosen.items() if solver.boolean_value(x)),
    )


def _checked_points(model: Model, request: Request, solver: Any, schedule: Schedule) -> int:
    """The model's score must equal solver.core.score's; a mismatch is a bug, never a rank."""
    points = score_points(schedule, request.wishes)
    modelled = round(solver.value(model.points)) if not isinstance(model.points, int) else 0
    if modelled != points:
        raise InternalError(
            f"internal error: the model scored a schedule {modelled} points, the checker {points}"
        )
    return points


def _forbid(model: Model, request: Request, schedule: Schedule) -> None:
    """Cut off exactly this schedule: some chosen option dropped or some other course added."""
    taken = set(schedule.courses)
    clause = [model.chosen[o].negated() for o in schedule.options]
    clause += [model.take[n].negated() for n in taken if not request.courses[n].options]
    clause += [x for n, x in model.take.items() if n not in taken]
    if not clause:
        model.cp.add_bool_or([model.cp.new_constant(0)])  # the empty schedule was the only one
    else:
        model.cp.add_bool_or(clause)
