"""What if: for each of the student's hard rules, what dropping it would give.

For every rule: how many distinct schedules fit without it (against how many fit now), and the
best score reachable without it. Counts are exact up to a cap, enumerated by CP-SAT.
"""

from dataclasses import replace

from solver.core.cpsat import cp_model
from solver.core.model import Model, build_model
from solver.core.prune import prune
from solver.core.ranking import rank_schedules, read_schedule
from solver.core.request import Request
from solver.core.results import Outcome, ScheduleKey, WhatIf
from solver.core.rules import Required, Rule

COUNT_CAP = 10_000


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


def count_schedules(request: Request, cap: int = COUNT_CAP) -> tuple[int, bool]:
    """The number of distinct schedules that fit, exact up to `cap`."""
    pruned = prune(request)
    model = build_model(pruned, scored=False)
    solver = cp_model.CpSolver()
    solver.parameters.enumerate_all_solutions = True
    solver.parameters.num_workers = 1
    collector = _Collector(model, cap)
    solver.solve(model.cp, collector)
    count = len(collector.keys)
    return min(count, cap), count > cap


def outcome(request: Request, cap: int = COUNT_CAP) -> Outcome:
    count, capped = count_schedules(request, cap)
    best = rank_schedules(request, top=1).schedules if count else ()
    return Outcome(count, capped, best[0].points if best else None)


def relaxed(request: Request, rule: Rule) -> Request:
    """The request without `rule`; a required subject becomes optional rather than banned."""
    rules = tuple(r for r in request.rules if r != rule)
    optional = (rule.subject,) if isinstance(rule, Required) else ()
    return replace(request, rules=rules, optional=request.optional + optional)


def what_if(request: Request, cap: int = COUNT_CAP) -> WhatIf:
    """The outcome now, and with each hard rule dropped in turn."""
    without = tuple((rule, outcome(relaxed(request, rule), cap)) for rule in request.rules)
    return WhatIf(outcome(request, cap), without)
