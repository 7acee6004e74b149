"""Equal scores without another solve: ties found next to a schedule the ranking just proved.

Once a solve has proven that no schedule left scores below `points`, any schedule not yet listed
that is valid and scores exactly `points` is a next best, with no search needed. Ties are common
(a different recitation at the same cost, another elective at the same hour), so the ranking
first looks at the neighbours of what it found (one option changed, or one elective exchanged)
and solves again only when none of them ties. Validity is `solver.core.validate`'s, scores are
`solver.core.score`'s: nothing here trusts the model.

A big catalog offers thousands of electives to exchange, but far fewer distinct meeting times:
clash tests and scores are remembered by times (`Option.times`), so each is computed once per
distinct time rather than once per elective.
"""

import itertools
from collections.abc import Iterator

from solver.core.options import Option
from solver.core.request import Request
from solver.core.results import Schedule, ScheduleKey
from solver.core.score import Week, score_points
from solver.core.validate import check_schedule

MAX_COMBINATIONS = 8  # an exchanged elective brings at most this many section combinations

Neighbour = tuple[tuple[str, ...], tuple[Option, ...]]  # courses, options


def ties(
    start: Schedule, points: int, search: Request, request: Request, listed: set[ScheduleKey]
) -> Iterator[Schedule]:
    """Valid schedules scoring `points`, reachable from `start` through ties, not in `listed`.

    Neighbours come from `search` (the pruned request); validity and scores from `request`.
    Every schedule yielded is added to `listed`."""
    scores = _Scores(request)
    frontier = [start]
    while frontier:
        for courses, options in neighbours(frontier.pop(0), search):
            if scores.points(courses, options) != points:
                continue
            tie = Schedule.of(courses, options)
            if tie.key in listed:
                continue
            listed.add(tie.key)
            if check_schedule(tie, request):
                continue
            frontier.append(tie)
            yield tie


def neighbours(schedule: Schedule, request: Request) -> Iterator[Neighbour]:
    """Schedules that differ in one option, or in one elective (with its sections), leaving out
    those whose new options clash with the rest (a cheap first filter, not the validity check)."""
    for index, option in enumerate(schedule.options):
        rest = (*schedule.options[:index], *schedule.options[index + 1 :])
        for swap in request.courses[option.course].options[option.kind]:
            if swap is not option and not any(swap.clashes(o) for o in rest):
                yield schedule.courses, (*rest, swap)
    fixed = request.ungrouped
    taken = set(schedule.courses)
    for number in schedule.courses:
        if number in fixed:
            continue
        kept_courses = tuple(n for n in schedule.courses if n != number)
        kept = _Kept(tuple(o for o in schedule.options if o.course != number))
        for other in request.courses:
            if other in taken or other in fixed:
                continue
            for picked in _combinations(request, other):
                if not kept.clashes(picked):
                    yield (*kept_courses, other), (*kept.options, *picked)


class _Kept:
    """The options an exchange keeps, and which new options clash with them (by times)."""

    def __init__(self, options: tuple[Option, ...]) -> None:
        self.options = options
        self._clash: dict[tuple[frozenset[int], tuple[tuple[int, int, int], ...]], bool] = {}

    def clashes(self, picked: tuple[Option, ...]) -> bool:
        for index, option in enumerate(picked):
            key = (option.segments, option.times)
            if key not in self._clash:
                self._clash[key] = any(option.clashes(o) for o in self.options)
            if self._clash[key] or any(option.clashes(o) for o in picked[:index]):
                return True
        return False


class _Scores:
    """`score_points`, remembered by the schedule's meeting times: the wishes that depend on
    which courses are taken (likes) are added on top."""

    def __init__(self, request: Request) -> None:
        self.by_times = [wish for wish in request.wishes if not wish.by_courses]
        self.by_courses = [wish for wish in request.wishes if wish.by_courses]
        self._memo: dict[tuple[tuple[tuple[int, int, int], ...], ...], int] = {}

    def points(self, courses: tuple[str, ...], options: tuple[Option, ...]) -> int:
        key = tuple(sorted(o.times for o in options))
        if key not in self._memo:  # the score does not depend on the order of `options`
            self._memo[key] = score_points(Schedule(courses, options), self.by_times)
        if not self.by_courses:
            return self._memo[key]
        taken = Week(meetings=(), spans={}, courses=frozenset(courses))  # all they look at
        return self._memo[key] + sum(wish.points(taken) for wish in self.by_courses)


def _combinations(request: Request, number: str) -> list[tuple[Option, ...]]:
    kinds = list(request.courses[number].options.values())
    count = 1
    for options in kinds:
        count *= len(options)
    return list(itertools.product(*kinds)) if count <= MAX_COMBINATIONS else []
