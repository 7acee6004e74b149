"""When nothing fits: the fewest of the student's own rules to give up (correction sets), what
each buys, and the best schedules under the first.

One CP-SAT model with a literal per rule (true: the rule holds) finds the cheapest set of rules
to drop; a clause then keeps at least one of them, which rules out that set and every superset,
and the next solve finds the next. Costs order the sets exactly: fewer rules first; among as
many, fewer required subjects; then dropping rules listed later (totals and times, before
groups and subjects) rather than earlier. `first_corrections` in the tests is the same order by
brute force.
"""

from dataclasses import replace

from solver.core.deadline import NO_DEADLINE, Deadline
from solver.core.engine.model import build_model
from solver.core.engine.outcomes import COUNT_CAP, outcome
from solver.core.engine.ranking import rank_schedules
from solver.core.request import Request
from solver.core.results import Correction, Result, View
from solver.core.rules import Required, Rule
from solver.cpsat import cp_model, new_solver

MOST = 3  # correction sets shown
POSITIONS = 40  # rules whose position breaks ties; past it CP-SAT's fixed search decides


def costs(request: Request) -> dict[Rule, int]:
    """What dropping each rule costs: a rule's count dominates, then required subjects, then
    the rule's position (an earlier rule costs more, so later ones are dropped first)."""
    count = min(len(request.rules), POSITIONS)
    required_weight = 2**count
    rule_weight = (len(request.rules) + 1) * required_weight
    return {
        rule: rule_weight
        + (required_weight if isinstance(rule, Required) else 0)
        + (2 ** (count - 1 - index) if index < count else 0)
        for index, rule in enumerate(request.rules)
    }


def find_corrections(
    request: Request, most: int = MOST, deadline: Deadline = NO_DEADLINE
) -> tuple[tuple[Rule, ...], ...]:
    """Up to `most` sets of rules whose removal lets a schedule with some subject fit,
    cheapest first, none a superset of another."""
    model = build_model(request, assume_rules=True, scored=False)
    price = costs(request)
    cp = model.cp
    cp.add_bool_or(list(model.take.values()))  # taking nothing at all is no way out
    cp.minimize(sum(price[rule] * (1 - literal) for rule, literal in model.rules.items()))
    found: list[tuple[Rule, ...]] = []
    while len(found) < most and not deadline.passed:
        solver = new_solver(deadline.left)
        status = solver.solve(cp)
        if status != cp_model.OPTIMAL:
            break  # no more sets (or no proof in time: an unproven set is not shown)
        dropped = tuple(
            r for r, literal in model.rules.items() if not solver.boolean_value(literal)
        )
        if not dropped:
            break  # everything fits after all (the caller asked about a feasible request)
        found.append(dropped)
        cp.add_bool_or([model.rules[rule] for rule in dropped])
    return tuple(found)


def with_corrections(
    result: Result, request: Request, *, top: int | None = None, by: View | None = None,
    deadline: Deadline = NO_DEADLINE, cap: int = COUNT_CAP,
) -> Result:  # fmt: skip
    """`result` (where nothing fits) with its correction sets, what each buys, and the best
    schedules that break the first set's rules instead."""
    sets = find_corrections(request, deadline=deadline)
    corrections = tuple(
        Correction(drop, outcome(request.without(drop), cap, deadline)) for drop in sets
    )
    instead = None
    if corrections and not deadline.passed:
        drop = corrections[0].drop
        ranked = rank_schedules(request.without(drop), top=top, by=by, deadline=deadline)
        instead = replace(ranked, dropped=drop)
    return replace(result, corrections=corrections, instead=instead)
