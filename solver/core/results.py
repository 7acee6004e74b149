"""What the solver hands to the views: schedules, ranked schedules, results, what-if outcomes.

Plain data with no solver behind it, so every view can import it without loading OR-Tools.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from solver.catalog.schema import Meeting, number_order
from solver.core.options import Option
from solver.core.rules import Rule

ScheduleKey = tuple[tuple[object, ...], tuple[object, ...]]
View = Literal["subjects", "sections"]  # a row per set of subjects, or per schedule


@dataclass(frozen=True)
class Schedule:
    """The chosen courses and, for each kind each has, the chosen option."""

    courses: tuple[str, ...]
    options: tuple[Option, ...]

    @classmethod
    def of(cls, courses: Iterable[str], options: Iterable[Option]) -> "Schedule":
        """A schedule in display order: subjects by number, each one's kinds lecture first."""
        return cls(
            tuple(sorted(courses, key=number_order)),
            tuple(sorted(options, key=lambda o: (number_order(o.course), o.kind.order))),
        )

    @property
    def meetings(self) -> list[Meeting]:
        return [m for o in self.options for m in o.meetings]

    @property
    def key(self) -> ScheduleKey:
        """The documented order among equal scores: subject numbers, then section order."""
        return (
            tuple(number_order(n) for n in self.courses),
            tuple(sorted((number_order(o.course), o.kind.order, o.rank) for o in self.options)),
        )


@dataclass(frozen=True)
class Equals:
    """The other arrangements of a row's subjects with the same score (by subjects)."""

    count: int
    capped: bool  # counting stopped early: there are at least `count`


@dataclass(frozen=True)
class Ranked:
    rank: int
    schedule: Schedule
    points: int
    optimal: bool  # False when the time limit cut the search before its place was proven
    equals: Equals | None = None  # by subjects: its equally good section choices


@dataclass(frozen=True)
class Outcome:
    """Schedules that fit under some set of rules: how many, and the best score."""

    count: int
    capped: bool  # True when there are more than `count` (the enumeration stopped at the cap)
    best: int | None  # points of the best schedule; None when none fits
    finished: bool = True  # False when the time limit stopped the count or the best score


@dataclass(frozen=True)
class Correction:
    """Rules to give up so that schedules fit, and what that buys."""

    drop: tuple[Rule, ...]
    outcome: Outcome


@dataclass(frozen=True)
class Result:
    schedules: tuple[Ranked, ...]
    conflict: tuple[Rule, ...] | None  # the rules that cannot all hold, when nothing fits
    solves: int
    complete: bool  # every requested rank was proven, or all schedules were listed
    by: View = "sections"
    corrections: tuple[Correction, ...] = ()  # when nothing fits: the fewest rules to give up
    instead: "Result | None" = None  # when nothing fits: the best under the first correction
    dropped: tuple[Rule, ...] = ()  # the student's rules these schedules break (`instead`)


@dataclass(frozen=True)
class WhatIf:
    now: Outcome
    without: tuple[tuple[Rule, Outcome], ...]  # each rule, and the outcome with it dropped
