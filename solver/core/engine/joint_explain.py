"""Why no joint schedule fits: a minimal set of the rules (the students' own and the together
rules) that cannot all hold, as `explain` finds one for one student."""

from solver.core.deadline import NO_DEADLINE, Deadline
from solver.core.engine.joint_model import build_joint_model
from solver.core.joint import JointRequest, JointRule
from solver.cpsat import cp_model, new_solver


def explain_joint(request: JointRequest, deadline: Deadline = NO_DEADLINE) -> tuple[JointRule, ...]:
    """A minimal set of the rules that cannot all hold (deletion-based core), tried for
    deletion last first: together rules, then the last file's, then the first file's."""
    model = build_joint_model(request, request.requests, assume_rules=True, scored=False)
    rules = list(model.rules)
    literals = [model.rules[rule] for rule in rules]

    def infeasible(indexes: list[int]) -> tuple[bool, list[int]]:
        if deadline.passed:
            return False, indexes
        model.cp.clear_assumptions()
        model.cp.add_assumptions([literals[i] for i in indexes])
        left = deadline.left
        solver = new_solver(10.0 if left is None else min(10.0, left))
        if solver.solve(model.cp) != cp_model.INFEASIBLE:
            return False, indexes
        core = solver.sufficient_assumptions_for_infeasibility()
        by_literal = {literals[i].index: i for i in indexes}
        return True, sorted(by_literal[c] for c in core if c in by_literal) or indexes

    core = infeasible(list(range(len(rules))))[1]
    for index in reversed(core):
        if index not in core:
            continue
        still, smaller = infeasible([i for i in core if i != index])
        if still:
            core = smaller
    return tuple(rules[i] for i in core)
