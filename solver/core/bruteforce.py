"""The reference enumerator: every combination of courses and sections, filtered, scored, sorted.

It is how most schedule builders work, and here it is the oracle: tests compare the CP-SAT ranking
with it on small catalogs, and the benchmark times it as the baseline. It shares no code with the
model; validity comes from `solver.core.validate`, scores from `solver.core.score`.
"""

import itertools
import time
from collections.abc import Iterator
from dataclasses import dataclass

from solver.core.order import Tiebreak
from solver.core.request import Request
from solver.core.results import Schedule
from solver.core.validate import check_schedule
from solver.core.wishes import score_points


@dataclass(frozen=True)
class Enumeration:
    ranked: list[tuple[int, Schedule]]  # (points, schedule), best first, every valid schedule
    combinations: int  # schedules examined
    finished: bool  # False when the time cap stopped it


def _course_sets(request: Request) -> Iterator[tuple[str, ...]]:
    required = tuple(dict.fromkeys(request.required))
    optional = [n for n in request.courses if n not in required]
    most = sum(request.bounds(g)[1] for g in range(len(request.groups))) + len(request.optional)
    for size in range(0, min(most, len(optional)) + 1):
        for extra in itertools.combinations(optional, size):
            yield tuple(sorted(required + extra))


def _schedules(request: Request, courses: tuple[str, ...]) -> Iterator[Schedule]:
    choices = [opts for n in courses for opts in request.courses[n].options.values()]
    for picked in itertools.product(*choices):
        yield Schedule(courses, tuple(picked))


def enumerate_schedules(request: Request, *, time_cap: float | None = None) -> Enumeration:
    """All valid schedules in the documented order (`solver.core.order`)."""
    deadline = time.monotonic() + time_cap if time_cap else None
    valid: list[tuple[int, Schedule]] = []
    examined = 0
    for courses in _course_sets(request):
        for schedule in _schedules(request, courses):
            examined += 1
            if deadline and examined % 256 == 0 and time.monotonic() > deadline:
                return Enumeration(_sorted(valid, request), examined, finished=False)
            if not check_schedule(schedule, request):
                valid.append((score_points(schedule, request.wishes), schedule))
    return Enumeration(_sorted(valid, request), examined, finished=True)


def rows(ranked: list[tuple[int, Schedule]], by: str) -> list[tuple[int, Schedule]]:
    """The rows of a view from every schedule in order: all of them (by sections), or each
    subject set's first schedule (by subjects)."""
    if by == "sections":
        return ranked
    shown: set[frozenset[str]] = set()
    first = []
    for points, schedule in ranked:
        if frozenset(schedule.courses) not in shown:
            shown.add(frozenset(schedule.courses))
            first.append((points, schedule))
    return first


def _sorted(valid: list[tuple[int, Schedule]], request: Request) -> list[tuple[int, Schedule]]:
    tiebreak = Tiebreak.of(request)
    standings = {id(s): (p, tiebreak.value(s, request), s.key) for p, s in valid}
    return sorted(valid, key=lambda item: standings[id(item[1])])
