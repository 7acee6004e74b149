"""What a set of rules allows: how many schedules fit (counted up to a cap) and the best score.

Used by what-if (each rule dropped in turn) and by the correction sets (when nothing fits).
"""

from solver.core.deadline import NO_DEADLINE, Deadline
from solver.core.engine.model import Model, build_model
from solver.core.engine.prune import prune
from solver.core.engine.ranking import rank_schedules, read_schedule
from solver.core.request import Request
from solver.core.results import Outcome, ScheduleKey
from solver.cpsat import cp_model

COUNT_CAP = 100  # "100+" is all a student needs to know, and counting further costs seconds


class _Collector(cp_model.CpSolverSolutionCallback):
    def __init__(self, model: Model, cap: int) -> None:
        super().__init__()
        self.model, self.cap = model, cap
        self.keys: set[ScheduleKey] = set()

    def on_solution_callback(self) -> None:
        # Group-membership helpers can make one schedule several solutions: count keys.
        self.keys.add(read_schedule(self.model, self).key)
        if len(self.keys) > self.cap:
            self.stop_search()


def count_schedules(
    request: Request, cap: int = COUNT_CAP, deadline: Deadline = NO_DEADLINE
) -> tuple[int, bool, bool]:
    """The number of distinct schedules that fit, exact up to `cap`: (count, capped, finished)."""
    model = build_model(prune(request), scored=False)
    solver = cp_model.CpSolver()
    solver.parameters.enumerate_all_solutions = True
    solver.parameters.num_workers = 1
    solver.parameters.catch_sigint_signal = False  # as in cpsat.new_solver: Python's Ctrl-C
    if deadline.left is not None:
        solver.parameters.max_time_in_seconds = max(deadline.left, 0.001)
    collector = _Collector(model, cap)
    status = solver.solve(model.cp, collector)
    count = len(collector.keys)
    finished = count > cap or status in (cp_model.OPTIMAL, cp_model.INFEASIBLE)
    return min(count, cap), count > cap, finished


def outcome(request: Request, cap: int = COUNT_CAP, deadline: Deadline = NO_DEADLINE) -> Outcome:
    """How many schedules fit `request` (up to `cap`) and the best score among them."""
    if deadline.passed:
        return Outcome(0, False, None, finished=False)
    count, capped, counted = count_schedules(request, cap, deadline)
    if not count:
        return Outcome(0, False, None, finished=counted)
    best = rank_schedules(request, top=1, deadline=deadline, by="sections")
    proven = bool(best.schedules) and best.schedules[0].optimal
    points = best.schedules[0].points if best.schedules else None
    return Outcome(count, capped, points, finished=counted and proven)
