"""The order of schedules: one documented total order, the same whatever `--top` is.

Schedules are ordered by score (lower first), then by the tie-breakers a student would use:
fewer expected hours a week, then higher evaluation ratings (summed over the chosen subjects; a
subject without evaluations counts 0), then fewer idle minutes; then by subject numbers, then by
section order (`Schedule.key`). The three tie-breakers are folded into one integer, `tiebreak`,
that CP-SAT minimises once the score is fixed; the rest is sorted here, in Python.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from solver.core.request import Course, Request
from solver.core.results import Schedule, ScheduleKey
from solver.core.score import Week, idle_minutes, score_points

if TYPE_CHECKING:
    from solver.core.model import Expr, Model

IDLE_LIMIT = 7 * 24 * 60  # no week has more idle minutes than it has minutes


def hundredths(value: float | None) -> int:
    return 0 if value is None else round(value * 100)


@dataclass(frozen=True)
class Tiebreak:
    """Weights that fold (hours, -rating, idle) into one integer, lexicographically: each key's
    weight exceeds the whole range of the keys after it."""

    rating_top: int  # no schedule of the request has a higher summed rating (in hundredths)

    @classmethod
    def of(cls, request: Request) -> "Tiebreak":
        most = len(set(request.required)) + len(request.optional)
        most += sum(request.bounds(g)[1] for g in range(len(request.groups)))
        ratings = sorted((hundredths(c.subject.rating) for c in request.courses.values()),
                         reverse=True)  # fmt: skip
        return cls(rating_top=sum(r for r in ratings[:most] if r > 0))

    @property
    def idle_weight(self) -> int:
        return 1

    @property
    def rating_weight(self) -> int:
        return IDLE_LIMIT + 1

    @property
    def hours_weight(self) -> int:
        return (self.rating_top + 1) * self.rating_weight

    def value(self, schedule: Schedule, request: Request) -> int:
        """The tie-breakers of `schedule` as one integer (lower is better)."""
        idle = sum(idle_minutes(spans) for spans in Week.of(schedule).spans.values())
        return self.of_courses(schedule.courses, request) + idle * self.idle_weight

    def of_courses(self, courses: Iterable[str], request: Request) -> int:
        """The part of `value` that depends on which courses are taken: hours and ratings."""
        total = self.rating_top * self.rating_weight
        for number in courses:
            total += self.of_course(request.courses[number])
        return total

    def of_course(self, course: Course) -> int:
        return (
            hundredths(course.workload) * self.hours_weight
            - hundredths(course.subject.rating) * self.rating_weight
        )

    def encode(self, model: "Model", request: Request) -> "Expr":
        """The same integer over `model`'s variables (idle minutes are tight once minimised)."""
        per_course = sum(self.of_course(c) * model.take[n] for n, c in request.courses.items())
        idle = sum(model.idle(day) for day in model.days)
        return per_course + self.rating_top * self.rating_weight + idle * self.idle_weight


Standing = tuple[int, int, ScheduleKey]  # (points, tiebreak, key): the whole order


def standing(schedule: Schedule, request: Request, tiebreak: Tiebreak) -> Standing:
    """Where `schedule` stands in the order: compare two standings to compare two schedules."""
    points = score_points(schedule, request.wishes)
    return points, tiebreak.value(schedule, request), schedule.key
