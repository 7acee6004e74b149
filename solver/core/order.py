"""The order of schedules: one documented total order, the same whatever `--top` is.

Schedules are ordered by score (lower first), then by the tie-breakers a student would use:
higher evaluation ratings (the chosen subjects' total shortfall from a perfect 7, a subject
without evaluations falling short by all 7), then fewer expected hours a week, then fewer idle
minutes; then by subject numbers, then by section order (`Schedule.key`). The three tie-breakers
are folded into one integer, `Tiebreak.value`, that CP-SAT minimises once the score is fixed;
the rest is sorted in Python.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from solver.core.encoding import Encoder, Expr
from solver.core.request import Course, Request
from solver.core.results import Schedule
from solver.core.score import Week, idle_minutes

IDLE_LIMIT = 7 * 24 * 60  # no week has more idle minutes than it has minutes
PERFECT = 700  # a rating of 7, in hundredths


def hundredths(value: float | None) -> int:
    return 0 if value is None else round(value * 100)


@dataclass(frozen=True)
class Tiebreak:
    """Weights that fold (rating shortfall, hours, idle) into one integer, lexicographically:
    each key's weight exceeds the whole range of the keys after it."""

    hours_top: int  # no schedule of the request expects more hours (in hundredths)
    students: int = 1  # whose idle minutes add up (a joint solve: solver.core.joint)

    @classmethod
    def of(cls, request: Request) -> "Tiebreak":
        most = len(set(request.required)) + len(request.optional)
        most += sum(request.bounds(g)[1] for g in range(len(request.groups)))
        hours = sorted((hundredths(c.workload) for c in request.courses.values()), reverse=True)
        return cls(hours_top=sum(h for h in hours[:most] if h > 0))

    @property
    def hours_weight(self) -> int:
        return self.students * IDLE_LIMIT + 1

    @property
    def rating_weight(self) -> int:
        return (self.hours_top + 1) * self.hours_weight

    def value(self, schedule: Schedule, request: Request) -> int:
        """The tie-breakers of `schedule` as one integer (lower is better)."""
        idle = sum(idle_minutes(spans) for spans in Week.of(schedule).spans.values())
        return self.of_courses(schedule.courses, request) + idle

    def of_courses(self, courses: Iterable[str], request: Request) -> int:
        """The part of `value` that depends on which courses are taken: ratings and hours."""
        return sum(self.of_course(request.courses[number]) for number in courses)

    def of_course(self, course: Course) -> int:
        shortfall = PERFECT - min(hundredths(course.subject.rating), PERFECT)
        return shortfall * self.rating_weight + hundredths(course.workload) * self.hours_weight

    def encode(self, model: Encoder, request: Request) -> Expr:
        """The same integer over `model`'s variables (idle minutes are tight once minimised)."""
        per_course = sum(self.of_course(c) * model.take[n] for n, c in request.courses.items())
        return per_course + sum(model.idle(day) for day in model.days)
