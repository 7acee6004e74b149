"""Why nothing fits: a minimal set of the student's own rules that cannot all hold."""

from solver.core.deadline import NO_DEADLINE, Deadline
from solver.core.engine.model import build_model
from solver.core.request import Request
from solver.core.rules import Rule
from solver.cpsat import cp_model, new_solver


def explain(request: Request, deadline: Deadline = NO_DEADLINE) -> tuple[Rule, ...]:
    """A minimal set of the student's rules that cannot all hold (deletion-based core).

    Several minimal sets may exist; rules are tried for deletion last first (totals and time
    rules before groups, groups before required subjects), so the set kept tends to name a
    subject and what rules it out ("required 6.1210 and free day F") rather than totals.

    Called once the ranking has proven that nothing fits. Within `deadline`: a check the
    deadline cuts short keeps its rule, so the set stays one that cannot hold, if not minimal."""
    model = build_model(request, assume_rules=True)
    literals = dict(enumerate(model.rules.values()))
    rules = list(model.rules)

    def infeasible(indexes: list[int]) -> tuple[bool, list[int]]:
        if deadline.passed:  # no time to check: keep what is known to conflict
            return False, indexes
        model.cp.clear_assumptions()
        model.cp.add_assumptions([literals[i] for i in indexes])
        left = deadline.left
        solver = new_solver(10.0 if left is None else min(10.0, left))
        status = solver.solve(model.cp)
        if status != cp_model.INFEASIBLE:
            return False, indexes
        core = solver.sufficient_assumptions_for_infeasibility()
        by_literal = {literals[i].index: i for i in indexes}
        return True, sorted(by_literal[c] for c in core if c in by_literal) or indexes

    core = infeasible(list(literals))[1]  # all of them, unless the solver narrowed them down
    for index in reversed(core):
        if index not in core:
            continue
        trial = [i for i in core if i != index]
        still, smaller = infeasible(trial)
        if still:
            core = smaller
    return tuple(rules[i] for i in core)
