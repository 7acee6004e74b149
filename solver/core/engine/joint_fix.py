"""A joint request solved as `coursepick solve --with` solves it: the ranking, and when no joint
schedule fits, the fewest rules to give up (each a student's own, named with their file, or a
together rule), what each buys, and the best joint schedules under the first; as `corrections`
does for one student.
"""

from dataclasses import replace

from solver.core.deadline import NO_DEADLINE, Deadline
from solver.core.engine.joint_model import JointModel, build_joint_model
from solver.core.engine.joint_ranking import rank_joint, read_joint
from solver.core.engine.prune import prune
from solver.core.joint import (
    JointCorrection,
    JointKey,
    JointRequest,
    JointResult,
    JointRule,
    joint_key,
    required_rule,
)
from solver.core.results import Outcome
from solver.cpsat import cp_model, new_solver

MOST = 3  # correction sets shown
COUNT_CAP = 100
POSITIONS = 40  # rules whose position breaks ties among sets of one size


def solve_joint(
    request: JointRequest, deadline: Deadline, *, top: int | None = None
) -> JointResult:
    """The ranked joint schedules; when none fits, with the correction sets."""
    result = rank_joint(request, top=top, deadline=deadline)
    if result.conflict is None:
        return result
    sets = find_joint_corrections(request, deadline=deadline)
    corrections = tuple(
        JointCorrection(drop, joint_outcome(request.without(drop), deadline=deadline))
        for drop in sets
    )
    instead = None
    if corrections and not deadline.passed:
        drop = corrections[0].drop
        ranked = rank_joint(request.without(drop), top=top, deadline=deadline)
        instead = replace(ranked, dropped=drop)
    return replace(result, corrections=corrections, instead=instead)


def costs(rules: list[JointRule]) -> dict[JointRule, int]:
    """As for one student (`corrections.costs`): fewer rules first, then fewer required
    subjects, then rules listed later (together rules are listed last)."""
    count = min(len(rules), POSITIONS)
    required_weight = 2**count
    rule_weight = (len(rules) + 1) * required_weight
    return {
        rule: rule_weight
        + (required_weight if required_rule(rule) else 0)
        + (2 ** (count - 1 - index) if index < count else 0)
        for index, rule in enumerate(rules)
    }


def find_joint_corrections(
    request: JointRequest, most: int = MOST, deadline: Deadline = NO_DEADLINE
) -> tuple[tuple[JointRule, ...], ...]:
    """Up to `most` sets of rules whose removal lets a joint schedule fit in which every
    student takes some subject, cheapest first, none a superset of another."""
    model = build_joint_model(request, request.requests, assume_rules=True, scored=False)
    price = costs(list(model.rules))
    cp = model.cp
    for student in model.students:
        cp.add_bool_or(list(student.take.values()) or [cp.new_constant(0)])
    cp.minimize(sum(price[rule] * (1 - literal) for rule, literal in model.rules.items()))
    found: list[tuple[JointRule, ...]] = []
    while len(found) < most and not deadline.passed:
        solver = new_solver(deadline.left)
        if solver.solve(cp) != cp_model.OPTIMAL:
            break
        dropped = tuple(
            r for r, literal in model.rules.items() if not solver.boolean_value(literal)
        )
        if not dropped:
            break
        found.append(dropped)
        cp.add_bool_or([model.rules[rule] for rule in dropped])
    return tuple(found)


class _Collector(cp_model.CpSolverSolutionCallback):
    def __init__(self, model: JointModel, cap: int) -> None:
        super().__init__()
        self.model, self.cap = model, cap
        self.keys: set[JointKey] = set()

    def on_solution_callback(self) -> None:
        self.keys.add(joint_key(read_joint(self.model, self)))
        if len(self.keys) > self.cap:
            self.stop_search()


def joint_outcome(
    request: JointRequest, cap: int = COUNT_CAP, deadline: Deadline = NO_DEADLINE
) -> Outcome:
    """How many joint schedules fit (up to `cap`) and the best score among them."""
    if deadline.passed:
        return Outcome(0, False, None, finished=False)
    searches = [prune(r) for r in request.requests]
    model = build_joint_model(request, searches, scored=False)
    solver = cp_model.CpSolver()
    solver.parameters.enumerate_all_solutions = True
    solver.parameters.num_workers = 1
    solver.parameters.catch_sigint_signal = False
    if deadline.left is not None:
        solver.parameters.max_time_in_seconds = max(deadline.left, 0.001)
    collector = _Collector(model, cap)
    status = solver.solve(model.cp, collector)
    count = len(collector.keys)
    counted = count > cap or status in (cp_model.OPTIMAL, cp_model.INFEASIBLE)
    if not count:
        return Outcome(0, False, None, finished=counted)
    best = rank_joint(request, top=1, deadline=deadline)
    proven = bool(best.rows) and best.rows[0].optimal
    points = best.rows[0].points.total if best.rows else None
    return Outcome(min(count, cap), count > cap, points, finished=counted and proven)
