"""The joint CP-SAT model: one `Model` per student (`solver.core.engine.model`) in one CP-SAT
model, tied together by the together wishes (the joint objective) and the together rules.

Each student's model is built exactly as a single solve builds it, so their rules, wishes and
tie-breakers mean the same; the joint objective is the sum of the students' own and the together
wishes' points, and reproduces `solver.core.joint.joint_points` exactly.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from solver.core.engine.blocks import Linear, Var, linear, var
from solver.core.engine.model import Model, build_model
from solver.core.joint import JointRequest, JointRule, Owned
from solver.core.request import Request
from solver.cpsat import cp_model


@dataclass
class JointModel:
    cp: cp_model.CpModel
    students: list[Model]
    rules: dict[JointRule, Var]  # each rule's switch: a student's own, or a together rule
    points: Linear  # the joint score in points
    tie: Linear  # the joint tie-breakers


def build_joint_model(
    request: JointRequest,
    searches: Sequence[Request],
    *,
    assume_rules: bool = False,
    scored: bool = True,
) -> JointModel:
    """The students' models over `searches` (their requests, pruned or not) in one CP-SAT model;
    with `assume_rules`, every rule is left free for solving under assumptions."""
    cp = cp_model.CpModel()
    students = [build_model(s, assume_rules=assume_rules, scored=scored, cp=cp) for s in searches]
    switches: dict[JointRule, Var] = {
        Owned(s, request.names[s], rule): literal
        for s, model in enumerate(students)
        for rule, literal in model.rules.items()
    }
    for rule in request.rules:
        literal = cp.new_bool_var(rule.label)
        if not assume_rules:
            cp.add(literal == 1)
        apart = rule.shared.encode_apart(students)
        if not isinstance(apart, int):
            cp.add_implication(literal, var(apart).negated())
        switches[rule] = literal
    points: Linear = 0
    tie: Linear = 0
    if scored:
        together = sum((wish.encode(students) for wish in request.wishes), 0)
        points = linear(sum((m.points for m in students), linear(together)))
        tiebreak = request.tiebreak()
        tie = linear(
            sum(linear(tiebreak.encode(m, s)) for m, s in zip(students, searches, strict=True))
        )
    return JointModel(cp, students, switches, points, tie)
