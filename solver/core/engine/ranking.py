"""Exact ranking in the documented order (`solver.core.order`), the same whatever `--top` is.

Schedules come in groups of one standing: the best score left, then the best tie-breakers left
at that score. CP-SAT finds a schedule of the group (minimise the score; fix it; minimise the
tie-breakers), the tie search (`ties`) and further solves find the rest of it until CP-SAT proves
nothing else stands there, and the group is listed in key order (subject numbers, then
sections). Every listed schedule is then forbidden, so the next solve finds the next group.

Two views of the same order: by sections, every distinct schedule is a row; by subjects, each
distinct set of subjects is a row, shown with its best arrangement (its first schedule in the
order), and counted with the other arrangements of that set that score the same.
"""

from collections.abc import Callable
from dataclasses import dataclass

from solver.core.deadline import NO_DEADLINE, Deadline
from solver.core.engine.arrangements import best_and_equals
from solver.core.engine.blocks import Linear, Var, linear
from solver.core.engine.explain import explain
from solver.core.engine.model import Model, build_model
from solver.core.engine.prune import prune
from solver.core.engine.ties import Level, Standings, ties
from solver.core.order import Tiebreak
from solver.core.request import Request
from solver.core.results import Equals, Ranked, Result, Schedule, ScheduleKey, View
from solver.core.wishes import score_points
from solver.cpsat import cp_model, new_solver
from solver.errors import InternalError


def rank_schedules(
    request: Request,
    *,
    top: int | None = None,
    deadline: Deadline = NO_DEADLINE,
    on_found: Callable[[int], None] | None = None,
    by: View | None = None,
) -> Result:
    """The `top` first rows of the order, by subjects or by sections (by default as the request
    says), or the conflicting rules when nothing fits."""
    top = top or request.top
    by = by or request.by
    search = prune(request)
    groups = _Groups(search, request, deadline, by)
    rows: list[Ranked] = []
    while len(rows) < top:
        group = groups.next()
        if group is None:
            break
        for schedule, equals in group.rows[: top - len(rows)]:
            rows.append(Ranked(len(rows) + 1, schedule, group.points, group.proven, equals))
            if on_found:
                on_found(len(rows))
        if not group.proven:
            return Result(tuple(rows), None, groups.solves, complete=False, by=by)
    conflict = explain(request, deadline) if not rows and groups.exhausted else None
    complete = groups.exhausted or len(rows) == top
    return Result(tuple(rows), conflict, groups.solves, complete, by=by)


@dataclass(frozen=True)
class _Group:
    points: int
    rows: tuple[tuple[Schedule, Equals | None], ...]  # all of one standing left, in key order
    proven: bool  # False when the time limit stopped a solve before it proved its answer

    @classmethod
    def of(cls, points: int, rows: dict[ScheduleKey, tuple[Schedule, Equals | None]],
           proven: bool) -> "_Group":  # fmt: skip
        return cls(points, tuple(rows[key] for key in sorted(rows)), proven)


class _Groups:
    """The groups of equal standing, best first, over one CP-SAT model: by sections, every
    schedule of the standing; by subjects, every subject set whose best arrangement stands
    there, with that arrangement and its count of equals."""

    def __init__(self, search: Request, request: Request, deadline: Deadline, by: View) -> None:
        self.search, self.request, self.deadline, self.by = search, request, deadline, by
        self.model = build_model(search)
        self.tiebreak = Tiebreak.of(search)
        self.tie_expr = linear(self.tiebreak.encode(self.model, search))
        self.standings = Standings(request, self.tiebreak)
        self.seen: set[ScheduleKey] = set()  # every schedule placed or looked at by the tie search
        self.level: tuple[int, Var] | None = None  # the score being listed, and its switch
        self.seed: tuple[Schedule, Level] | None = None  # the next group's first schedule
        self.solves = 0
        self.exhausted = False  # every schedule that fits has been listed
        self._proven = True  # the last solve proved its answer (or that there is none)

    def next(self) -> _Group | None:
        """The next group, complete, or None when nothing is left (or the time ran out)."""
        found = self.seed or self._first()
        self.seed = None
        if found is None:
            return None
        first, level = found
        rows: dict[ScheduleKey, tuple[Schedule, Equals | None]] = {}
        if not self._proven:
            return _Group.of(level[0], {first.key: (first, None)}, proven=False)
        self._place(first, rows, level)
        while True:
            answer = self._solve(self.tie_expr)
            if answer is None and not self._proven:  # the time ran out
                return _Group.of(level[0], rows, proven=False)
            if answer is None:  # nothing else at this score: the next group scores worse
                self.level = None
                break
            schedule, standing = answer
            if standing != level:
                self.seed = answer
                break
            self._place(schedule, rows, level)
        return _Group.of(level[0], rows, proven=True)

    def _place(
        self, schedule: Schedule, rows: dict[ScheduleKey, tuple[Schedule, Equals | None]],
        level: Level,
    ) -> None:  # fmt: skip
        """Add what `schedule` brings to its group, and forbid it. By sections: the schedule
        and the equals the tie search reaches. By subjects: its set's best arrangement, found
        by walking the set's arrangements, and then the whole set."""
        if self.by == "subjects":
            best, equals = best_and_equals(
                schedule.courses, level, self.search, self.request, self.standings
            )
            rows[best.key] = (best, equals)
            self._forbid_set(frozenset(schedule.courses))
            return
        rows[schedule.key] = (schedule, None)
        self.seen.add(schedule.key)
        _forbid(self.model, self.search, schedule)
        for tie in ties(schedule, level, self.search, self.request, self.standings, self.seen):
            rows[tie.key] = (tie, None)
            _forbid(self.model, self.search, tie)

    def _forbid_set(self, subjects: frozenset[str]) -> None:
        """Cut off every schedule of exactly these subjects."""
        take = self.model.take
        clause = [take[n].negated() for n in subjects]
        clause += [x for n, x in take.items() if n not in subjects]
        self.model.cp.add_bool_or(clause or [self.model.cp.new_constant(0)])

    def _first(self) -> tuple[Schedule, Level] | None:
        """The first schedule of the next score: minimise the score, fix it, then minimise the
        tie-breakers at that score."""
        if self.level is None:
            answer = self._solve(self.model.points)
            if answer is None:
                self.exhausted = self._proven
                return None
            if not self._proven:
                return answer
            points = answer[1][0]
            switch = self.model.cp.new_bool_var(f"score<={points}")
            if not isinstance(self.model.points, int):  # no wishes: every score is 0
                self.model.cp.add(self.model.points <= points).only_enforce_if(switch)
            self.level = (points, switch)
        answer = self._solve(self.tie_expr)
        if answer is None and self._proven:  # there is one at this score: the last solve said so
            raise InternalError("internal error: a score was reached, then nothing had it")
        return answer

    def _solve(self, objective: Linear) -> tuple[Schedule, Level] | None:
        """Minimise `objective` under the current score; None when nothing is left."""
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
        schedule = read_schedule(self.model, solver)
        standing = self._checked(schedule, solver, objective)
        return schedule, standing

    def _checked(self, schedule: Schedule, solver: cp_model.CpSolver, objective: Linear) -> Level:
        """The schedule's standing, computed without the model; the model must agree."""
        points = score_points(schedule, self.request.wishes)
        tie = self.tiebreak.value(schedule, self.search)
        modelled = round(solver.objective_value)
        expected = points if objective is self.model.points else tie
        if self._proven and modelled != expected:
            raise InternalError(
                f"internal error: the model valued a schedule {modelled}, the checker {expected}"
            )
        return points, tie


def read_schedule(
    model: Model, solver: cp_model.CpSolver | cp_model.CpSolverSolutionCallback
) -> Schedule:
    """The schedule in a solution (`solver` is a CpSolver or a solution callback)."""
    return Schedule.of(
        (n for n, x in model.take.items() if solver.boolean_value(x)),
        (o for o, x in model.chosen.items() if solver.boolean_value(x)),
    )


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
