"""What a student could add: for each candidate subject, the best score of their preferences with
that subject added to `required:` (by every rule, the rest of the week free to re-arrange), or
that it cannot be added. One model holds every candidate (`Request.candidates`), each solve
assumes one of them added; each answer is checked by the independent validator."""

from dataclasses import dataclass, replace

from solver.core.deadline import Deadline
from solver.core.engine.model import Model, build_model
from solver.core.engine.prune import prune
from solver.core.engine.ranking import read_schedule
from solver.core.request import Request
from solver.core.rules import Required
from solver.core.validate import check_schedule
from solver.core.wishes import score_points
from solver.cpsat import cp_model, new_solver
from solver.errors import InternalError


@dataclass(frozen=True)
class Fit:
    points: int | None  # the best score, in points, with the subject added (None: it cannot be)
    proven: bool  # False when the time limit cut the solve short (then `points` is None)


def fit_candidates(request: Request, deadline: Deadline) -> dict[str, Fit]:
    """Each candidate of `request` with its fit, in the candidates' order."""
    search = prune(request)  # a candidate left without a section of some kind cannot be added
    found = {number: Fit(None, True) for number in request.candidates}
    if not search.candidates:
        return found
    model = build_model(search)
    model.cp.minimize(model.points)
    for number in search.candidates:
        if deadline.passed:
            found[number] = Fit(None, False)
            continue
        model.cp.clear_assumptions()
        model.cp.add_assumptions([model.forced[number]])
        solver = new_solver(deadline.left, model.cp)
        status = solver.solve(model.cp)
        if status == cp_model.OPTIMAL:
            found[number] = Fit(_checked(model, solver, request, number), True)
        elif status != cp_model.INFEASIBLE:
            found[number] = Fit(None, False)
    return found


def _checked(model: Model, solver: cp_model.CpSolver, request: Request, number: str) -> int:
    """The score of the schedule found, recomputed without the model; the schedule must pass
    the validator as the preferences with `number` required."""
    schedule = read_schedule(model, solver)
    required = replace(request, rules=(*request.rules, Required(number)), candidates=())
    problems = check_schedule(schedule, required)
    points = score_points(schedule, request.wishes)
    if problems or number not in schedule.courses or round(solver.objective_value) != points:
        raise InternalError(
            f"internal error: the fit of {number} failed its check: {problems or points}"
        )
    return points
