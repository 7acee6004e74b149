"""A schedule's score, computed directly from its meetings (no solver): the definition.

The score is the sum of the active wishes' points (`solver.core.wishes.score_points`); the
CP-SAT model must reproduce it exactly, and the ranking checks that it does. Points are integers
(weight in hundredths x minutes) so scores compare exactly; a score is points / 6000, i.e. weight
x hours (or weight x count for days and lunches).
"""

import bisect
import math
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from solver.catalog.campus import Point
from solver.catalog.schema import Day, Meeting
from solver.core.options import Option
from solver.core.results import Schedule

POINTS_PER_UNIT = 6000  # 100 (weights in hundredths) x 60 (minutes per hour)

Spans = list[tuple[int, int]]


def centi(weight: float) -> int:
    return round(weight * 100)


def score(points: int) -> float:
    """Points as the score a student reads: weight x hours (or x days)."""
    return round(points / POINTS_PER_UNIT, 4)


@dataclass(frozen=True)
class Week:
    """What every wish's points are computed from: a schedule's week, computed once."""

    meetings: tuple[Meeting, ...]
    spans: dict[Day, Spans]  # each day's occupied time, merged and sorted; days with class only
    courses: Collection[str]
    options: tuple[Option, ...] = ()  # for what needs rooms, ids or parts of the term

    @classmethod
    def of(cls, schedule: Schedule) -> "Week":
        meetings = tuple(schedule.meetings)
        return cls(meetings, day_spans(meetings), frozenset(schedule.courses), schedule.options)


def day_spans(meetings: Iterable[Meeting]) -> dict[Day, Spans]:
    """Each day's occupied time as merged, sorted intervals."""
    spans: dict[Day, Spans] = {}
    for meeting in sorted(meetings, key=lambda m: (m.day.order, m.start)):
        merged = spans.setdefault(meeting.day, [])
        if merged and meeting.start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], meeting.end))
        else:
            merged.append((meeting.start, meeting.end))
    return spans


def idle_minutes(spans: Spans) -> int:
    """Minutes between classes on one day."""
    return sum(b[0] - a[1] for a, b in zip(spans, spans[1:], strict=False))


def has_lunch(spans: Spans, start: int, end: int, minutes: int) -> bool:
    """Is there a free stretch of `minutes` inside [start, end]?"""
    free_from = start
    for busy_start, busy_end in spans:
        if busy_end <= free_from:
            continue
        if min(busy_start, end) - free_from >= minutes:
            return True
        free_from = max(free_from, busy_end)
        if free_from >= end:
            return False
    return end - free_from >= minutes


@dataclass(frozen=True)
class Walk:
    """From one class to the next, back to back, between two places on the map."""

    day: Day
    at: int  # when the second class starts
    before: Option
    after: Option
    meters: float


def walks(options: Iterable[Option], within: float) -> list[Walk]:
    """Every walk between back-to-back meetings (the next starts 0 to `within` minutes after the
    last ends, on one day, in a part of the term both meet in) of options with known places."""
    placed = {o: o.place for o in options if o.place is not None}
    starts: dict[Day, list[tuple[int, int, Option]]] = defaultdict(list)
    for index, option in enumerate(placed):
        for m in option.meetings:
            starts[m.day].append((m.start, index, option))
    for found in starts.values():
        found.sort(key=lambda item: item[:2])
    result = []
    for before, here in placed.items():
        for m in before.meetings:
            following = starts[m.day]
            first = bisect.bisect_left(following, (m.end, -1))
            for start, _, after in following[first:]:
                if start > m.end + within:
                    break
                if after is not before and after.segments & before.segments:
                    meters = math.dist(here, placed[after])
                    result.append(Walk(m.day, start, before, after, meters))
    return result


@dataclass(frozen=True)
class WalkEnds:
    """Every walk from one place to another at one moment: the options with a meeting ending
    at that time and place (`before`), and those with one starting soon after at the other
    (`after`), on one day, in the same parts of the term. Options of one end clash with each
    other, so a schedule chooses at most one of each; an option at both ends is no walk."""

    before: tuple[Option, ...]
    after: tuple[Option, ...]
    meters: float

    @property
    def shared(self) -> tuple[Option, ...]:
        return tuple(o for o in self.before if o in self.after)


def walk_ends(options: Iterable[Option], within: float) -> list[WalkEnds]:
    """The walks of `walks`, gathered by their ends: far fewer than the pairs of options in a
    big catalog, where a hundred options end at one hour in one building."""
    ends: dict[tuple[Day, int, Point, frozenset[int]], list[Option]] = defaultdict(list)
    starts: dict[tuple[Day, int, Point, frozenset[int]], list[Option]] = defaultdict(list)
    for option in options:
        if option.place is not None:
            for m in option.meetings:
                ends[(m.day, m.end, option.place, option.segments)].append(option)
                starts[(m.day, m.start, option.place, option.segments)].append(option)
    following: dict[Day, list[tuple[int, Point, frozenset[int]]]] = defaultdict(list)
    for day, start, place, parts in starts:
        following[day].append((start, place, parts))
    for found in following.values():
        found.sort(key=lambda key: key[0])
    result = []
    for (day, end, here, parts), before in ends.items():
        later = following[day]
        first = bisect.bisect_left([start for start, _, _ in later], end)
        for start, there, other in later[first:]:
            if start > end + within:
                break
            if parts & other:
                after = starts[(day, start, there, other)]
                ends_here = WalkEnds(tuple(dict.fromkeys(before)), tuple(dict.fromkeys(after)),
                                     math.dist(here, there))  # fmt: skip
                if len(ends_here.shared) < max(len(ends_here.before), len(ends_here.after)):
                    result.append(ends_here)
    return result


def runs(options: Iterable[Option], within: float) -> dict[tuple[int, Day], list[int]]:
    """Each part of the term's days as runs of classes: minutes from a run's first start to its
    last end, where a class that starts at most `within` minutes after the last ends goes on.
    Parts of the term where the same options meet are computed once, under the first of them
    (a real term has dozens of parts; most schedules meet the same way in all of them)."""
    by_parts: dict[frozenset[int], list[Meeting]] = defaultdict(list)  # few: full, halves ...
    for option in options:
        by_parts[option.segments].extend(option.meetings)
    parts: dict[tuple[frozenset[int], ...], int] = {}
    for segment in sorted({segment for segments in by_parts for segment in segments}):
        parts.setdefault(tuple(s for s in by_parts if segment in s), segment)
    found: dict[tuple[int, Day], list[int]] = {}
    for meeting, segment in parts.items():
        for day, spans in day_spans(m for s in meeting for m in by_parts[s]).items():
            lengths: list[int] = []
            first, last = spans[0]
            for start, end in spans[1:]:
                if start - last > within:
                    lengths.append(last - first)
                    first = start
                last = end
            found[(segment, day)] = [*lengths, last - first]
    return found
