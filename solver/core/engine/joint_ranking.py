"""Exact ranking of joint schedules in the documented order (`solver.core.joint`), the same
whatever `--top` is: row k is the k-th best distinct joint schedule.

As for one student (`solver.core.engine.ranking`): CP-SAT finds the best score left, then the
best tie-breakers at that score; the joint schedules standing there are found by exchanging one
student's option or elective (`ties.neighbours`, judged without the model) and by further solves
until CP-SAT proves none is left, and listed in key order; then all of them are forbidden. Every
joint schedule listed is checked by the independent validator, and the model's value of it must
equal the checker's.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from solver.core.deadline import NO_DEADLINE, Deadline
from solver.core.engine.blocks import Linear, Var
from solver.core.engine.joint_explain import explain_joint
from solver.core.engine.joint_model import JointModel, build_joint_model
from solver.core.engine.model import Model
from solver.core.engine.prune import prune
from solver.core.engine.ranking import read_schedule
from solver.core.engine.ties import Level, Standings, neighbours
from solver.core.joint import (
    Joint,
    JointKey,
    JointRanked,
    JointRequest,
    JointResult,
    joint_key,
    joint_points,
    standing,
)
from solver.core.joint_check import check_joint
from solver.core.request import Request
from solver.core.results import Schedule
from solver.cpsat import cp_model, new_solver
from solver.errors import InternalError


def rank_joint(
    request: JointRequest, *, top: int | None = None, deadline: Deadline = NO_DEADLINE
) -> JointResult:
    """The `top` first joint schedules of the order, or the conflicting rules when none fits."""
    top = top or request.top
    groups = _Groups(request, deadline)
    rows: list[JointRanked] = []
    while len(rows) < top:
        group = groups.next()
        if group is None:
            break
        for joint in group.rows[: top - len(rows)]:
            points = joint_points(joint, request)
            rows.append(JointRanked(len(rows) + 1, joint, points, group.proven))
        if not group.proven:
            return JointResult(tuple(rows), None, groups.solves, complete=False)
    conflict = explain_joint(request, deadline) if not rows and groups.exhausted else None
    complete = groups.exhausted or len(rows) == top
    return JointResult(tuple(rows), conflict, groups.solves, complete)


@dataclass(frozen=True)
class _Group:
    rows: tuple[Joint, ...]  # every joint schedule of one standing left, in key order
    proven: bool


class _Groups:
    """The groups of equal standing, best first, over one joint CP-SAT model."""

    def __init__(self, request: JointRequest, deadline: Deadline) -> None:
        self.request, self.deadline = request, deadline
        self.searches = tuple(prune(r) for r in request.requests)
        self.model = build_joint_model(request, self.searches)
        self.tiebreak = request.tiebreak()
        self.standings = [Standings(r, self.tiebreak) for r in request.requests]
        self.seen: set[JointKey] = set()
        self.level: tuple[int, Var] | None = None
        self.seed: tuple[Joint, Level] | None = None
        self.solves = 0
        self.exhausted = False
        self._proven = True

    def next(self) -> _Group | None:
        found = self.seed or self._first()
        self.seed = None
        if found is None:
            return None
        first, level = found
        if not self._proven:
            return _Group((first,), proven=False)
        rows: dict[JointKey, Joint] = {}
        self._place(first, rows, level)
        while True:
            answer = self._solve(self.model.tie)
            if answer is None and not self._proven:
                return _Group(_ordered(rows), proven=False)
            if answer is None:
                self.level = None
                break
            if answer[1] != level:
                self.seed = answer
                break
            self._place(answer[0], rows, level)
        return _Group(_ordered(rows), proven=True)

    def _place(self, joint: Joint, rows: dict[JointKey, Joint], level: Level) -> None:
        """Add `joint` and the ties its neighbours reach, and forbid each."""
        for found in (joint, *self._ties(joint, level)):
            key = joint_key(found)
            rows[key] = found
            self.seen.add(key)
            _forbid(self.model, self.searches, found)

    def _ties(self, start: Joint, level: Level) -> Iterator[Joint]:
        """Valid joint schedules at `level` reachable from `start` by changing one student's
        schedule by one option or one elective at a time (validity and standing re-derived)."""
        self.seen.add(joint_key(start))
        frontier = [start]
        while frontier:
            current = frontier.pop(0)
            own = [
                st.of(s.courses, s.options) for st, s in zip(self.standings, current, strict=True)
            ]
            ties = sum(t for _, t in own)
            for student, search in enumerate(self.searches):
                for courses, options in neighbours(current[student], search):
                    points, tie = self.standings[student].of(courses, options)
                    if ties - own[student][1] + tie != level[1]:
                        continue
                    changed = Schedule.of(courses, options)
                    joint = (*current[:student], changed, *current[student + 1 :])
                    key = joint_key(joint)
                    if key in self.seen:
                        continue
                    if standing(joint, self.request, self.tiebreak) != level:
                        continue
                    self.seen.add(key)
                    if check_joint(joint, self.request):
                        continue
                    frontier.append(joint)
                    yield joint

    def _first(self) -> tuple[Joint, Level] | None:
        if self.level is None:
            answer = self._solve(self.model.points)
            if answer is None:
                self.exhausted = self._proven
                return None
            if not self._proven:
                return answer
            points = answer[1][0]
            switch = self.model.cp.new_bool_var(f"score<={points}")
            if not isinstance(self.model.points, int):
                self.model.cp.add(self.model.points <= points).only_enforce_if(switch)
            self.level = (points, switch)
        answer = self._solve(self.model.tie)
        if answer is None and self._proven:
            raise InternalError("internal error: a joint score was reached, then nothing had it")
        return answer

    def _solve(self, objective: Linear) -> tuple[Joint, Level] | None:
        if self.deadline.passed:
            self._proven = False
            return None
        cp = self.model.cp
        cp.minimize(objective)
        cp.clear_assumptions()
        if self.level is not None:
            cp.add_assumptions([self.level[1]])
        solver = new_solver(self.deadline.left, cp)
        status = solver.solve(cp)
        self.solves += 1
        self._proven = status in (cp_model.OPTIMAL, cp_model.INFEASIBLE)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        joint = read_joint(self.model, solver)
        place = standing(joint, self.request, self.tiebreak)
        modelled = round(solver.objective_value)
        expected = place[0] if objective is self.model.points else place[1]
        if self._proven and modelled != expected:
            raise InternalError(
                f"internal error: the joint model valued a schedule {modelled}, the checker "
                f"{expected}"
            )
        problems = check_joint(joint, self.request)
        if problems:
            raise InternalError(f"internal error: the joint model chose an invalid schedule: "
                                f"{problems[0]}")  # fmt: skip
        return joint, place


def _ordered(rows: dict[JointKey, Joint]) -> tuple[Joint, ...]:
    return tuple(rows[key] for key in sorted(rows))


def read_joint(
    model: JointModel, solver: cp_model.CpSolver | cp_model.CpSolverSolutionCallback
) -> Joint:
    return tuple(read_schedule(m, solver) for m in model.students)


def _forbid(model: JointModel, searches: tuple[Request, ...], joint: Joint) -> None:
    """Cut off exactly this joint schedule: some student's schedule differs."""
    clause = [
        literal
        for m, search, schedule in zip(model.students, searches, joint, strict=True)
        for literal in differs(m, search, schedule)
    ]
    model.cp.add_bool_or(clause or [model.cp.new_constant(0)])


def differs(model: Model, request: Request, schedule: Schedule) -> list[cp_model.LiteralT]:
    """Literals one of which holds exactly when a schedule of `model` is not `schedule`."""
    taken = set(schedule.courses)
    clause: list[cp_model.LiteralT] = [model.chosen[o].negated() for o in schedule.options]
    clause += [model.take[n].negated() for n in taken if not request.courses[n].options]
    clause += [x for n, x in model.take.items() if n not in taken]
    return clause
