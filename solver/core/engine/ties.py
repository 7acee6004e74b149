"""Equals without another solve: schedules standing level with one the ranking just found.

Once a solve has found the best standing left (score, then tie-breakers: `solver.core.order`),
every other schedule with that same standing belongs to the same group, to be listed in key
order. Such ties are common (a different recitation at the same cost, another elective at the
same hour), so the ranking first looks at the neighbours of what it found (one option changed,
or one elective exchanged) and solves again only to find the ones no neighbour reaches.
Validity is `solver.core.validate`'s, standings are `solver.core.score`'s and `order`'s: nothing
here trusts the model.

A big catalog offers thousands of electives to exchange, but far fewer distinct meeting times:
clash tests and the parts of a standing that depend on times are remembered by times
(`Option.footprint`), so each is computed once per distinct time rather than once per elective.
"""

import itertools
from collections.abc import Callable, Iterator
from typing import Any

from solver.core.options import Option
from solver.core.order import Tiebreak
from solver.core.request import Request
from solver.core.results import Schedule, ScheduleKey
from solver.core.score import Week, idle_minutes
from solver.core.validate import check_schedule

MAX_COMBINATIONS = 8  # an exchanged elective brings at most this many section combinations

Neighbour = tuple[tuple[str, ...], tuple[Option, ...]]  # courses, options
Level = tuple[int, int]  # (points, tiebreak)


def ties(
    start: Schedule,
    level: Level,
    search: Request,
    request: Request,
    standings: "Standings",
    seen: set[ScheduleKey],
) -> Iterator[Schedule]:
    """Valid schedules standing at `level`, reachable from `start` through such schedules.

    Neighbours come from `search` (the pruned request), validity from `request`. Schedules
    whose key is in `seen` are passed over; every schedule looked at is added to `seen`."""
    frontier = [start]
    while frontier:
        for courses, options in neighbours(frontier.pop(0), search):
            if standings.of(courses, options) != level:
                continue
            tie = Schedule.of(courses, options)
            if tie.key in seen:
                continue
            seen.add(tie.key)
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


# What each kind of wish looks at in an option (see `Wish.looks_at`), as a key to remember by.
ASPECTS: dict[str, Callable[[Option], Any]] = {
    "times": lambda o: o.times,
    "parts": lambda o: (o.times, o.parts),
    "places": lambda o: (o.times, o.parts, o.place or ()),
    "sections": lambda o: (o.course, o.ids),
}


class Standings:
    """(points, tiebreak) of schedules. Each wish's points are remembered by what it looks at
    (the days and gaps of a week by its times, walks by times and buildings), so the thousand
    electives at one hour cost one computation; what depends on courses alone (likes, ratings,
    hours) is added."""

    def __init__(self, request: Request, tiebreak: Tiebreak) -> None:
        self.request, self.tiebreak = request, tiebreak
        wishes = request.wishes
        # "times" always: idle minutes (a tie-breaker) are remembered with its points.
        self.remembered = {
            aspect: found
            for aspect in ASPECTS
            if (found := [wish for wish in wishes if wish.looks_at == aspect]) or aspect == "times"
        }
        self.by_courses = [wish for wish in wishes if wish.looks_at == "courses"]
        self._memo: dict[tuple[object, ...], tuple[int, int]] = {}  # (points, idle minutes)
        self._course = {n: tiebreak.of_course(c) for n, c in request.courses.items()}

    def of(self, courses: tuple[str, ...], options: tuple[Option, ...]) -> Level:
        week: Week | None = None  # built only if something is not remembered
        points = idle = 0
        for aspect, wishes in self.remembered.items():
            look = ASPECTS[aspect]
            key = (aspect, *sorted(look(o) for o in options))  # whatever the options' order
            if key not in self._memo:
                week = week or Week.of(Schedule(courses, options))
                gaps = sum(idle_minutes(spans) for spans in week.spans.values())
                self._memo[key] = (sum(wish.points(week) for wish in wishes), gaps)
            found, gaps = self._memo[key]
            points, idle = points + found, gaps
        if self.by_courses:
            taken = Week(meetings=(), spans={}, courses=frozenset(courses))  # all they look at
            points += sum(wish.points(taken) for wish in self.by_courses)
        return points, sum(self._course[n] for n in courses) + idle


def _combinations(request: Request, number: str) -> list[tuple[Option, ...]]:
    kinds = list(request.courses[number].options.values())
    count = 1
    for options in kinds:
        count *= len(options)
    return list(itertools.product(*kinds)) if count <= MAX_COMBINATIONS else []
