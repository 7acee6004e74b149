"""A schedule's metrics and penalty score, computed directly from its meetings (no solver).

This is the definition of the score: the CP-SAT model must reproduce it exactly, and the ranking
checks that it does. Points are integers (weight in hundredths x minutes) so scores compare
exactly; a score is points / 6000, i.e. weight x hours (or weight x count for days and lunches).
"""

from collections.abc import Collection
from dataclasses import dataclass

from solver.catalog import Day, Meeting, number_order
from solver.options import Option
from solver.request import Course, Request

POINTS_PER_UNIT = 6000  # 100 (weights in hundredths) x 60 (minutes per hour)


def centi(weight: float) -> int:
    return round(weight * 100)


@dataclass(frozen=True)
class Schedule:
    """The chosen courses and, for each kind each has, the chosen option."""

    courses: tuple[str, ...]
    options: tuple[Option, ...]

    @classmethod
    def of(cls, courses, options) -> "Schedule":
        """A schedule in display order: subjects by number, each one's kinds lecture first."""
        return cls(
            tuple(sorted(courses, key=number_order)),
            tuple(sorted(options, key=lambda o: (number_order(o.course), o.kind.index))),
        )

    @property
    def meetings(self) -> list[Meeting]:
        return [m for o in self.options for m in o.meetings]

    @property
    def key(self) -> tuple:
        """The documented order among equal scores: subject numbers, then section order."""
        return (
            tuple(number_order(n) for n in self.courses),
            tuple(sorted((number_order(o.course), o.kind.index, o.rank) for o in self.options)),
        )


@dataclass(frozen=True)
class Metrics:
    units: int
    days: int
    first_start: int | None
    last_end: int | None
    idle_minutes: int
    hours_per_week: float


def day_spans(meetings: list[Meeting]) -> dict[Day, list[tuple[int, int]]]:
    """Each day's occupied time as merged, sorted intervals."""
    spans: dict[Day, list[tuple[int, int]]] = {}
    for meeting in sorted(meetings, key=lambda m: (m.day.index, m.start)):
        merged = spans.setdefault(meeting.day, [])
        if merged and meeting.start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], meeting.end))
        else:
            merged.append((meeting.start, meeting.end))
    return spans


def idle_minutes(spans: list[tuple[int, int]]) -> int:
    return sum(b[0] - a[1] for a, b in zip(spans, spans[1:], strict=False))


def metrics(schedule: Schedule, courses: dict[str, Course]) -> Metrics:
    meetings = schedule.meetings
    spans = day_spans(meetings)
    chosen = [courses[n] for n in schedule.courses]
    return Metrics(
        units=sum(c.units for c in chosen),
        days=len(spans),
        first_start=min((m.start for m in meetings), default=None),
        last_end=max((m.end for m in meetings), default=None),
        idle_minutes=sum(idle_minutes(s) for s in spans.values()),
        hours_per_week=round(sum(c.workload for c in chosen), 2),
    )


def breakdown(schedule: Schedule, request: Request) -> dict[str, int]:
    """Penalty points per wish (only wishes with a weight appear)."""
    wishes = request.wishes
    spans = day_spans(schedule.meetings)
    points: dict[str, int] = {}
    if wishes.fewer_days:
        points["fewer_days"] = centi(wishes.fewer_days) * 60 * len(spans)
    if wishes.fewer_gaps:
        points["fewer_gaps"] = centi(wishes.fewer_gaps) * sum(
            idle_minutes(s) for s in spans.values()
        )
    if wishes.later_start:
        before = wishes.later_start.before
        early = sum(max(0, before - s[0][0]) for s in spans.values())
        points["later_start"] = centi(wishes.later_start.weight) * early
    if wishes.earlier_end:
        after = wishes.earlier_end.after
        late = sum(max(0, s[-1][1] - after) for s in spans.values())
        points["earlier_end"] = centi(wishes.earlier_end.weight) * late
    if wishes.lunch:
        missed = sum(1 for s in spans.values() if not has_lunch(s, wishes.lunch))
        points["lunch"] = centi(wishes.lunch.weight) * 60 * missed
    if wishes.avoid_evenings:
        after = wishes.avoid_evenings.after
        evening = sum(max(0, m.end - max(m.start, after)) for m in schedule.meetings)
        points["avoid_evenings"] = centi(wishes.avoid_evenings.weight) * evening
    if wishes.free_day:
        busy = sum(1 for day in wishes.free_day.days if day in spans)
        points["free_day"] = centi(wishes.free_day.weight) * 60 * busy
    if request.likes:
        points["likes"] = like_points(schedule.courses, request)
    return points


def like_points(courses: Collection[str], request: Request) -> int:
    """The (negative) points of the liked courses among `courses`: the one part of a score that
    depends on which courses are taken rather than on when they meet."""
    return -60 * sum(centi(w) for n, w in request.likes.items() if n in courses)


def has_lunch(spans: list[tuple[int, int]], lunch) -> bool:
    """Is there a free stretch of `lunch.minutes` inside [lunch.from_, lunch.to]?"""
    free_from = lunch.from_
    for start, end in spans:
        if end <= free_from:
            continue
        if min(start, lunch.to) - free_from >= lunch.minutes:
            return True
        free_from = max(free_from, end)
        if free_from >= lunch.to:
            return False
    return lunch.to - free_from >= lunch.minutes


def score_points(schedule: Schedule, request: Request) -> int:
    return sum(breakdown(schedule, request).values())
