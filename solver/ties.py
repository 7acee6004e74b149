"""Equal scores without another solve: ties found next to a schedule the ranking just proved.

Once a solve has proven that no schedule left scores below `points`, any schedule not yet listed
that is valid and scores exactly `points` is a next best, with no search needed. Ties are common
(a different recitation at the same cost, another elective at the same hour), so the ranking
first looks at the neighbours of what it found (one option changed, or one elective exchanged)
and solves again only when none of them ties. Validity is `solver.validate`'s, scores are
`solver.score`'s: nothing here trusts the model.
"""

import itertools
from collections.abc import Iterator

from solver.options import Option
from solver.request import Request
from solver.score import Schedule, score_points
from solver.validate import check_schedule

MAX_COMBINATIONS = 8  # an exchanged elective brings at most this many section combinations


def neighbours(schedule: Schedule, request: Request) -> Iterator[Schedule]:
    """Schedules that differ in one option, or in one elective (with its sections), leaving out
    those whose new options clash with the rest (a cheap first filter, not the validity check)."""
    for index, option in enumerate(schedule.options):
        rest = (*schedule.options[:index], *schedule.options[index + 1 :])
        for other in request.courses[option.course].options[option.kind]:
            if other is not option and not _clashes((other,), rest):
                yield Schedule.of(schedule.courses, (*rest, other))
    fixed = request.ungrouped
    taken = set(schedule.courses)
    for number in schedule.courses:
        if number in fixed:
            continue
        kept_courses = [n for n in schedule.courses if n != number]
        kept_options = [o for o in schedule.options if o.course != number]
        for other in request.courses:
            if other in taken or other in fixed:
                continue
            for picked in _combinations(request, other):
                if not _clashes(picked, kept_options):
                    yield Schedule.of((*kept_courses, other), (*kept_options, *picked))


def _clashes(new: tuple[Option, ...], rest) -> bool:
    """Does a new option overlap another new one or one of `rest`, in the same part of term?"""
    others = list(rest)
    for option in new:
        if any(option.clashes(other) for other in others):
            return True
        others.append(option)
    return False


def _combinations(request: Request, number: str) -> list[tuple[Option, ...]]:
    kinds = list(request.courses[number].options.values())
    count = 1
    for options in kinds:
        count *= len(options)
    return list(itertools.product(*kinds)) if count <= MAX_COMBINATIONS else []


def ties(
    start: Schedule, points: int, search: Request, request: Request, listed: set
) -> Iterator[Schedule]:
    """Valid schedules scoring `points`, reachable from `start` through ties, not in `listed`.

    Neighbours come from `search` (the pruned request); validity and scores from `request`.
    Every schedule yielded is added to `listed`."""
    frontier = [start]
    while frontier:
        for neighbour in neighbours(frontier.pop(0), search):
            if neighbour.key in listed:
                continue
            listed.add(neighbour.key)
            if score_points(neighbour, request) != points:
                continue
            if check_schedule(neighbour, request, request.catalog):
                continue
            frontier.append(neighbour)
            yield neighbour
